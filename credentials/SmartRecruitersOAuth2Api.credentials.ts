import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { SMARTRECRUITERS_DEFAULT_BASE_URL, SMARTRECRUITERS_OAUTH2_SCOPES } from '../core/platforms/smartrecruiters/api';

/**
 * SmartRecruiters OAuth2. Scopes: webhooks_manage to subscribe; jobs_read, candidates_read and
 * approvals_read to resolve what notifications point at (SmartRecruiters' own webhooks client asks
 * for the same set).
 */
export class SmartRecruitersOAuth2Api implements ICredentialType {
	name = 'smartRecruitersOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'SmartRecruiters OAuth2 API';

	icon: Icon = { light: 'file:../nodes/SmartRecruitersTrigger/smartRecruiters.svg', dark: 'file:../nodes/SmartRecruitersTrigger/smartRecruiters.dark.svg' };

	documentationUrl = 'https://developers.smartrecruiters.com/docs/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{ name: 'Authorization Code', value: 'authorizationCode' },
				{ name: 'Client Credentials', value: 'clientCredentials' },
			],
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'string',
			default: 'https://www.smartrecruiters.com/identity/oauth/allow',
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: 'https://www.smartrecruiters.com/identity/oauth/token',
			required: true,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: SMARTRECRUITERS_OAUTH2_SCOPES.join(' '),
			description: 'Space-separated scopes; webhooks_manage is required, the others let the trigger resolve entities',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: SMARTRECRUITERS_DEFAULT_BASE_URL,
			description: 'The SmartRecruiters API address; change it only for a test double',
		},
	];
}
