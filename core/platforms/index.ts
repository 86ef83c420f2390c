/**
 * Every platform HireHooks knows. A new platform is one more folder under core/platforms and four
 * lines here (import, registry entry, payload types, export); PlatformId, the n8n package, the Zapier apps, the
 * sandbox, the tests and the benchmarks all take the list from this registry (docs/adding-a-platform.md).
 */
import type { AnyPlatformDefinition } from '../types';
import { type HrFlowEntityData, hrFlow } from './hrflow';
import { type PeopleForceEntityData, peopleForce } from './peopleforce';
import { type SignedWebhookEntityData, signedWebhook } from './signed-webhook';
import { type SmartRecruitersEntityData, smartRecruiters } from './smartrecruiters';
import { type TalentPoolsEntityData, talentPools } from './talentpools';

const registry = {
	talentpools: talentPools,
	hrflow: hrFlow,
	peopleforce: peopleForce,
	'signed-webhook': signedWebhook,
	smartrecruiters: smartRecruiters,
} satisfies Record<string, AnyPlatformDefinition>;

/** Each platform's definition with its own secrets types (SecretsOf, SignSecretsOf in core/types.ts). */
export type PlatformRegistry = typeof registry;

/** Each platform's event payloads by catalogue entity (its types.ts), for EntityDataOf in core/types.ts. */
export interface PlatformEntityData {
	talentpools: TalentPoolsEntityData;
	hrflow: HrFlowEntityData;
	peopleforce: PeopleForceEntityData;
	'signed-webhook': SignedWebhookEntityData;
	smartrecruiters: SmartRecruitersEntityData;
}

/** The id of a platform: a key of the registry, and its definition's `id`. */
export type PlatformId = keyof typeof registry;

export const platforms: PlatformRegistry = registry;

export const platformIds = Object.keys(platforms) as PlatformId[];

// Each platform's definition, secrets type and event payload types.
export * from './hrflow';
export * from './peopleforce';
export * from './signed-webhook';
export * from './smartrecruiters';
export * from './talentpools';
