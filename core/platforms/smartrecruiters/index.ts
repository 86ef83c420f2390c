import type { PlatformDefinition } from '../../types';
import { smartRecruitersEntities, smartRecruitersEvents } from './events';
import { type SmartRecruitersSecrets, signSmartRecruitersDelivery, smartRecruitersHandshake, verifySmartRecruitersDelivery } from './signing';

export type { SmartRecruitersSecrets } from './signing';

export const smartRecruiters: PlatformDefinition<SmartRecruitersSecrets> = {
	id: 'smartrecruiters',
	displayName: 'SmartRecruiters',
	description: 'ATS events from SmartRecruiters (jobs, positions, candidates, applications, offers), subscribed and signed through its Webhooks API.',
	docsUrl: 'https://developers.smartrecruiters.com/docs/webhooks',
	// The signing key is fetched from the Webhooks API when subscribing; the user types no secret.
	secretFields: [],
	secretOptional: false,
	defaultToleranceSeconds: 300,
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
	sign: signSmartRecruitersDelivery,
	verify: verifySmartRecruitersDelivery,
	handshake: smartRecruitersHandshake,
};
