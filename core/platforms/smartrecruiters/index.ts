import type { PlatformDefinition } from '../../types';
import { SECOND, MINUTE } from '../../retries';
import { smartRecruitersEntities, smartRecruitersEvents } from './events';
import { type SmartRecruitersSecrets, signSmartRecruitersDelivery, smartRecruitersHandshake, verifySmartRecruitersDelivery } from './signing';

export type { SmartRecruitersSecrets } from './signing';
/** The event payloads (`data`) of this platform's catalogue, as TypeScript types. */
export type * from './types';

export const smartRecruiters: PlatformDefinition<SmartRecruitersSecrets> = {
	id: 'smartrecruiters',
	displayName: 'SmartRecruiters',
	description: 'ATS events from SmartRecruiters (jobs, positions, candidates, applications, offers), subscribed and signed through its Webhooks API.',
	docsUrl: 'https://developers.smartrecruiters.com/docs/webhooks',
	// The signing key is fetched from the Webhooks API when subscribing; the user types no secret.
	secretFields: [],
	secretOptional: false,
	defaultToleranceSeconds: 300,
	// Bodies are thin id sets ("The id of the changed resource is provided in the body"), well under
	// 1 KB; 256 KiB is generous headroom.
	maxBodyBytes: 256 * 1024,
	subscription: {
		kind: 'api',
		steps: [
			'Nothing to paste: activating the workflow subscribes this URL through the SmartRecruiters Webhooks API, answers its X-Hook-Secret handshake and fetches a signing key.',
			'The credential needs the webhooks_manage scope (and jobs_read, candidates_read to resolve entities).',
		],
	},
	entities: smartRecruitersEntities,
	events: smartRecruitersEvents,
	successStatus: 202,
	// developers.smartrecruiters.com/docs/receiving-webhook-notifications: only 202 within 5 s counts;
	// "up to 10 times" after 1, 3, 10, 45, 120 min "... up to 1440 min after ninth failure". The
	// 6th-8th delays are not published: 240, 480, 720 min are our interpolation.
	retries: {
		maxAttempts: 11,
		delaysMs: [1, 3, 10, 45, 120, 240, 480, 720, 1440, 1440].map((minutes) => minutes * MINUTE),
		timeoutMs: 5 * SECOND,
		success: 202,
		source: 'https://developers.smartrecruiters.com/docs/receiving-webhook-notifications (6th-8th delays interpolated)',
	},
	sign: signSmartRecruitersDelivery,
	verify: verifySmartRecruitersDelivery,
	handshake: smartRecruitersHandshake,
};
