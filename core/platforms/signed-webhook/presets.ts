/**
 * The senders the Signed Webhook Trigger knows by name, as data: where each puts its signature, what
 * it signs, where its timestamp and delivery id are, and where the user finds the secret. One generic
 * sign/verify pair (signing.ts) reads these; "custom" builds the same shape from the user's settings.
 */
import type { HmacAlgorithm } from '../../crypto';
import type { SignatureEncoding } from '../../schemes/body-hmac';

export type SignedWebhookPresetId = 'spatie' | 'github' | 'stripe' | 'slack' | 'shopify' | 'standard-webhooks' | 'custom';

export type TimestampFormat = 'unix' | 'unix-ms' | 'iso';

/** How the signature header holds its signature(s). */
export type SignatureLayout =
	/** One signature (after the prefix). */
	| { kind: 'single' }
	/** Several signatures separated by `separator`, each behind the prefix (rotation on the sender's side). */
	| { kind: 'list'; separator: string }
	/** `t=<timestamp>,v1=<sig>,v1=<sig>` pairs (Stripe): the timestamp comes from the header itself. */
	| { kind: 'pairs'; timestampKey: string; signatureKey: string };

/** An HMAC over a signed-content template: every preset except Standard Webhooks (which reuses core/schemes/svix.ts). */
export interface TemplateHmacScheme {
	kind: 'template-hmac';
	signatureHeader: string;
	algorithm: HmacAlgorithm;
	encoding: SignatureEncoding;
	prefix: string;
	layout: SignatureLayout;
	/** What is signed: `{body}`, `{timestamp}` and `{header:<name>}` around literal text (template.ts). */
	signedContent: string;
	/** Where the signed timestamp is, unless the layout carries it (pairs). */
	timestamp?: { header: string; format: TimestampFormat };
}

export interface StandardWebhooksScheme {
	kind: 'standard-webhooks';
}

export type SignedWebhookScheme = TemplateHmacScheme | StandardWebhooksScheme;

export interface SignedWebhookPreset {
	id: SignedWebhookPresetId;
	label: string;
	/** Fixed for named presets; built from the credential's settings for "custom". */
	scheme?: SignedWebhookScheme;
	/** A header whose value is the event name (GitHub X-GitHub-Event). */
	eventHeader?: string;
	/** Payload fields (dotted paths, one level deep) that name the event, first found wins. */
	eventFields?: string[];
	/** A header whose value identifies the delivery across the sender's retries. */
	idHeader?: string;
	/** Payload fields that identify the event across retries (Stripe `id`, Slack `event_id`). */
	idFields?: string[];
	/** The sender's setup steps, ending where the secret is found (docs, credential help). */
	setup: string[];
	docsUrl: string;
	/** Slack asks the URL to echo a signed challenge before it sends events. */
	challenge?: 'slack-url-verification';
}

/** Stripe, Slack and Standard Webhooks all refuse timestamps older than five minutes by default. */
export const SIGNED_TIMESTAMP_TOLERANCE_SECONDS = 300;

