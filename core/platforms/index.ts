/**
 * Every platform HireHooks knows. A new platform is one more folder under core/platforms and three
 * lines here (import, registry entry, export); PlatformId, the n8n package, the Zapier apps, the
 * sandbox, the tests and the benchmarks all take the list from this registry (docs/adding-a-platform.md).
 */
import type { PlatformDefinition } from '../types';
import { hrFlow } from './hrflow';
import { peopleForce } from './peopleforce';
import { signedWebhook } from './signed-webhook';
import { smartRecruiters } from './smartrecruiters';
import { talentPools } from './talentpools';

const registry = {
	talentpools: talentPools,
	hrflow: hrFlow,
	peopleforce: peopleForce,
	'signed-webhook': signedWebhook,
	smartrecruiters: smartRecruiters,
};

/** The id of a platform: a key of the registry, and its definition's `id`. */
export type PlatformId = keyof typeof registry;

// Each definition is typed by its own secrets; the registry only hands them on untouched.
export const platforms: Record<PlatformId, PlatformDefinition<never>> = registry;

export const platformIds = Object.keys(platforms) as PlatformId[];

// Each platform's definition, secrets type and event payload types.
export * from './hrflow';
export * from './peopleforce';
export * from './signed-webhook';
export * from './smartrecruiters';
export * from './talentpools';
