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
/** Read access to candidates (with status history), jobs, and the signed-in user for the connection test. */
export const SMARTRECRUITERS_SCOPES = 'candidates_read jobs_read users_read';
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

/** Every API request carries the connection's bearer token. */
export const addBearerToken: BeforeRequestMiddleware = (request, _z, bundle) => {
	const token = bundle.authData?.access_token;
	if (typeof token === 'string' && token !== '') {
		request.headers = { ...(request.headers ?? {}), Authorization: `Bearer ${token}` };
	}
	return request;
};
