import type { PlatformDefinition } from '../../types';
import { talentPoolsEntities, talentPoolsEvents } from './events';
import { TALENTPOOLS_RETRIES } from './retries';
import { type TalentPoolsSecrets, signTalentPoolsDelivery, verifyTalentPoolsDelivery } from './signing';

export type { TalentPoolsSecrets } from './signing';
/** The event payloads (`data`) of this platform's catalogue, as TypeScript types. */
export type * from './types';
export { TALENTPOOLS_DEFAULT_EVENT_TOLERANCE_SECONDS, TALENTPOOLS_STRICT_EVENT_TOLERANCE_SECONDS } from './signing';

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
			// Svix issues one per endpoint, so every receiving URL has its own.
			scope: 'endpoint',
			prefix: 'whsec_',
			refusedAs: ['signature_mismatch', 'invalid_secret'],
			rotatable: true,
		},
		{
			key: 'encryptionKey',
			label: 'Encryption Key',
			description: 'The webhook Secret Key of your TalentPools dashboard that encrypts every message (not the whsec_ signing secret).',
			required: true,
			secret: true,
			// One dashboard Secret Key encrypts the messages of every endpoint (seed, "Create a new secret key").
			scope: 'account',
			refusedAs: ['decryption_failed'],
			rotatable: true,
		},
	],
	secretOptional: false,
	defaultToleranceSeconds: 300,
	// Svix accepts message payloads up to 1 MiB (docs.svix.com, "Create Message"); the body is that
	// payload as JSON ({"message": "<hex>"}), so 2 MiB leaves room for its serialisation.
	maxBodyBytes: 2 * 1024 * 1024,
	subscription: {
		kind: 'manual',
		steps: [
			'In the TalentPools admin dashboard, open the "Webhooks" tab and click "Add Endpoint".',
			'Paste this URL into the "Endpoint URL" field.',
			'Under "Message Filtering", select the events this trigger listens to, then click "Create".',
			"Copy the endpoint's Signing Secret (whsec_...) and your dashboard's Secret Key into the credential.",
			'To test: open the endpoint\'s "Testing" tab, pick an event and click "Send Example".',
		],
	},
	entities: talentPoolsEntities,
	events: talentPoolsEvents,
	successStatus: 200,
	retries: TALENTPOOLS_RETRIES,
	sign: signTalentPoolsDelivery,
	verify: verifyTalentPoolsDelivery,
};
