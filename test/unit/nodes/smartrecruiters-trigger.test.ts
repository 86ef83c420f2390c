import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import { signDelivery } from '../../../core';
import { smartRecruiters } from '../../../core/platforms';
import { SmartRecruitersApi } from '../../../credentials/SmartRecruitersApi.credentials';
import { SmartRecruitersOAuth2Api } from '../../../credentials/SmartRecruitersOAuth2Api.credentials';
import { SmartRecruitersTrigger } from '../../../nodes/SmartRecruitersTrigger/SmartRecruitersTrigger.node';
import { FakeSmartRecruiters, SR_BASE_URL } from './fake-smartrecruiters';
import { type HarnessOptions, PRODUCTION_URL, TEST_URL, expectNoSecretLeak, hookContext, receive } from './harness';

// Retries wait through n8n's sleep; here it returns at once and records the waits.
jest.mock('n8n-workflow', () => ({ ...jest.requireActual('n8n-workflow'), sleep: jest.fn(async () => undefined) }));
const waits = sleep as jest.MockedFunction<typeof sleep>;
beforeEach(() => waits.mockClear());

const apiKey = 'sr-api-key-3b9d1f0e7c';
const node = new SmartRecruitersTrigger();
const methods = node.webhookMethods.default;

function setup(parameters: Record<string, unknown> = {}) {
	const api = new FakeSmartRecruiters();
	const staticData: IDataObject = {};
	const options = (extra: Partial<HarnessOptions> = {}): HarnessOptions => ({
		parameters: { authentication: 'apiKey', events: ['application.created', 'candidate.updated'], options: {}, ...parameters },
		credentials: { smartRecruitersApi: { apiKey, baseUrl: SR_BASE_URL }, smartRecruitersOAuth2Api: { baseUrl: SR_BASE_URL, clientSecret: 'oauth-client-secret-77' } },
		server: api.server,
		staticData,
		webhookUrl: PRODUCTION_URL,
		...extra,
	});
	const handshakes: Array<{ status?: number; workflowData: unknown }> = [];
	// SmartRecruiters calls the callback URL during activation; n8n has the webhook registered by then.
	api.handshake = async (callbackUrl, token) => {
		const { response, result } = await receive(node, { headers: { 'X-Hook-Secret': token }, body: '' }, options({ webhookUrl: callbackUrl, staticData: { ...staticData } }));
		handshakes.push({ status: response.statusCode, workflowData: result.workflowData });
		return { status: response.statusCode ?? 0, echoed: response.headers['x-hook-secret'] };
	};
	return { api, staticData, options, handshakes };
}

let sequence = 0;
function notification(secret: string, event = 'application.created', extra: { link?: string; data?: IDataObject; at?: Date } = {}) {
	return signDelivery(
		'smartrecruiters',
		{
			event,
			id: `evt-${++sequence}`,
			data: extra.data ?? { jobId: 'job-1', candidateId: `cand-${sequence}` },
			meta: { version: 'v201910', link: extra.link ?? `${SR_BASE_URL}/jobs-api/v1/jobs/job-1/candidates/cand-${sequence}` },
		},
		{ secret },
		{ now: extra.at },
	);
}

