import { platformIds, platforms } from '../../../core';
import { createSandbox, type Sandbox } from '../../../sandbox';
import { usage } from '../../../sandbox/cli';
import { client, request } from './helpers/http';
import { startReceiver, type Receiver } from './helpers/receiver';

const SUBSCRIPTIONS = '/webhooks-api/v201907/subscriptions';
let sandbox: Sandbox;
let receiver: Receiver;
let admin: ReturnType<typeof client>;
let api: ReturnType<typeof client>;

beforeAll(async () => {
	receiver = await startReceiver(() => ({ status: 200 }));
	sandbox = await createSandbox({ retrySchedule: { scale: 0.0001 } }).start();
	admin = client(sandbox.url);
	api = client(sandbox.url, { 'x-smarttoken': 'sandbox-api-key' });
});
afterAll(async () => {
	await sandbox.stop();
	await receiver.close();
});
afterEach(() => admin('/_sandbox/faults', { method: 'DELETE' }));

const newSubscription = () => api(SUBSCRIPTIONS, { body: { callbackUrl: `${receiver.url}/sr`, events: [{ name: 'job.created' }] } });

describe('fault injection', () => {
	it('the next N calls of a route answer 5xx, then the route works again', async () => {
		const fault = await admin('/_sandbox/faults', { body: { route: 'subscriptions.create', status: 503, times: 2 } });
		expect(fault.status).toBe(201);
		expect(fault.json).toMatchObject({ routeName: 'subscriptions.create', remaining: 2, status: 503 });
		expect((await newSubscription()).status).toBe(503);
		const second = await newSubscription();
		expect(second.status).toBe(503);
		expect(second.json.errors[0].code).toBe('SANDBOX_FAULT');
		expect((await newSubscription()).status).toBe(201);
		expect((await admin('/_sandbox/faults')).json.faults).toEqual([]);
	});

	it('a delay makes a client time out; the route still runs afterwards (a slow platform)', async () => {
		const id = (await newSubscription()).json.id;
		await admin('/_sandbox/faults', { body: { route: `DELETE ${SUBSCRIPTIONS}/{id}`, delayMs: 400 } });
		await expect(api(`${SUBSCRIPTIONS}/${id}`, { method: 'DELETE', timeoutMs: 100 })).rejects.toThrow(/timeout/);
		// The delayed call went on and deleted it, as a slow real platform would have.
		await new Promise((resolve) => setTimeout(resolve, 450));
		expect((await api(`${SUBSCRIPTIONS}/${id}`)).status).toBe(404);
	});

	it('a delay with a status answers late with that status; reset drops the connection', async () => {
		const id = (await newSubscription()).json.id;
		await admin('/_sandbox/faults', { body: { route: 'subscriptions.activate', delayMs: 50, status: 502, body: { message: 'Bad gateway' } } });
		const started = Date.now();
		const late = await api(`${SUBSCRIPTIONS}/${id}/activation`, { method: 'PUT' });
		expect(late.status).toBe(502);
		expect(late.json).toEqual({ message: 'Bad gateway' });
		expect(Date.now() - started).toBeGreaterThanOrEqual(45);
		expect((await api(`${SUBSCRIPTIONS}/${id}`)).json.status).toBe('inactive');

		await admin('/_sandbox/faults', { body: { route: 'subscriptions.activate', reset: true } });
		await expect(api(`${SUBSCRIPTIONS}/${id}/activation`, { method: 'PUT' })).rejects.toThrow(/socket hang up|ECONNRESET/);
	});

	it('refuses unknown routes and faults on its own control routes', async () => {
		expect((await admin('/_sandbox/faults', { body: { route: 'subscriptions.nope', status: 500 } })).json.error).toMatch(/GET \/_sandbox\/routes/);
		expect((await admin('/_sandbox/faults', { body: { route: 'sandbox.faults.clear', status: 500 } })).status).toBe(400);
		expect((await admin('/_sandbox/faults', { body: { route: 'subscriptions.create' } })).status).toBe(400);
		const routes = (await admin('/_sandbox/routes')).json.routes;
		expect(routes).toContainEqual({ name: 'subscriptions.activate', method: 'PUT', pattern: `${SUBSCRIPTIONS}/{id}/activation` });
	});
});

