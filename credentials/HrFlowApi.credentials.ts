import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { hrFlow } from '../core/platforms';
import { secretFieldProperties } from '../nodes/shared/credentials';

/**
 * The webhook secret key that verifies HrFlow.ai deliveries, plus optional API access (key and
 * user email) for "Resolve Full Entity". The test calls HrFlow.ai's key check, so it needs the key.
 */
export class HrFlowApi implements ICredentialType {
	name = 'hrFlowApi';

	displayName = 'HrFlow.ai API';

	icon: Icon = { light: 'file:../nodes/HrFlowTrigger/hrFlow.svg', dark: 'file:../nodes/HrFlowTrigger/hrFlow.dark.svg' };

	documentationUrl = 'https://developers.hrflow.ai/docs/webhooks';

	properties: INodeProperties[] = [
		...secretFieldProperties(hrFlow),
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'An HrFlow.ai API secret key (Settings → API → Keys), read permission is enough. Only needed to resolve profiles and jobs, and for this test.',
		},
		{
			displayName: 'User Email',
			name: 'userEmail',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'The email of the HrFlow.ai account the API key belongs to (sent as X-USER-EMAIL)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.hrflow.ai',
			description: 'The HrFlow.ai API address; change it only for a test double',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-API-KEY': '={{$credentials.apiKey}}',
				'X-USER-EMAIL': '={{$credentials.userEmail}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/v1/auth',
		},
	};
}
