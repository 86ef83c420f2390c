import type { EntityDefinition, EventDefinition } from '../../types';
import type { SignedWebhookEntityData, SignedWebhookPayload } from './types';

/*
 * A generic signed sender (X-Signature = hex HMAC-SHA256 of the body) delivers whatever payload the
 * workspace chose, so the catalogue has one catch-all event. The event name a delivery reports is
 * taken from the payload's `event`, `type` or `action` field when present (first one wins), and
 * falls back to `webhook`; every name passes through, none is "unknown" in a useful sense.
 */

// Keyed by the payload types' entities, so that every entity has one (types.ts).
export const signedWebhookEntities: Record<keyof SignedWebhookEntityData, EntityDefinition> = {
	payload: { noun: 'Webhook Payload', description: 'The JSON body a workspace sent, as it sent it.' },
};

const signedWebhookSample: SignedWebhookPayload = {
	event: 'candidate.hired',
	occurred_at: '2025-03-18T14:05:32+00:00',
	data: {
		candidate: {
			id: 5821,
			name: 'Priya Raman',
			email: 'priya.raman@example.com',
		},
		job: {
			id: 377,
			title: 'Customer Success Manager',
			department: 'Customer Success',
		},
		hired_by: 'Marco Bianchi',
		start_date: '2025-04-07',
	},
};

export const signedWebhookEvents: EventDefinition[] = [
	{
		name: 'webhook',
		label: 'Signed Webhook Received',
		description: 'Sent when the workspace delivers any event this webhook listens to.',
		entity: 'payload',
		schema: {
			type: 'object',
			title: 'Webhook Payload',
			description: "The workspace's JSON payload, passed through unchanged.",
			additionalProperties: true,
		},
		sample: signedWebhookSample,
	},
];
