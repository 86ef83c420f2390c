import type { PlatformDefinition } from '../../types';
import { SECOND, MINUTE } from '../../retries';
import { peopleForceEntities, peopleForceEvents } from './events';
import { type PeopleForceSecrets, parsePeopleForceDelivery, signPeopleForceDelivery, verifyPeopleForceDelivery } from './signing';

export type { PeopleForceSecrets } from './signing';
/** The event payloads (`data`) of this platform's catalogue, as TypeScript types. */
export type * from './types';

export const peopleForce: PlatformDefinition<PeopleForceSecrets, Partial<PeopleForceSecrets>> = {
	id: 'peopleforce',
	displayName: 'PeopleForce',
	description: 'HRIS events from PeopleForce: employees, positions, salaries, leave requests and applicants.',
	docsUrl: 'https://developer.peopleforce.io/docs/starting-with-webhooks',
	secretFields: [
		{
			key: 'secret',
			label: 'Webhook Secret',
			description:
				'The Secret you set on the PeopleForce webhook (Settings → Webhooks). PeopleForce makes it optional; without it nothing proves a delivery came from PeopleForce.',
			required: false,
			secret: true,
			// Typed on each webhook (Settings → Webhooks), so each receiving URL may have its own.
			scope: 'endpoint',
			refusedAs: ['signature_mismatch', 'missing_header'],
			rotatable: true,
		},
	],
	secretOptional: true,
	// One entity per delivery (an employee with its custom fields, a leave request): kilobytes; 1 MiB
	// leaves room for entities with long custom fields or many assignments.
	maxBodyBytes: 1024 * 1024,
	subscription: {
		kind: 'manual',
		steps: [
			'In PeopleForce, go to Settings → Webhooks → "Add new webhook".',
			'Name it, and paste this URL into the "Payload URL" field.',
			'Type a long random string into "Secret" and the same one into the credential.',
			'Choose the Topics this trigger listens to and save.',
		],
	},
	entities: peopleForceEntities,
	events: peopleForceEvents,
	successStatus: 200,
	// PeopleForce documents neither retries nor a timeout: one attempt, 10 s. A larger maxAttempts on a
	// sandbox endpoint retries every minute (a sandbox choice, not a platform fact).
	retries: { maxAttempts: 1, delaysMs: [MINUTE], timeoutMs: 10 * SECOND, success: 'any-2xx', source: 'not documented by PeopleForce' },
	sign: signPeopleForceDelivery,
	verify: verifyPeopleForceDelivery,
	parseUnverified: parsePeopleForceDelivery,
};
