import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { SMARTRECRUITERS_DEFAULT_BASE_URL } from '../core/platforms/smartrecruiters/api';

/** A SmartRecruiters API key (X-SmartToken) with webhook permissions. */
export class SmartRecruitersApi implements ICredentialType {
	name = 'smartRecruitersApi';

	displayName = 'SmartRecruiters API';

	icon: Icon = { light: 'file:../nodes/SmartRecruitersTrigger/smartRecruiters.svg', dark: 'file:../nodes/SmartRecruitersTrigger/smartRecruiters.dark.svg' };

	documentationUrl = 'https://developers.smartrecruiters.com/docs/webhooks';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A SmartRecruiters API key (Settings → Apps & Integrations → API key), sent as X-SmartToken',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: SMARTRECRUITERS_DEFAULT_BASE_URL,
			description: 'The SmartRecruiters API address; change it only for a test double',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-SmartToken': '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/webhooks-api/v201907/subscriptions',
			qs: { limit: 1 },
		},
	};
}
