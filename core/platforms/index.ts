/**
 * Every platform HireHooks knows. A sixth platform is one more folder under core/platforms and
 * one more line here; the n8n nodes, Zapier apps and the sandbox pick it up from this list.
 */
import type { PlatformDefinition, PlatformId } from '../types';
import { hrFlow } from './hrflow';
import { peopleForce } from './peopleforce';
import { signedWebhook } from './signed-webhook';
import { smartRecruiters } from './smartrecruiters';
import { talentPools } from './talentpools';

// Each definition is typed by its own secrets; the registry only hands them on untouched.
export const platforms: Record<PlatformId, PlatformDefinition<never>> = {
	talentpools: talentPools,
	hrflow: hrFlow,
	peopleforce: peopleForce,
	'signed-webhook': signedWebhook,
	smartrecruiters: smartRecruiters,
};

export const platformIds = Object.keys(platforms) as PlatformId[];

export { hrFlow, peopleForce, signedWebhook, smartRecruiters, talentPools };
