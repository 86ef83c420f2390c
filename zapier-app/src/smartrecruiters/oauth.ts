/**
 * SmartRecruiters OAuth 2.0 (authorization code, refreshable), as its Customer API documents it:
 * authorize at www.smartrecruiters.com/identity/oauth/allow, token at .../identity/oauth/token,
 * scopes separated by spaces, bearer token on api.smartrecruiters.com. The app's client id and secret
 * come from the integration's environment (`zapier env:set`), never from the code.
 */
import type { Authentication, BeforeRequestMiddleware } from 'zapier-platform-core';
import { SMARTRECRUITERS_API } from './api';

export const SMARTRECRUITERS_AUTHORIZE_URL = 'https://www.smartrecruiters.com/identity/oauth/allow';
export const SMARTRECRUITERS_TOKEN_URL = 'https://www.smartrecruiters.com/identity/oauth/token';
/**
 * Exactly the calls made: candidates and their status history (candidates_read), jobs (jobs_read), and
 * /users/me for the connection test, which the seed's own client requests as user_me_read.
 */
export const SMARTRECRUITERS_SCOPES = 'candidates_read jobs_read user_me_read';
export const SMARTRECRUITERS_ME_URL = `${SMARTRECRUITERS_API}/user-api/v201804/users/me`;

const tokenRequestHeaders = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };

export const smartRecruitersAuthentication: Authentication = {
	type: 'oauth2',
	oauth2Config: {
		authorizeUrl: {
			url: SMARTRECRUITERS_AUTHORIZE_URL,
			params: {
				client_id: '{{process.env.CLIENT_ID}}',
				redirect_uri: '{{bundle.inputData.redirect_uri}}',
				scope: SMARTRECRUITERS_SCOPES,
				state: '{{bundle.inputData.state}}',
			},
		},
		getAccessToken: {
			url: SMARTRECRUITERS_TOKEN_URL,
			method: 'POST',
			headers: tokenRequestHeaders,
			body: {
				grant_type: 'authorization_code',
				code: '{{bundle.inputData.code}}',
				client_id: '{{process.env.CLIENT_ID}}',
				client_secret: '{{process.env.CLIENT_SECRET}}',
				redirect_uri: '{{bundle.inputData.redirect_uri}}',
			},
		},
		refreshAccessToken: {
			url: SMARTRECRUITERS_TOKEN_URL,
			method: 'POST',
			headers: tokenRequestHeaders,
			body: {
				grant_type: 'refresh_token',
				refresh_token: '{{bundle.authData.refresh_token}}',
				client_id: '{{process.env.CLIENT_ID}}',
				client_secret: '{{process.env.CLIENT_SECRET}}',
			},
		},
		scope: SMARTRECRUITERS_SCOPES,
		autoRefresh: true,
	},
	fields: [],
	test: { url: SMARTRECRUITERS_ME_URL, method: 'GET' },
	connectionLabel: '{{bundle.inputData.firstName}} {{bundle.inputData.lastName}} ({{bundle.inputData.email}})',
};

/**
 * The API key way most customers connect their own tools: an API key from SmartRecruiters' Admin →
 * Apps & Integrations → API key, sent as X-SmartToken on every request. A key carries the access of
 * its admin-set permissions, so no scopes are asked for.
 */
export const smartRecruitersApiKeyAuthentication: Authentication = {
	type: 'custom',
	fields: [
		{
			key: 'apiKey',
			label: 'API Key',
			type: 'password',
			required: true,
			helpText:
				'A SmartRecruiters API key (Settings → Admin → Apps & Integrations → API key), with read access to candidates, jobs and your user. Sent as the X-SmartToken header.',
		},
	],
	test: { url: SMARTRECRUITERS_ME_URL, method: 'GET' },
	connectionLabel: '{{bundle.inputData.firstName}} {{bundle.inputData.lastName}} ({{bundle.inputData.email}})',
};

/** Every API request carries the connection's API key. */
export const addSmartToken: BeforeRequestMiddleware = (request, _z, bundle) => {
	const key = bundle.authData?.apiKey;
	if (typeof key === 'string' && key.trim() !== '') {
		request.headers = { ...(request.headers ?? {}), 'X-SmartToken': key.trim() };
	}
	return request;
};

/** Every API request carries the connection's bearer token. */
export const addBearerToken: BeforeRequestMiddleware = (request, _z, bundle) => {
	const token = bundle.authData?.access_token;
	if (typeof token === 'string' && token !== '') {
		request.headers = { ...(request.headers ?? {}), Authorization: `Bearer ${token}` };
	}
	return request;
};