describe('SmartRecruiters Trigger: create', () => {
	it('subscribes the production URL, answers the handshake during activation, fetches a key, stores it', async () => {
		const { api, staticData, options, handshakes } = setup();
		const { context, harness } = hookContext(options());
		expect(await methods.checkExists.call(context)).toBe(false);
		expect(api.calls).toEqual([]);
		expect(await methods.create.call(context)).toBe(true);

		// GET: no leftover of this URL before subscribing, none (but this one) after.
		expect(api.calls).toEqual(['GET ', 'POST ', 'PUT /sub-1/activation', 'POST /sub-1/secret-key', 'GET ']);
		expect(harness.requests[1]).toMatchObject({
			credentialType: 'smartRecruitersApi',
			body: { callbackUrl: PRODUCTION_URL, events: ['application.created', 'candidate.updated'] },
		});
		expect(handshakes).toEqual([{ status: 200, workflowData: undefined }]);
		const subscription = api.subscriptions.get('sub-1')!;
		expect(subscription.status).toBe('active');
		expect(staticData).toEqual({ subscriptionId: 'sub-1', secretKey: subscription.secretKeys[0], webhookUrl: PRODUCTION_URL });
		expect(await methods.checkExists.call(context)).toBe(true);
		expectNoSecretLeak([apiKey, subscription.secretKeys[0]], harness.logs);
	});

	it('subscribes to the whole catalogue for "*", plus other event names', async () => {
		const { api, options } = setup({ events: ['*'], options: { otherEvents: 'review.created' } });
		await methods.create.call(hookContext(options()).context);
		const events = api.subscriptions.get('sub-1')!.events;
		expect(events).toEqual([...smartRecruiters.events.map((e) => e.name), 'review.created']);
	});

	it('uses the OAuth2 credential when selected', async () => {
		const { options } = setup({ authentication: 'oAuth2' });
		const { context, harness } = hookContext(options());
		await methods.create.call(context);
		expect(new Set(harness.requests.map((r) => r.credentialType))).toEqual(new Set(['smartRecruitersOAuth2Api']));
	});

	it('fails with a clear NodeApiError and leaves nothing behind when the URL does not answer the handshake', async () => {
		const { api, staticData, options } = setup();
		api.handshake = async () => ({ status: 404 }); // the webhook is not live (yet)
		const { context, harness } = hookContext(options());
		const error = await methods.create.call(context).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toMatch(/activating the webhook subscription \(HTTP 400\).*X-Hook-Secret/);
		expect((error as NodeApiError).httpCode).toBe('400');
		expect(api.calls).toEqual(['GET ', 'POST ', 'PUT /sub-1/activation', 'DELETE /sub-1', 'GET ']);
		expect(waits).not.toHaveBeenCalled(); // a refused handshake is an answer, not a blip
		expect(api.subscriptions.size).toBe(0);
		expect(staticData).toEqual({});
		expectNoSecretLeak([apiKey], harness.logs, (error as Error).message);
	});

	it('deletes the new subscription when the secret key cannot be generated', async () => {
		const { api, staticData, options } = setup();
		for (let i = 0; i < 3; i++) api.failures.push({ route: /^POST \/sub-1\/secret-key$/, status: 500 });
		const error = await methods.create.call(hookContext(options()).context).catch((e: unknown) => e);
		expect((error as NodeApiError).message).toMatch(/generating the subscription secret key \(HTTP 500\)/);
		expect(api.calls.filter((c) => c === 'POST /sub-1/secret-key')).toHaveLength(3);
		expect(api.subscriptions.size).toBe(0);
		expect(staticData.subscriptionId).toBeUndefined();
	});

	it.each([
		[500, /creating the webhook subscription \(HTTP 500\).*server error/],
		[401, /HTTP 401.*X-SmartToken/],
		[403, /HTTP 403.*webhooks_manage/],
	])('turns a %i from POST /subscriptions (every time) into a NodeApiError', async (status, message) => {
		const { api, options } = setup();
		for (let i = 0; i < 3; i++) api.failures.push({ route: /^POST $/, status });
		const error = await methods.create.call(hookContext(options()).context).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toMatch(message);
		expect((error as NodeApiError).httpCode).toBe(String(status));
		// A 5xx is tried three times (looking for a late-created leftover before each retry), a 4xx once.
		expect(api.calls.filter((c) => c === 'POST ')).toHaveLength(status >= 500 ? 3 : 1);
		expect(api.subscriptions.size).toBe(0);
	});

	it('survives transient failures of every step: a lost answer, 5xx and 429, retried with backoff', async () => {
		const { api, staticData, options } = setup();
		api.failures.push({ route: /^POST $/, status: 502 }, { route: /^PUT \/sub-1\/activation$/, status: 503 }, { route: /^POST \/sub-1\/secret-key$/, status: 429 });
		const { context, harness } = hookContext(options());
		expect(await methods.create.call(context)).toBe(true);
		expect(api.calls).toEqual(['GET ', 'POST ', 'GET ', 'POST ', 'PUT /sub-1/activation', 'PUT /sub-1/activation', 'POST /sub-1/secret-key', 'POST /sub-1/secret-key', 'GET ']);
		expect(waits.mock.calls).toEqual([[500], [500], [500]]);
		expect(staticData.subscriptionId).toBe('sub-1');
		expect(harness.logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
			'SmartRecruiters createSubscription failed (HTTP 502); retry 1 in 500 ms',
			'SmartRecruiters activateSubscription failed (HTTP 503); retry 1 in 500 ms',
			'SmartRecruiters generateSecretKey failed (HTTP 429); retry 1 in 500 ms',
		]);
		expectNoSecretLeak([apiKey], harness.logs);
	});

	it('removes a subscription a timed-out POST created late, and every other leftover of its URL', async () => {
		const { api, staticData, options } = setup();
		// The first POST is carried out but its answer is lost (n8n's request times out).
		api.lostAnswers.push(/^POST $/);
		// A leftover of this URL from an earlier, interrupted activation, and another URL's subscription.
		api.subscriptions.set('old-1', { id: 'old-1', callbackUrl: PRODUCTION_URL, events: ['job.created'], status: 'active', secretKeys: [] });
		api.subscriptions.set('other', { id: 'other', callbackUrl: TEST_URL, events: ['job.created'], status: 'active', secretKeys: [] });
		const { context, harness } = hookContext(options());
		expect(await methods.create.call(context)).toBe(true);
		expect(api.calls).toEqual(['GET ', 'DELETE /old-1', 'POST ', 'GET ', 'DELETE /sub-1', 'POST ', 'PUT /sub-2/activation', 'POST /sub-2/secret-key', 'GET ']);
		expect([...api.subscriptions.keys()].sort()).toEqual(['other', 'sub-2']);
		expect(staticData.subscriptionId).toBe('sub-2');
		expect(harness.logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
			'SmartRecruiters subscription old-1 (active) for this webhook URL was left over; deleted it',
			expect.stringMatching(/^SmartRecruiters createSubscription failed \(no answer\); retry 1 in 500 ms$/),
			'SmartRecruiters subscription sub-1 (inactive) for this webhook URL was left over; deleted it',
		]);
	});

	it('keeps the id of a subscription it could not remove after a failed activation, for the clean-up delete', async () => {
		const { api, staticData, options } = setup();
		api.handshake = async () => ({ status: 404 });
		for (let i = 0; i < 3; i++) api.failures.push({ route: /^DELETE \/sub-1$/, status: 500 });
		const { context, harness } = hookContext(options());
		await expect(methods.create.call(context)).rejects.toThrow(/activating the webhook subscription \(HTTP 400\)/);
		expect(staticData).toEqual({ subscriptionId: 'sub-1', webhookUrl: PRODUCTION_URL });
		expect(harness.logs.some((l) => l.level === 'error' && l.message.includes('sub-1 could not be removed'))).toBe(true);
		// n8n calls `delete` when `create` failed; this time SmartRecruiters answers.
		expect(await methods.delete.call(hookContext(options()).context)).toBe(true);
		expect(api.subscriptions.size).toBe(0);
		expect(staticData).toEqual({});
	});

	it('replaces a half-finished subscription of the same URL instead of orphaning it', async () => {
		const { api, staticData, options } = setup();
		await methods.create.call(hookContext(options()).context);
		api.subscriptions.get('sub-1')!.status = 'inactive';
		const { context } = hookContext(options());
		expect(await methods.checkExists.call(context)).toBe(false);
		await methods.create.call(context);
		expect([...api.subscriptions.keys()]).toEqual(['sub-2']);
		expect(staticData.subscriptionId).toBe('sub-2');
	});
});

