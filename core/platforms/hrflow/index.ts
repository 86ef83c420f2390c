import type { PlatformDefinition } from '../../types';
import { SECOND, MINUTE } from '../../retries';
import { hrFlowEntities, hrFlowEvents } from './events';
import { type HrFlowSecrets, signHrFlowDelivery, verifyHrFlowDelivery } from './signing';

export type { HrFlowSecrets } from './signing';
/** The event payloads (`data`) of this platform's catalogue, as TypeScript types. */
export type * from './types';

export const hrFlow: PlatformDefinition<HrFlowSecrets> = {
	id: 'hrflow',
	displayName: 'HrFlow.ai',
	description: 'Profile and job events from HrFlow.ai parsing, storing, searching and scoring, HMAC-signed.',
	docsUrl: 'https://developers.hrflow.ai/docs/webhooks',
	secretFields: [
		{
			key: 'secret',
			label: 'Webhook Secret Key',
			description: 'The WEBHOOK SECRET KEY of your HrFlow.ai workspace (starts with "wsk_").',
			required: true,
			secret: true,
			// One key per workspace signs every webhook the workspace sends.
			scope: 'account',
			prefix: 'wsk_',
			refusedAs: ['signature_mismatch'],
			rotatable: true,
		},
	],
	secretOptional: false,
	// Profile and job objects can carry a parsed CV (text, sections, skills) and come batched; 8 MiB
	// holds several MB-sized profiles. Its compact-JSON signature makes each byte cost a parse, so
	// the cap matters more here than anywhere.
	maxBodyBytes: 8 * 1024 * 1024,
	subscription: {
		kind: 'manual',
		steps: [
			'In HrFlow.ai, go to Connections → Connectors Marketplace → Webhook and click "Install".',
			'In the Webhook settings, pick an event type and a recognisable webhook name.',
			'Paste this URL as the Webhook URL and click "Save" ("Check" sends a test event first).',
			'Click "Add more webhooks" for each further event type this trigger listens to.',
		],
	},
	entities: hrFlowEntities,
	events: hrFlowEvents,
	successStatus: 200,
	// HrFlow.ai documents neither retries nor a timeout: one attempt, 10 s. A larger maxAttempts on a
	// sandbox endpoint retries every minute (a sandbox choice, not a platform fact).
	retries: { maxAttempts: 1, delaysMs: [MINUTE], timeoutMs: 10 * SECOND, success: 'any-2xx', source: 'not documented by HrFlow.ai' },
	sign: signHrFlowDelivery,
	verify: verifyHrFlowDelivery,
};