describe('control API', () => {
	it('health, catalogue, 404 and 405 answers', async () => {
		expect((await admin('/_sandbox/health')).json).toMatchObject({ status: 'ok', url: sandbox.url, platforms: platformIds });
		const catalogue = (await admin('/_sandbox/catalogue')).json.platforms;
		expect(catalogue.map((entry: { id: string }) => entry.id)).toEqual(platformIds);
		for (const entry of catalogue) {
			expect(entry.events.map((event: { name: string }) => event.name)).toEqual(platforms[entry.id as keyof typeof platforms].events.map((event) => event.name));
		}
		const talentPools = catalogue.find((entry: { id: string }) => entry.id === 'talentpools');
		expect(talentPools.delivery).toMatchObject({
			maxAttempts: 8,
			documentedDelaysMs: [5000, 300000, 1800000, 7200000, 18000000, 36000000, 36000000],
			source: 'https://docs.svix.com/retries',
		});
		expect(talentPools.delivery.sandboxDelaysMs[0]).toBeCloseTo(0.5);
		expect((await admin('/_sandbox/catalogue?platform=hrflow')).json.platforms).toHaveLength(1);
		expect((await admin('/_sandbox/nothing')).status).toBe(404);
		const wrongMethod = await admin('/_sandbox/health', { method: 'DELETE' });
		expect(wrongMethod.status).toBe(405);
		expect(wrongMethod.headers.allow).toBe('GET');
	});

	it('emit validates its input and returns delivery ids', async () => {
		expect((await admin('/_sandbox/emit', { body: { platform: 'nope', event: 'x' } })).status).toBe(400);
		expect((await admin('/_sandbox/emit', { body: { platform: 'peopleforce', event: 'not_a_topic' } })).json.error).toMatch(/pass "data"/);
		await admin('/_sandbox/endpoints', { body: { platform: 'peopleforce', url: `${receiver.url}/pf` } });
		const custom = await admin('/_sandbox/emit', { body: { platform: 'peopleforce', event: 'custom_topic', data: { id: 1 }, id: 'evt-fixed' } });
		expect(custom.json).toEqual({ platform: 'peopleforce', event: 'custom_topic', eventId: 'evt-fixed', deliveries: [expect.stringMatching(/^dlv_/)] });
		const [a, b] = await Promise.all([
			admin('/_sandbox/emit', { body: { platform: 'peopleforce', event: 'employee_update' } }),
			admin('/_sandbox/emit', { body: { platform: 'peopleforce', event: 'employee_update' } }),
		]);
		expect(a.json.eventId).not.toBe(b.json.eventId);
		expect((await admin('/_sandbox/idle?timeoutMs=2000')).json).toEqual({ idle: true });
	});

	it('reset forgets subscriptions, endpoints, deliveries and faults but keeps tokens unless asked', async () => {
		await newSubscription();
		await admin('/_sandbox/endpoints', { body: { platform: 'hrflow', url: `${receiver.url}/hr` } });
		sandbox.emit({ platform: 'hrflow', event: 'profile.storing.success' });
		await admin('/_sandbox/faults', { body: { route: 'subscriptions.list', status: 500 } });
		const token = (
			await request(`${sandbox.url}/identity/oauth/token`, { body: { grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'sandbox-secret' } })
		).json.access_token;
		await sandbox.whenIdle();

		expect((await admin('/_sandbox/reset', { method: 'POST' })).json).toEqual({ reset: true });
		expect(sandbox.state.subscriptions.size).toBe(0);
		expect(sandbox.state.endpoints.size).toBe(0);
		expect(sandbox.state.deliveries()).toEqual([]);
		expect(sandbox.state.faults()).toEqual([]);
		const bearer = client(sandbox.url, { authorization: `Bearer ${token}` });
		expect((await bearer(SUBSCRIPTIONS)).json).toEqual({ limit: 10, content: [] });

		await admin('/_sandbox/reset', { body: { auth: true } });
		expect((await bearer(SUBSCRIPTIONS)).status).toBe(401);
	});

	it('the CLI usage text names the routes and the default credentials', () => {
		const text = usage(sandbox);
		for (const part of [
			'/identity/oauth/token',
			'/webhooks-api/v201907/subscriptions',
			'/_sandbox/endpoints',
			'/_sandbox/emit',
			'sandbox-client',
			'sandbox-secret',
			'sandbox-api-key',
			sandbox.url,
		]) {
			expect(text).toContain(part);
		}
	});
});