describe('SmartRecruiters Trigger: checkExists and delete', () => {
	it('checks the stored id only: 200 exists, 404 gone (and forgotten)', async () => {
		const { api, staticData, options } = setup();
		await methods.create.call(hookContext(options()).context);
		const { context, harness } = hookContext(options());
		const before = api.calls.length;
		expect(await methods.checkExists.call(context)).toBe(true);
		expect(harness.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${SR_BASE_URL}/webhooks-api/v201907/subscriptions/sub-1`]);
		api.subscriptions.clear();
		expect(await methods.checkExists.call(context)).toBe(false);
		expect(staticData.subscriptionId).toBeUndefined();
		expect(api.calls.slice(before)).toEqual(['GET /sub-1', 'GET /sub-1']); // never lists subscriptions
	});

	it('raises a NodeApiError when the check itself fails', async () => {
		const { api, options } = setup();
		await methods.create.call(hookContext(options()).context);
		for (let i = 0; i < 3; i++) api.failures.push({ route: /^GET \/sub-1$/, status: 503 });
		await expect(methods.checkExists.call(hookContext(options()).context)).rejects.toThrow(/reading the webhook subscription \(HTTP 503\)/);
		expect(waits.mock.calls).toEqual([[500], [2000]]);
	});

	it('deletes the subscription, and tolerates one that is already gone', async () => {
		const { api, staticData, options } = setup();
		await methods.create.call(hookContext(options()).context);
		expect(await methods.delete.call(hookContext(options()).context)).toBe(true);
		expect(api.subscriptions.size).toBe(0);
		expect(staticData).toEqual({});

		await methods.create.call(hookContext(options()).context);
		api.subscriptions.clear();
		const { context, harness } = hookContext(options());
		expect(await methods.delete.call(context)).toBe(true);
		expect(staticData).toEqual({});
		expect(harness.logs.some((l) => l.message.includes('already gone'))).toBe(true);
	});

	it('keeps the stored id and reports a NodeApiError when DELETE fails', async () => {
		const { api, staticData, options } = setup();
		await methods.create.call(hookContext(options()).context);
		for (let i = 0; i < 3; i++) api.failures.push({ route: /^DELETE \/sub-1$/, status: 500 });
		await expect(methods.delete.call(hookContext(options()).context)).rejects.toBeInstanceOf(NodeApiError);
		expect(staticData.subscriptionId).toBe('sub-1');
		// The next activation of the same URL removes it before subscribing again.
		await methods.create.call(hookContext(options()).context);
		expect([...api.subscriptions.keys()]).toEqual(['sub-2']);
	});

	it('never lets the test URL and the production URL share (or delete) a subscription', async () => {
		const { api, staticData, options } = setup();
		await methods.create.call(hookContext(options()).context);

		// "Listen for test event": n8n hands the node a copy of the static data and the test URL.
		const testData: IDataObject = JSON.parse(JSON.stringify(staticData));
		const test = hookContext(options({ webhookUrl: TEST_URL, staticData: testData, mode: 'manual' }));
		expect(await methods.checkExists.call(test.context)).toBe(false);
		expect(test.harness.requests).toHaveLength(0);
		await methods.create.call(test.context);
		expect(api.subscriptions.get('sub-2')!.callbackUrl).toBe(TEST_URL);
		expect(testData.webhookUrl).toBe(TEST_URL);
		await methods.delete.call(test.context);
		expect([...api.subscriptions.keys()]).toEqual(['sub-1']);

		// A test-mode delete that still holds the production subscription leaves it alone.
		const stale = hookContext(options({ webhookUrl: TEST_URL, staticData: JSON.parse(JSON.stringify(staticData)) }));
		expect(await methods.delete.call(stale.context)).toBe(true);
		expect(stale.harness.requests).toHaveLength(0);
		expect(api.subscriptions.get('sub-1')!.status).toBe('active');
		expect(staticData.subscriptionId).toBe('sub-1');
	});
});

describe('SmartRecruiters Trigger: receiving', () => {
	async function activated(parameters: Record<string, unknown> = {}) {
		const setupResult = setup(parameters);
		await methods.create.call(hookContext(setupResult.options()).context);
		return { ...setupResult, secretKey: setupResult.staticData.secretKey as string };
	}

	it('answers 202 and emits the notification with its link and version', async () => {
		const { options, secretKey } = await activated();
		const request = notification(secretKey);
		const { response, items, harness } = await receive(node, request, options());
		expect([response.statusCode, response.body]).toEqual([202, '']);
		expect(items).toEqual([
			expect.objectContaining({
				event: 'application.created',
				id: request.headers['event-id'],
				platform: 'smartrecruiters',
				entity: 'application',
				known: true,
				jobId: 'job-1',
				candidateId: expect.stringMatching(/^cand-/),
				meta: expect.objectContaining({ version: 'v201910', link: expect.stringContaining('/jobs-api/v1/jobs/job-1/candidates/'), signedAt: expect.any(String) }),
			}),
		]);
		expectNoSecretLeak([apiKey, secretKey, 'oauth-client-secret-77'], items, response, harness.logs);
	});

	it("renames a job notification's id to jobId, keeping id for the event id", async () => {
		const { options, secretKey } = await activated({ events: ['*'] });
		const request = notification(secretKey, 'job.created', { data: { id: 'job-9' } });
		const { items } = await receive(node, request, options());
		expect(items[0]).toMatchObject({ id: request.headers['event-id'], entity: 'job', jobId: 'job-9' });
	});

	it('answers the X-Hook-Secret handshake with 200, the same header, no run and no static-data write', async () => {
		const { options, staticData } = await activated();
		const before = JSON.stringify(staticData);
		const { response, result } = await receive(node, { headers: { 'x-hook-secret': '4jn8fs9011jj8' }, body: '' }, options());
		expect([response.statusCode, response.headers['x-hook-secret'], result.workflowData]).toEqual([200, '4jn8fs9011jj8', undefined]);
		expect(JSON.stringify(staticData)).toBe(before);
	});

	it.each([
		['signature_mismatch', 401, (key: string) => notification(key + 'x')],
		['timestamp_out_of_tolerance', 401, (key: string) => notification(key, 'application.created', { at: new Date(Date.now() - 3_600_000) })],
		[
			'missing_header',
			401,
			(key: string) => {
				const d = notification(key);
				const { 'smartrecruiters-signature': _removed, ...headers } = d.headers;
				return { ...d, headers };
			},
		],
		['malformed_header', 401, (key: string) => ({ ...notification(key), headers: { ...notification(key).headers, 'smartrecruiters-signature': 'v2=abc' } })],
	])('rejects %s with %i and no run', async (code, status, make) => {
		const { options, secretKey } = await activated();
		const { response, result, harness } = await receive(node, make(secretKey), options());
		expect([response.statusCode, response.body, result.workflowData]).toEqual([status, code, undefined]);
		expectNoSecretLeak([secretKey, apiKey], response, harness.logs);
	});

	it('refuses with 500 missing_secret before the subscription has a key', async () => {
		const { options } = setup();
		const { response, result } = await receive(node, notification('whatever'), options());
		expect([response.statusCode, response.body, result.workflowData]).toEqual([500, 'missing_secret', undefined]);
	});

	it('acknowledges unselected events (202, no run) and drops redeliveries of an event id', async () => {
		const { options, secretKey } = await activated();
		const other = await receive(node, notification(secretKey, 'job.created', { data: { id: 'j' } }), options());
		expect([other.response.statusCode, other.result.workflowData]).toEqual([202, undefined]);
		const request = notification(secretKey);
		expect((await receive(node, request, options())).items).toHaveLength(1);
		const again = await receive(node, request, options());
		expect([again.response.statusCode, again.result.workflowData]).toEqual([202, undefined]);
	});

	it('resolves the full entity from the link with the credential, after answering', async () => {
		const { api, options, secretKey } = await activated({ options: { resolveEntity: true } });
		const link = `${SR_BASE_URL}/candidates-api/v1/candidates/c-42`;
		api.entities.set(link, { id: 'c-42', firstName: 'Ada', lastName: 'Lovelace' });
		const { items, response, harness } = await receive(node, notification(secretKey, 'candidate.updated', { link, data: { id: 'c-42' } }), options());
		expect(response.statusCode).toBe(202);
		expect(items[0]).toMatchObject({ candidateId: 'c-42', resolved: { firstName: 'Ada', lastName: 'Lovelace' } });
		expect(harness.requests.map((r) => [r.credentialType, r.method, r.url])).toEqual([['smartRecruitersApi', 'GET', link]]);
	});

	it('does not send the credential to a link outside the configured API', async () => {
		const { options, secretKey } = await activated({ options: { resolveEntity: true } });
		const { items, harness } = await receive(node, notification(secretKey, 'application.created', { link: 'https://evil.example.com/steal' }), options());
		expect(items[0].resolveError).toMatch(/not fetched/);
		expect(harness.requests).toHaveLength(0);
	});
});

describe('SmartRecruiters credentials', () => {
	it('asks SmartRecruiters OAuth2 for the webhook and entity scopes, on its own URLs', () => {
		const oauth = new SmartRecruitersOAuth2Api();
		expect(oauth.extends).toEqual(['oAuth2Api']);
		const value = (name: string) => oauth.properties.find((p) => p.name === name)!.default;
		expect(value('authUrl')).toBe('https://www.smartrecruiters.com/identity/oauth/allow');
		expect(value('accessTokenUrl')).toBe('https://www.smartrecruiters.com/identity/oauth/token');
		expect(String(value('scope')).split(' ')).toEqual(expect.arrayContaining(['webhooks_manage', 'jobs_read', 'candidates_read']));
		const apiKey = new SmartRecruitersApi();
		expect(apiKey.authenticate).toEqual({ type: 'generic', properties: { headers: { 'X-SmartToken': '={{$credentials.apiKey}}' } } });
		expect(apiKey.test?.request).toMatchObject({ url: '/webhooks-api/v201907/subscriptions' });
	});
});