export const signedWebhookPresets: Record<SignedWebhookPresetId, SignedWebhookPreset> = {
	spatie: {
		id: 'spatie',
		label: 'Laravel / Spatie Webhook Server (X-Signature)',
		scheme: { kind: 'template-hmac', signatureHeader: 'X-Signature', algorithm: 'sha256', encoding: 'hex', prefix: '', layout: { kind: 'single' }, signedContent: '{body}' },
		docsUrl: 'https://github.com/spatie/laravel-webhook-server',
		setup: [
			'In the workspace, open "Webhooks" in the sidebar and click "Create Webhook".',
			'Paste the trigger URL into "Callback URL" and pick the same Method as the trigger (usually POST).',
			'Type a long random Secret on the form and the same one into the credential, choose the Events, and click "Create".',
		],
	},
	github: {
		id: 'github',
		label: 'GitHub (X-Hub-Signature-256)',
		// docs.github.com "Validating webhook deliveries": sha256= + hex HMAC-SHA256 of the body.
		scheme: {
			kind: 'template-hmac',
			signatureHeader: 'X-Hub-Signature-256',
			algorithm: 'sha256',
			encoding: 'hex',
			prefix: 'sha256=',
			layout: { kind: 'single' },
			signedContent: '{body}',
		},
		eventHeader: 'X-GitHub-Event',
		idHeader: 'X-GitHub-Delivery',
		docsUrl: 'https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries',
		setup: [
			'In the repository or organization, open Settings → Webhooks → "Add webhook".',
			'Paste the trigger URL into "Payload URL" and choose Content type "application/json".',
			'Type a long random string into "Secret" and the same one into the credential; GitHub never shows it again.',
			'Choose the events and click "Add webhook"; GitHub sends a "ping" event at once.',
		],
	},
	stripe: {
		id: 'stripe',
		label: 'Stripe (Stripe-Signature)',
		// docs.stripe.com/webhooks "Verify signatures manually": t=<unix>,v1=<hex HMAC-SHA256 of "t.body">, several v1 during rotation.
		scheme: {
			kind: 'template-hmac',
			signatureHeader: 'Stripe-Signature',
			algorithm: 'sha256',
			encoding: 'hex',
			prefix: '',
			layout: { kind: 'pairs', timestampKey: 't', signatureKey: 'v1' },
			signedContent: '{timestamp}.{body}',
		},
		eventFields: ['type'],
		idFields: ['id'],
		docsUrl: 'https://docs.stripe.com/webhooks#verify-events',
		setup: [
			'In the Stripe Dashboard, open Developers → Webhooks (Workbench) and click "Add destination" (or "Add endpoint").',
			'Choose the events, then "Webhook endpoint", and paste the trigger URL as the Endpoint URL.',
			'On the endpoint\'s page, reveal the "Signing secret" (whsec_...) and copy it into the credential.',
			'Rolling the secret keeps the old one valid for up to 24 hours: put it into Previous Secret meanwhile.',
		],
	},
	slack: {
		id: 'slack',
		label: 'Slack (X-Slack-Signature)',
		// api.slack.com/authentication/verifying-requests-from-slack: v0= + hex HMAC-SHA256 of "v0:<timestamp>:<body>".
		scheme: {
			kind: 'template-hmac',
			signatureHeader: 'X-Slack-Signature',
			algorithm: 'sha256',
			encoding: 'hex',
			prefix: 'v0=',
			layout: { kind: 'single' },
			signedContent: 'v0:{timestamp}:{body}',
			timestamp: { header: 'X-Slack-Request-Timestamp', format: 'unix' },
		},
		eventFields: ['event.type', 'type', 'command'],
		idFields: ['event_id', 'trigger_id'],
		challenge: 'slack-url-verification',
		docsUrl: 'https://api.slack.com/authentication/verifying-requests-from-slack',
		setup: [
			'At api.slack.com/apps, open your app; under "Basic Information" → "App Credentials", click "Show" next to "Signing Secret" and copy it into the credential.',
			'Activate the workflow, then under "Event Subscriptions" turn on Enable Events and paste the trigger URL as the Request URL: Slack sends a signed challenge, which the trigger answers, and shows "Verified".',
			'Subscribe to the bot or workspace events and save; slash commands and interactivity can use the same URL.',
		],
	},
	shopify: {
		id: 'shopify',
		label: 'Shopify (X-Shopify-Hmac-Sha256)',
		// shopify.dev "Verify webhooks": base64 HMAC-SHA256 of the raw body with the app's client secret.
		scheme: {
			kind: 'template-hmac',
			signatureHeader: 'X-Shopify-Hmac-Sha256',
			algorithm: 'sha256',
			encoding: 'base64',
			prefix: '',
			layout: { kind: 'single' },
			signedContent: '{body}',
		},
		eventHeader: 'X-Shopify-Topic',
		idHeader: 'X-Shopify-Webhook-Id',
		docsUrl: 'https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook-to-ensure-its-coming-from-shopify',
		setup: [
			'App subscriptions: in the Partner Dashboard or Dev Dashboard, open the app → Settings and copy the "Client secret" into the credential.',
			'Store-admin webhooks: in the Shopify admin, open Settings → Notifications → Webhooks, click "Create webhook", paste the trigger URL and choose JSON; copy the key shown under "Your webhooks will be signed with" into the credential.',
		],
	},
	'standard-webhooks': {
		id: 'standard-webhooks',
		label: 'Standard Webhooks / Svix (webhook-signature)',
		scheme: { kind: 'standard-webhooks' },
		eventFields: ['type', 'event'],
		docsUrl: 'https://www.standardwebhooks.com/',
		setup: [
			'In the sender\'s webhook portal (Svix App Portal or a Standard Webhooks sender), click "Add Endpoint" and paste the trigger URL.',
			'Open the endpoint and copy its "Signing Secret" (whsec_...) into the credential.',
			'After "Rotate", the old secret stays valid for 24 hours at the sender: keep it in Previous Secret until then.',
		],
	},
	custom: {
		id: 'custom',
		label: 'Custom (Your Own Settings)',
		docsUrl: 'https://github.com/hirehooks/n8n-nodes-hirehooks/blob/main/docs/signed-webhook-presets.md#custom',
		setup: [
			"Find in the sender's documentation which header carries the signature, what it signs (the body alone, or a timestamp and the body), the hash (SHA-256 mostly) and how the digest is written (hex or base64).",
			'Set those in the credential: Signature Header, Signed Content, Timestamp Header and Format when a timestamp is signed, Algorithm, Encoding, Prefix, and a Signature Separator when the header may carry several.',
		],
	},
};

export const signedWebhookPresetIds = Object.keys(signedWebhookPresets) as SignedWebhookPresetId[];
