import { createSandbox, type Sandbox } from '../../../sandbox';
import { client, request } from './helpers/http';

const SUBSCRIPTIONS = '/webhooks-api/v201907/subscriptions';
let offsetMs = 0;
const clock = { now: () => Date.now() + offsetMs };
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await createSandbox({ clock }).start();
});
afterAll(() => sandbox.stop());
afterEach(() => {
	offsetMs = 0;
});

function tokenRequest(body: string | Record<string, string>, headers: Record<string, string> = {}) {
	const form = typeof body === 'string' ? body : new URLSearchParams(body).toString();
	return request(`${sandbox.url}/identity/oauth/token`, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
}

describe('SmartRecruiters OAuth 2.0 token endpoint', () => {
	it('issues a bearer token for client credentials sent as a form, as JSON or as HTTP Basic', async () => {
		const form = await tokenRequest({ grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'sandbox-secret' });
		expect(form.status).toBe(200);
		expect(form.json).toEqual({ access_token: expect.stringMatching(/\S{20,}/), token_type: 'bearer', expires_in: 1800, scope: expect.stringContaining('webhooks_manage') });
		expect(form.headers['cache-control']).toBe('no-store');

		const asJson = await request(`${sandbox.url}/identity/oauth/token`, {
			body: { grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'sandbox-secret', scope: 'jobs_read' },
		});
		expect(asJson.json).toMatchObject({ token_type: 'bearer', scope: 'jobs_read' });

		const basic = await tokenRequest('grant_type=client_credentials', { authorization: `Basic ${Buffer.from('sandbox-client:sandbox-secret').toString('base64')}` });
		expect(basic.status).toBe(200);
	});

	it('refuses bad clients and grants with RFC 6749 errors', async () => {
		const wrongSecret = await tokenRequest({ grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'nope' });
		expect(wrongSecret.status).toBe(401);
		expect(wrongSecret.json.error).toBe('invalid_client');
		expect((await tokenRequest({ client_id: 'sandbox-client', client_secret: 'sandbox-secret' })).json.error).toBe('invalid_request');
		expect((await tokenRequest({ grant_type: 'password', client_id: 'sandbox-client', client_secret: 'sandbox-secret' })).json.error).toBe('unsupported_grant_type');
		expect((await tokenRequest({ grant_type: 'authorization_code', code: 'forged', client_id: 'sandbox-client', client_secret: 'sandbox-secret' })).json.error).toBe(
			'invalid_grant',
		);
	});

	it('runs the authorization-code flow that n8n OAuth2 credentials use, then refreshes', async () => {
		const redirectUri = 'http://localhost:5678/rest/oauth2-credential/callback';
		const allow = await request(
			`${sandbox.url}/identity/oauth/allow?client_id=sandbox-client&redirect_uri=${encodeURIComponent(redirectUri)}&scope=webhooks_manage%20jobs_read&state=xyz&response_type=code`,
		);
		expect(allow.status).toBe(302);
		const location = new URL(String(allow.headers.location));
		expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
		expect(location.searchParams.get('state')).toBe('xyz');
		const code = location.searchParams.get('code')!;

		const exchange = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: 'sandbox-client', client_secret: 'sandbox-secret' };
		const tokens = await tokenRequest(exchange);
		expect(tokens.json).toMatchObject({ token_type: 'bearer', scope: 'webhooks_manage jobs_read', refresh_token: expect.any(String) });
		expect((await tokenRequest(exchange)).json.error).toBe('invalid_grant');

		const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.json.refresh_token, client_id: 'sandbox-client', client_secret: 'sandbox-secret' });
		expect(refreshed.status).toBe(200);
		expect(refreshed.json.access_token).not.toBe(tokens.json.access_token);
		const reused = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.json.refresh_token, client_id: 'sandbox-client', client_secret: 'sandbox-secret' });
		expect(reused.json.error).toBe('invalid_grant');
		expect((await client(sandbox.url, { authorization: `Bearer ${refreshed.json.access_token}` })(SUBSCRIPTIONS)).status).toBe(200);

		const unknownClient = await request(`${sandbox.url}/identity/oauth/allow?client_id=other&redirect_uri=${encodeURIComponent(redirectUri)}`);
		expect(unknownClient.status).toBe(400);
	});
});

describe('every API route checks credentials like the real API', () => {
	it('401 JSON without credentials or with bad ones; 200 with a bearer token or the X-SmartToken key', async () => {
		const anonymous = await request(`${sandbox.url}${SUBSCRIPTIONS}`);
		expect(anonymous.status).toBe(401);
		expect(anonymous.json).toEqual({ message: expect.stringContaining('X-SmartToken'), errors: [{ code: 'UNAUTHORIZED', message: expect.any(String) }] });
		expect((await client(sandbox.url, { authorization: 'Bearer not-a-token' })(SUBSCRIPTIONS)).status).toBe(401);
		expect((await client(sandbox.url, { 'x-smarttoken': 'wrong' })(SUBSCRIPTIONS)).status).toBe(401);
		expect((await client(sandbox.url, { 'x-smarttoken': 'sandbox-api-key' })(SUBSCRIPTIONS)).status).toBe(200);
		expect((await request(`${sandbox.url}/jobs/5c4f7e2a-0d3b-4a8e-9f61-2b7d3c9e1a05`)).status).toBe(401);

		const token = (await tokenRequest({ grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'sandbox-secret' })).json.access_token;
		const api = client(sandbox.url, { authorization: `Bearer ${token}` });
		expect((await api(SUBSCRIPTIONS)).status).toBe(200);
		expect((await api('/jobs/5c4f7e2a-0d3b-4a8e-9f61-2b7d3c9e1a05')).status).toBe(200);
	});

	it('a token expires after expires_in seconds (sandbox clock)', async () => {
		const token = (await tokenRequest({ grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'sandbox-secret' })).json.access_token;
		const api = client(sandbox.url, { authorization: `Bearer ${token}` });
		offsetMs = 1799_000;
		expect((await api(SUBSCRIPTIONS)).status).toBe(200);
		offsetMs = 1801_000;
		const expired = await api(SUBSCRIPTIONS);
		expect(expired.status).toBe(401);
		expect(expired.json.message).toMatch(/expired/);
	});

	it('the Webhooks API needs the webhooks_manage scope', async () => {
		const token = (await tokenRequest({ grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'sandbox-secret', scope: 'jobs_read' })).json.access_token;
		const forbidden = await client(sandbox.url, { authorization: `Bearer ${token}` })(SUBSCRIPTIONS);
		expect(forbidden.status).toBe(403);
		expect(forbidden.json.message).toMatch(/webhooks_manage/);
	});
});
