import type { PlatformDefinition } from '../../types';
import { SECOND } from '../../retries';
import { signedWebhookEntities, signedWebhookEvents } from './events';
import { signedWebhookPresetIds, signedWebhookPresets } from './presets';
import { type SignedWebhookSecrets, parseSignedWebhookDelivery, signSignedWebhookDelivery, signedWebhookVerifiedHandshake, verifySignedWebhookDelivery } from './signing';

export type { SignedWebhookSecrets } from './signing';
/** The event payloads (`data`) of this platform's catalogue, as TypeScript types. */
export type * from './types';
export { signedWebhookPresets, signedWebhookPresetIds, type SignedWebhookPreset, type SignedWebhookPresetId } from './presets';

const CUSTOM_ONLY = { key: 'preset', values: ['custom'] };

export const signedWebhook: PlatformDefinition<SignedWebhookSecrets, Partial<SignedWebhookSecrets>> = {
	id: 'signed-webhook',
	displayName: 'Signed Webhook',
	description:
		'Any sender that signs its webhooks with an HMAC: Laravel/Spatie X-Signature, GitHub, Stripe, Slack, Shopify and Standard Webhooks presets, or your own header, signed content and timestamp.',
	docsUrl: 'https://github.com/spatie/laravel-webhook-server',
	secretFields: [
		{
			key: 'preset',
			label: 'Sender',
			description: 'Who sends the webhooks: each named sender has its own signature format. Custom takes the settings below.',
			required: false,
			secret: false,
			default: 'spatie',
			options: signedWebhookPresetIds.map((id) => ({ value: id, label: signedWebhookPresets[id].label })),
			// How the sending software signs: the same for all its webhooks.
			scope: 'account',
		},
		{
			key: 'secret',
			label: 'Secret',
			description:
				"The webhook's signing secret on the sending side (the docs of each sender say where to find it). Optional for Laravel-style senders; without it nothing proves who sent a delivery.",
			required: false,
			secret: true,
			// Typed on each webhook of the sender's form, so each receiving URL may have its own.
			scope: 'endpoint',
			refusedAs: ['signature_mismatch', 'missing_header'],
			rotatable: true,
		},
		{
			key: 'header',
			label: 'Signature Header',
			description: 'The header that carries the signature, e.g. X-Signature.',
			required: false,
			secret: false,
			default: 'X-Signature',
			// How the sending software signs: the same for all its webhooks.
			scope: 'account',
			refusedAs: ['missing_header', 'invalid_secret'],
			shownWhen: CUSTOM_ONLY,
		},
		{
			key: 'signedContent',
			label: 'Signed Content',
			description:
				'What the sender signs: {body} is the raw body, {timestamp} the Timestamp Header, {header:name} any other header. E.g. {body}, {timestamp}.{body}, v0:{timestamp}:{body}.',
			required: false,
			secret: false,
			default: '{body}',
			shownWhen: CUSTOM_ONLY,
			scope: 'account',
		},
		{
			key: 'timestampHeader',
			label: 'Timestamp Header',
			description: "The header with the signed time, when the sender signs one; deliveries outside the trigger's window are refused. Empty: no timestamp.",
			required: false,
			secret: false,
			default: '',
			shownWhen: CUSTOM_ONLY,
			scope: 'account',
		},
		{
			key: 'timestampFormat',
			label: 'Timestamp Format',
			description: 'How the Timestamp Header writes the time.',
			required: false,
			secret: false,
			default: 'unix',
			options: [
				{ value: 'unix', label: 'Unix Seconds' },
				{ value: 'unix-ms', label: 'Unix Milliseconds' },
				{ value: 'iso', label: 'ISO-8601' },
			],
			shownWhen: CUSTOM_ONLY,
			scope: 'account',
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
			shownWhen: CUSTOM_ONLY,
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
			shownWhen: CUSTOM_ONLY,
		},
		{
			key: 'prefix',
			label: 'Prefix',
			description: 'Text before each digest, e.g. "sha256=". Empty for none.',
			required: false,
			secret: false,
			default: '',
			scope: 'account',
			refusedAs: ['malformed_header'],
			shownWhen: CUSTOM_ONLY,
		},
		{
			key: 'signatureSeparator',
			label: 'Signature Separator',
			description: 'When the header may carry several signatures (the sender rotating its key), what separates them.',
			required: false,
			secret: false,
			default: 'none',
			options: [
				{ value: 'none', label: 'One Signature' },
				{ value: 'space', label: 'Space' },
				{ value: 'comma', label: 'Comma' },
				{ value: 'semicolon', label: 'Semicolon' },
			],
			shownWhen: CUSTOM_ONLY,
			scope: 'account',
		},
		{
			key: 'idHeader',
			label: 'Delivery ID Header',
			description: 'A header that stays the same when the sender retries a delivery (e.g. X-Request-Id): redeliveries are recognised by it. Empty: by the body.',
			required: false,
			secret: false,
			default: '',
			shownWhen: CUSTOM_ONLY,
			scope: 'account',
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
			'Another sender (GitHub, Stripe, Slack, Shopify, Standard Webhooks, your own): pick it as Sender in the credential; docs/signed-webhook-presets.md has its steps.',
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
	verifiedHandshake: signedWebhookVerifiedHandshake,
};
