import {
	SMARTRECRUITERS_ACTIVATION_TIMEOUT_MS,
	SMARTRECRUITERS_REQUEST_TIMEOUT_MS,
	type SmartRecruitersApiRequest,
	type SmartRecruitersApiResponse,
	SmartRecruitersApiError,
	createSmartRecruitersWebhooksClient,
	isTransientSmartRecruitersError,
} from '../../../core/platforms/smartrecruiters/api';

function recorder(answers: Array<SmartRecruitersApiResponse | Error>) {
	const requests: SmartRecruitersApiRequest[] = [];
	const request = async (r: SmartRecruitersApiRequest) => {
		requests.push(r);
		const next = answers.shift();
		if (next === undefined) throw new Error('no more answers');
		if (next instanceof Error) throw next;
		return next;
	};
	return { requests, request };
}

describe('SmartRecruiters Webhooks API client (core, n8n-independent)', () => {
	it('defaults to the public API and builds every endpoint under /webhooks-api/v201907', async () => {
		const { requests, request } = recorder([
			{ statusCode: 201, body: { id: 's1', callbackUrl: 'https://x/h', events: [{ name: 'job.created', version: '1' }], status: 'inactive' } },
			{ statusCode: 204 },
			{ statusCode: 201, body: { secretKey: 'k1' } },
			{ statusCode: 200, body: { secretKey: 'k1' } },
			{ statusCode: 200, body: { id: 's1', events: ['job.created'], status: 'active' } },
			{ statusCode: 204 },
		]);
		const client = createSmartRecruitersWebhooksClient({ request });
		expect(await client.createSubscription({ callbackUrl: 'https://x/h', events: ['job.created'] })).toEqual({
			id: 's1',
			callbackUrl: 'https://x/h',
			events: ['job.created'],
			status: 'inactive',
		});
		await client.activateSubscription('s1');
		expect(await client.generateSecretKey('s1')).toBe('k1');
		expect(await client.getSecretKey('s1')).toBe('k1');
		expect(await client.getSubscription('s1')).toMatchObject({ id: 's1', events: ['job.created'], status: 'active' });
		expect(await client.deleteSubscription('s1')).toBe(true);
		expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
			'POST https://api.smartrecruiters.com/webhooks-api/v201907/subscriptions',
			'PUT https://api.smartrecruiters.com/webhooks-api/v201907/subscriptions/s1/activation',
			'POST https://api.smartrecruiters.com/webhooks-api/v201907/subscriptions/s1/secret-key',
			'GET https://api.smartrecruiters.com/webhooks-api/v201907/subscriptions/s1/secret-key',
			'GET https://api.smartrecruiters.com/webhooks-api/v201907/subscriptions/s1',
			'DELETE https://api.smartrecruiters.com/webhooks-api/v201907/subscriptions/s1',
		]);
		expect(requests[0].body).toEqual({ callbackUrl: 'https://x/h', events: ['job.created'] });
	});

	it('reads 404 as "gone" for get and delete', async () => {
		const { request } = recorder([{ statusCode: 404 }, { statusCode: 404 }, { statusCode: 404 }]);
		const client = createSmartRecruitersWebhooksClient({ request, baseUrl: 'http://127.0.0.1:7/' });
		expect(await client.getSubscription('gone')).toBeUndefined();
		expect(await client.deleteSubscription('gone')).toBe(false);
		expect(await client.getSecretKey('gone')).toBeUndefined();
	});

	it('follows nextPageId when listing, with a page limit', async () => {
		const { requests, request } = recorder([
			{ statusCode: 200, body: { content: [{ id: 'a', events: [] }], nextPageId: 'p2' } },
			{ statusCode: 200, body: { content: [{ id: 'b', events: ['x'] }] } },
		]);
		const list = await createSmartRecruitersWebhooksClient({ request, baseUrl: 'http://127.0.0.1:7' }).listSubscriptions({ limit: 1 });
		expect(list.map((s) => s.id)).toEqual(['a', 'b']);
		expect(requests.map((r) => r.qs)).toEqual([{ limit: 1 }, { limit: 1, page_id: 'p2' }]);
	});

	it('throws typed errors carrying the status, the API message and a hint', async () => {
		const { request } = recorder([
			{ statusCode: 400, body: { message: 'Callback failed' } },
			{ statusCode: 401, body: { errors: [{ code: 'x', message: 'Invalid token' }] } },
			new Error('connect ECONNREFUSED 127.0.0.1:7'),
		]);
		const client = createSmartRecruitersWebhooksClient({ request, baseUrl: 'http://127.0.0.1:7' });
		const activation = (await client.activateSubscription('s1').catch((e: unknown) => e)) as SmartRecruitersApiError;
		expect(activation).toBeInstanceOf(SmartRecruitersApiError);
		expect(activation).toMatchObject({ operation: 'activateSubscription', status: 400, apiMessage: 'Callback failed' });
		expect(activation.message).toMatch(/X-Hook-Secret.*20 seconds/);
		const denied = (await client.listSubscriptions().catch((e: unknown) => e)) as SmartRecruitersApiError;
		expect(denied).toMatchObject({ status: 401, apiMessage: 'Invalid token' });
		const offline = (await client.getSubscription('s1').catch((e: unknown) => e)) as SmartRecruitersApiError;
		expect(offline).toMatchObject({ status: undefined, operation: 'getSubscription' });
		expect(offline.message).toMatch(/did not answer.*ECONNREFUSED/);
	});

	it('resolves links on the configured origin only', async () => {
		const { requests, request } = recorder([{ statusCode: 200, body: { id: 'c1' } }]);
		const client = createSmartRecruitersWebhooksClient({ request, baseUrl: 'http://127.0.0.1:7' });
		expect(await client.resolveLink('http://127.0.0.1:7/candidates-api/v1/candidates/c1')).toEqual({ id: 'c1' });
		await expect(client.resolveLink('https://api.smartrecruiters.com.evil.example/x')).rejects.toThrow(/not fetched/);
		await expect(client.resolveLink('not a url')).rejects.toThrow(/not a URL/);
		expect(requests).toHaveLength(1);
	});

	it('refuses an unusable base URL or subscription id up front', () => {
		const request = async () => ({ statusCode: 200 });
		expect(() => createSmartRecruitersWebhooksClient({ request, baseUrl: 'ftp://x' })).toThrow(/http/);
		expect(() => createSmartRecruitersWebhooksClient({ request, baseUrl: 'nope' })).toThrow(/not a URL/);
		return expect(createSmartRecruitersWebhooksClient({ request }).getSubscription('')).rejects.toThrow(/id is required/);
	});

	it('gives every request a timeout: the activation one outlasts the 20 s handshake', async () => {
		const { requests, request } = recorder([{ statusCode: 200, body: { content: [] } }, { statusCode: 204 }]);
		const client = createSmartRecruitersWebhooksClient({ request });
		await client.listSubscriptions();
		await client.activateSubscription('s1');
		expect(requests.map((r) => r.timeoutMs)).toEqual([SMARTRECRUITERS_REQUEST_TIMEOUT_MS, SMARTRECRUITERS_ACTIVATION_TIMEOUT_MS]);
		expect(SMARTRECRUITERS_ACTIVATION_TIMEOUT_MS).toBeGreaterThan(20_000);
		const custom = recorder([{ statusCode: 204 }]);
		await createSmartRecruitersWebhooksClient({ request: custom.request, timeoutsMs: { request: 1234 } }).deleteSubscription('s1');
		expect(custom.requests[0].timeoutMs).toBe(1234);
	});

	it("retries transient failures (no answer, 5xx, 429) of repeatable calls with the policy's waits, never a 4xx or a POST /subscriptions", async () => {
		const waits: number[] = [];
		const retry = { delaysMs: [10, 20], sleep: async (ms: number) => void waits.push(ms) };
		const { requests, request } = recorder([
			new Error('socket hang up'),
			{ statusCode: 503 },
			{ statusCode: 204 },
			{ statusCode: 429 },
			{ statusCode: 500 },
			{ statusCode: 502 },
			{ statusCode: 404 },
			{ statusCode: 500 },
		]);
		const client = createSmartRecruitersWebhooksClient({ request, retry });
		expect(await client.deleteSubscription('s1')).toBe(true);
		expect(waits).toEqual([10, 20]);
		const spent = (await client.getSubscription('s1').catch((e: unknown) => e)) as SmartRecruitersApiError;
		expect(spent).toMatchObject({ status: 502, operation: 'getSubscription' });
		expect(await client.getSubscription('s1')).toBeUndefined(); // a 404 is an answer
		const create = (await client.createSubscription({ callbackUrl: 'https://x/h', events: ['job.created'] }).catch((e: unknown) => e)) as SmartRecruitersApiError;
		expect(create).toMatchObject({ status: 500, operation: 'createSubscription' });
		expect(requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE', 'DELETE', 'GET', 'GET', 'GET', 'GET', 'POST']);
		expect(waits).toEqual([10, 20, 10, 20]);
		expect([undefined, 500, 503, 408, 429].map((status) => isTransientSmartRecruitersError(new SmartRecruitersApiError('getSubscription', status, 'x')))).toEqual([
			true,
			true,
			true,
			true,
			true,
		]);
		expect([400, 401, 403, 404, 422].map((status) => isTransientSmartRecruitersError(new SmartRecruitersApiError('getSubscription', status, 'x')))).toEqual([
			false,
			false,
			false,
			false,
			false,
		]);
		expect(isTransientSmartRecruitersError(new Error('not an API error'))).toBe(false);
	});
});
