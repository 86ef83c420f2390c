import type { PlatformDefinition } from '../../types';
import { SECOND } from '../../retries';
import { signedWebhookEntities, signedWebhookEvents } from './events';
import { type SignedWebhookSecrets, parseSignedWebhookDelivery, signSignedWebhookDelivery, verifySignedWebhookDelivery } from './signing';

export type { SignedWebhookSecrets } from './signing';
/** The event payloads (`data`) of this platform's catalogue, as TypeScript types. */
export type * from './types';

export const signedWebhook: PlatformDefinition<SignedWebhookSecrets> = {
	id: 'signed-webhook',
	displayName: 'Signed Webhook',
	description: 'Any sender that signs the raw body with an HMAC in a header: Laravel webhook-server style X-Signature, GitHub-style X-Hub-Signature-256, and the like.',
	docsUrl: 'https://github.com/spatie/laravel-webhook-server',
	secretFields: [
		{
			key: 'secret',
			label: 'Secret',
			description: 'The Secret of the webhook on the sending side. Optional there; without it nothing proves who sent a delivery.',
			required: false,
			secret: true,
			// Typed on each webhook of the sender's form, so each receiving URL may have its own.
			scope: 'endpoint',
			refusedAs: ['signature_mismatch', 'missing_header'],
		},
		{
			key: 'header',
			label: 'Signature Header',
			description: 'The header that carries the signature, e.g. X-Signature, or X-Hub-Signature-256 for GitHub.',
			required: false,
			secret: false,
			default: 'X-Signature',
			// How the sending software signs: the same for all its webhooks.
			scope: 'account',
			refusedAs: ['missing_header', 'invalid_secret'],
		},
		{
			key: 'algorithm',
			label: 'Algorithm',
			description: 'The HMAC hash function.',
			required: false,
			secret: false,
			default: 'sha256',
			scope: 'account',
			refusedAs: ['malformed_header', 'signature_mismatch'],
			options: [
				{ value: 'sha1', label: 'HMAC-SHA1' },
				{ value: 'sha256', label: 'HMAC-SHA256' },
				{ value: 'sha512', label: 'HMAC-SHA512' },
			],
		},
		{
			key: 'encoding',
			label: 'Encoding',
			description: 'How the digest is written in the header.',
			required: false,
			secret: false,
			default: 'hex',
			scope: 'account',
			refusedAs: ['malformed_header'],
			options: [
				{ value: 'hex', label: 'Hex' },
				{ value: 'base64', label: 'Base64' },
			],
		},
		{
			key: 'prefix',
			label: 'Prefix',
			description: 'Text before the digest, e.g. "sha256=" for GitHub. Empty for X-Signature.',
			required: false,
			secret: false,
			default: '',
			scope: 'account',
			refusedAs: ['malformed_header'],
		},
	],
	secretOptional: true,
	// Any sender, any payload: n8n's own default request limit (N8N_PAYLOAD_SIZE_MAX, 16 MiB), so the
	// library refuses nothing n8n would have accepted.
	maxBodyBytes: 16 * 1024 * 1024,
	subscription: {
		kind: 'manual',
		steps: [
			'In your workspace, open "Webhooks" in the sidebar and click "Create Webhook".',
			'Paste this URL into "Callback URL", and pick the same Method as this trigger (usually POST).',
			'Choose the Content-Type (application/json), Max attempts, and tick Status to activate it.',
			'Type the same Secret as in the credential, choose the Events, and click "Create".',
		],
	},
	entities: signedWebhookEntities,
	events: signedWebhookEvents,
	catchAllEvent: 'webhook',
	successStatus: 200,
	// spatie/laravel-webhook-server defaults: tries 3, timeout 3 s, ExponentialBackoffStrategy
	// waits 10^attempt seconds; the seed's "Max attempts" field overrides the tries.
	retries: {
		maxAttempts: 3,
		delaysMs: Array.from({ length: 10 }, (_, index) => 10 ** (index + 1) * SECOND),
		timeoutMs: 3 * SECOND,
		success: 'any-2xx',
		source: 'https://github.com/spatie/laravel-webhook-server (config/webhook-server.php, ExponentialBackoffStrategy)',
	},
	sign: signSignedWebhookDelivery,
	verify: verifySignedWebhookDelivery,
	parseUnverified: parseSignedWebhookDelivery,
};
