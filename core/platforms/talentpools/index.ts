import type { PlatformDefinition } from '../../types';
import { SECOND, MINUTE, HOUR } from '../../retries';
import { talentPoolsEntities, talentPoolsEvents } from './events';
import { type TalentPoolsSecrets, signTalentPoolsDelivery, verifyTalentPoolsDelivery } from './signing';

export type { TalentPoolsSecrets } from './signing';

export const talentPools: PlatformDefinition<TalentPoolsSecrets> = {
	id: 'talentpools',
	displayName: 'TalentPools',
	description: 'Freelance marketplace events (freelancers, customers, jobs, applications), Svix-signed and AES-256-CTR encrypted.',
	docsUrl: 'https://talentpools.io/knowledge-base/webhooks',
	secretFields: [
		{
			key: 'signingSecret',
			label: 'Signing Secret',
			description: 'The endpoint\'s signing secret, starting with "whsec_" (Webhooks tab → your endpoint → Signing Secret, bottom right).',
			required: true,
			secret: true,
			rotatable: true,
		},
		{
			key: 'encryptionKey',
			label: 'Encryption Key',
			description: 'The webhook Secret Key of your TalentPools dashboard that encrypts every message (not the whsec_ signing secret).',
			required: true,
			secret: true,
			rotatable: true,
		},
	],
	secretOptional: false,
	defaultToleranceSeconds: 300,
	subscription: {
		kind: 'manual',
		steps: [
			'In the TalentPools admin dashboard, open the "Webhooks" tab and click "Add Endpoint".',
			'Paste this URL into the "Endpoint URL" field.',
			'Under "Message Filtering", select the events this trigger listens to, then click "Create".',
			'Copy the endpoint\'s Signing Secret (whsec_...) and your dashboard\'s Secret Key into the credential.',
			'To test: open the endpoint\'s "Testing" tab, pick an event and click "Send Example".',
		],
	},
	entities: talentPoolsEntities,
	events: talentPoolsEvents,
	successStatus: 200,
	// TalentPools sends through Svix (docs.svix.com/retries): immediately, then 5 s, 5 min, 30 min,
	// 2 h, 5 h, 10 h, 10 h; any 2xx within 15 s.
	retries: {
		maxAttempts: 8,
		delaysMs: [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
		timeoutMs: 15 * SECOND,
		success: 'any-2xx',
		source: 'https://docs.svix.com/retries',
	},
	sign: signTalentPoolsDelivery,
	verify: verifyTalentPoolsDelivery,
};
