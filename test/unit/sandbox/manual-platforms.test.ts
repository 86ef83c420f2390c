import { parseUnverifiedDelivery, platformIds, platforms, recognizeHandshake, verifyDelivery, type PlatformId, type VerifiedDelivery } from '../../../core';
import { createSandbox, type Sandbox } from '../../../sandbox';
import { client, type HttpResult } from './helpers/http';
import { headerOf, startReceiver, type ReceivedRequest, type Receiver } from './helpers/receiver';

let offsetMs = 0;
const clock = { now: () => Date.now() + offsetMs };
let sandbox: Sandbox;
let receiver: Receiver;
let admin: ReturnType<typeof client>;

/** What the receiver knows per path: the platform and the secrets it verifies with (undefined: unsigned). */
const routes = new Map<string, { platform: PlatformId; secrets?: unknown; fail?: (request: ReceivedRequest) => boolean }>();
const verified: Array<{ path: string; delivery: VerifiedDelivery }> = [];
const rejected: Array<{ path: string; error: string }> = [];

beforeAll(async () => {
	receiver = await startReceiver((request) => {
		const route = routes.get(request.path);
		if (route === undefined) return { status: 404 };
		if (route.fail?.(request)) return { status: 500 };
		const handshake = recognizeHandshake(route.platform, { headers: request.headers, body: request.body });
		if (handshake !== undefined) return { status: handshake.status, headers: handshake.headers };
		const delivery = { method: request.method, headers: request.headers, body: request.body };
		try {
			const result =
				route.secrets === undefined ? parseUnverifiedDelivery(route.platform, delivery) : verifyDelivery(route.platform, delivery, route.secrets, { now: new Date(clock.now()) });
			verified.push({ path: request.path, delivery: result });
			return { status: route.platform === 'smartrecruiters' ? 202 : 200 };
		} catch (error) {
			rejected.push({ path: request.path, error: String(error) });
			return { status: 401 };
		}
	});
	sandbox = await createSandbox({ clock, retrySchedule: { scale: 0.0001 } }).start();
	admin = client(sandbox.url);
});
afterAll(async () => {
	await sandbox.stop();
	await receiver.close();
});
afterEach(() => {
	offsetMs = 0;
	return sandbox.whenIdle();
});

async function register(path: string, body: Record<string, unknown>, secrets?: unknown): Promise<HttpResult> {
	const created = await admin('/_sandbox/endpoints', { body: { url: `${receiver.url}${path}`, ...body } });
	expect(created.status).toBe(201);
	routes.set(path, { platform: body.platform as PlatformId, secrets: secrets ?? (Object.keys(created.json.secrets).length > 0 ? created.json.secrets : undefined) });
	return created;
}

describe('every catalogue event of every platform reaches a receiver that verifies it with core', () => {
	it('all deliveries verify and carry the catalogue sample', async () => {
		const talentPools = await register('/talentpools', { platform: 'talentpools' });
		expect(talentPools.json.secrets).toEqual({ signingSecret: expect.stringMatching(/^whsec_/), encryptionKey: expect.any(String) });
		expect(talentPools.json.maxAttempts).toBe(8);
		await register('/hrflow-form', { platform: 'hrflow' });
		await register('/hrflow-json', { platform: 'hrflow', bodyFormat: 'json', secrets: { secret: 'wsk_json' } }, { secret: 'wsk_json' });
		await register('/peopleforce', { platform: 'peopleforce', secrets: { secret: 'pf-secret' } }, { secret: 'pf-secret' });
		const github = { secret: 'gh-secret', header: 'X-Hub-Signature-256', prefix: 'sha256=' };
		await register('/signed-webhook', { platform: 'signed-webhook', secrets: github, method: 'put' }, github);

		// SmartRecruiters through its own API, with the X-SmartToken key.
		const sr = client(sandbox.url, { 'x-smarttoken': 'sandbox-api-key' });
		const subscription = await sr('/webhooks-api/v201907/subscriptions', {
			body: { callbackUrl: `${receiver.url}/smartrecruiters`, events: platforms.smartrecruiters.events.map(({ name }) => ({ name })) },
		});
		routes.set('/smartrecruiters', { platform: 'smartrecruiters' });
		expect((await sr(`/webhooks-api/v201907/subscriptions/${subscription.json.id}/activation`, { method: 'PUT' })).status).toBe(204);
		const key = (await sr(`/webhooks-api/v201907/subscriptions/${subscription.json.id}/secret-key`, { method: 'POST' })).json.secretKey;
		routes.set('/smartrecruiters', { platform: 'smartrecruiters', secrets: { secret: key } });

		const expected = new Map<string, number>();
		for (const platform of platformIds) {
			for (const definition of platforms[platform].events) {
				const emitted = await admin('/_sandbox/emit', { body: { platform, event: definition.name } });
				expect(emitted.status).toBe(202);
				expected.set(`${platform}:${definition.name}`, emitted.json.deliveries.length);
			}
		}
		await sandbox.whenIdle();

		expect(rejected).toEqual([]);
		const records = sandbox.state.deliveries();
		expect(records.length).toBe([...expected.values()].reduce((a, b) => a + b, 0));
		expect(records.filter((record) => record.status !== 'delivered')).toEqual([]);
		for (const platform of platformIds) {
			for (const definition of platforms[platform].events) {
				const paths = [...routes].filter(([, route]) => route.platform === platform).map(([path]) => path);
				for (const path of paths) {
					const match = verified.find(
						(entry) =>
							entry.path === path &&
							JSON.stringify(entry.delivery.data) === JSON.stringify(definition.sample) &&
							(platform === 'signed-webhook' || entry.delivery.event === definition.name),
					);
					expect({ platform, event: definition.name, path, found: match !== undefined }).toEqual({ platform, event: definition.name, path, found: true });
					expect(match!.delivery.known).toBe(true);
				}
			}
		}
		// The wire variants asked for were used.
		const put = receiver.requests.find((request) => request.path === '/signed-webhook');
		expect(put?.method).toBe('PUT');
		expect(headerOf(receiver.requests.find((request) => request.path === '/hrflow-json')!, 'content-type')).toBe('application/json');
		expect(headerOf(receiver.requests.find((request) => request.path === '/hrflow-form')!, 'content-type')).toBe('application/x-www-form-urlencoded');
	});
});

describe('manual platforms', () => {
	it("Send Example delivers the event's catalogue sample, whatever the endpoint's filter", async () => {
		const endpoint = await register('/example', { platform: 'talentpools', events: ['freelancer.registered'] });
		const sent = await admin(`/_sandbox/endpoints/${endpoint.json.id}/send-example`, { body: { event: 'job.posted' } });
		expect(sent.status).toBe(200);
		expect(sent.json).toMatchObject({ platform: 'talentpools', event: 'job.posted', example: true, status: 'delivered', attempts: [{ number: 1, status: 200, ok: true }] });
		const received = verified.filter((entry) => entry.path === '/example');
		expect(received).toHaveLength(1);
		expect(received[0].delivery).toMatchObject({ event: 'job.posted', data: platforms.talentpools.events.find((e) => e.name === 'job.posted')!.sample, id: sent.json.eventId });
		expect((await admin(`/_sandbox/endpoints/${endpoint.json.id}/send-example`, { body: { event: 'nope' } })).status).toBe(400);

		// The filter applies to emitted events.
		const emitted = await admin('/_sandbox/emit', { body: { platform: 'talentpools', event: 'customer.registered', wait: true } });
		expect(emitted.json.deliveries.map((record: { target: { id: string } }) => record.target.id)).not.toContain(endpoint.json.id);
	});

	it('retries up to maxAttempts and logs every attempt; platform defaults apply when none is given', async () => {
		const always500 = (request: ReceivedRequest) => request.path.startsWith('/down');
		const peopleForce = await register('/down-peopleforce', { platform: 'peopleforce', maxAttempts: 3, secrets: { secret: 's' } });
		const generic = await register('/down-generic', { platform: 'signed-webhook', secrets: { secret: 's' } });
		const hrflow = await register('/down-hrflow', { platform: 'hrflow' });
		for (const path of ['/down-peopleforce', '/down-generic', '/down-hrflow']) routes.get(path)!.fail = always500;
		expect(generic.json.maxAttempts).toBe(3); // spatie/laravel-webhook-server's default tries
		expect(hrflow.json.maxAttempts).toBe(1); // HrFlow documents no retries

		sandbox.emit({ platform: 'peopleforce', event: 'employee_create' });
		sandbox.emit({ platform: 'signed-webhook', event: 'webhook' });
		sandbox.emit({ platform: 'hrflow', event: 'profile.parsing.success' });
		await sandbox.whenIdle();

		const log = await admin('/_sandbox/deliveries?platform=peopleforce&status=failed');
		const record = log.json.deliveries.find((entry: { target: { id: string } }) => entry.target.id === peopleForce.json.id);
		expect(record).toMatchObject({ platform: 'peopleforce', event: 'employee_create', url: `${receiver.url}/down-peopleforce`, status: 'failed', maxAttempts: 3 });
		expect(record.attempts).toEqual(
			[1, 2, 3].map((number) => ({ number, at: expect.any(String), status: 500, ok: false, latencyMs: expect.any(Number), error: expect.stringMatching(/answered 500/) })),
		);
		expect(Date.parse(record.attempts[2].at)).toBeGreaterThanOrEqual(Date.parse(record.attempts[0].at));
		const attemptsOf = (id: string) => sandbox.state.deliveries({ targetId: id })[0].attempts.length;
		expect(attemptsOf(generic.json.id)).toBe(3);
		expect(attemptsOf(hrflow.json.id)).toBe(1);
		expect((await admin(`/_sandbox/deliveries/${record.id}`)).json.attempts[0].request.headers).toHaveProperty('X-PeopleForce-Signature');
		expect((await admin('/_sandbox/deliveries?status=failed')).json.deliveries.every((entry: { status: string }) => entry.status === 'failed')).toBe(true);
	});

	it('TalentPools (Svix) retries keep the body and svix-id and re-sign with a new timestamp', async () => {
		const endpoint = await register('/svix-flaky', { platform: 'talentpools', events: ['job.posted'] });
		let failures = 0;
		routes.get('/svix-flaky')!.fail = () => {
			if (failures++ > 0) return false;
			offsetMs += 10_000; // still inside the 15 s window of the encrypted event timestamp
			return true;
		};
		sandbox.emit({ platform: 'talentpools', event: 'job.posted' });
		await sandbox.whenIdle();
		const [first, second] = receiver.requests.filter((request) => request.path === '/svix-flaky');
		expect(headerOf(second, 'svix-id')).toBe(headerOf(first, 'svix-id'));
		expect(second.body.equals(first.body)).toBe(true);
		expect(Number(headerOf(second, 'svix-timestamp')) - Number(headerOf(first, 'svix-timestamp'))).toBeGreaterThanOrEqual(10);
		expect(headerOf(second, 'svix-signature')).not.toBe(headerOf(first, 'svix-signature'));
		const record = sandbox.state.deliveries({ targetId: endpoint.json.id })[0];
		expect(record).toMatchObject({ status: 'delivered', eventId: headerOf(first, 'svix-id') });
		expect(record.attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
		// The encrypted payload keeps the event's own time: earlier than the retry by the 10 s the clock moved.
		const occurredAt = Date.parse(verified.find((entry) => entry.path === '/svix-flaky')!.delivery.occurredAt!);
		expect(occurredAt).toBeLessThanOrEqual(Date.parse(record.attempts[0].at));
		expect(Date.parse(record.attempts[1].at) - occurredAt).toBeGreaterThanOrEqual(10_000);
	});

	it('a PeopleForce webhook without a secret is sent unsigned, as PeopleForce does', async () => {
		const endpoint = await register('/unsigned-peopleforce', { platform: 'peopleforce', events: ['leave_request_approve'] });
		expect(endpoint.json.secrets).toEqual({});
		sandbox.emit({ platform: 'peopleforce', event: 'leave_request_approve' });
		await sandbox.whenIdle();
		const [received] = receiver.requests.filter((request) => request.path === '/unsigned-peopleforce');
		expect(headerOf(received, 'x-peopleforce-signature')).toBeUndefined();
		expect(verified.find((entry) => entry.path === '/unsigned-peopleforce')!.delivery.event).toBe('leave_request_approve');
	});

	it('refuses registrations that the platform would not allow, with a hint', async () => {
		const refused = async (body: Record<string, unknown>) => (await admin('/_sandbox/endpoints', { body: { url: `${receiver.url}/x`, ...body } })).json.error as string;
		expect(await refused({ platform: 'smartrecruiters' })).toMatch(/Webhooks API/);
		expect(await refused({ platform: 'talentpools', secrets: { signingSecret: 'not-whsec!!', encryptionKey: 'k' } })).toMatch(/whsec_/);
		expect(await refused({ platform: 'talentpools', method: 'PUT' })).toMatch(/Signed Webhook only/);
		expect(await refused({ platform: 'hrflow', bodyFormat: 'xml' })).toMatch(/form, json, json-array/);
		expect(await refused({ platform: 'peopleforce', events: ['employee_hired'] })).toMatch(/no event "employee_hired"/);
		expect(await refused({ platform: 'peopleforce', url: 'ftp://x' })).toMatch(/http/);
	});

	it('lists and deletes endpoints; a deleted endpoint gets nothing more', async () => {
		const endpoint = await register('/deleted', { platform: 'hrflow', events: ['job.scoring.error'] });
		expect((await admin('/_sandbox/endpoints')).json.endpoints.map((entry: { id: string }) => entry.id)).toContain(endpoint.json.id);
		expect((await admin(`/_sandbox/endpoints/${endpoint.json.id}`, { method: 'DELETE' })).status).toBe(204);
		expect((await admin(`/_sandbox/endpoints/${endpoint.json.id}`)).status).toBe(404);
		expect(sandbox.emit({ platform: 'hrflow', event: 'job.scoring.error' }).deliveries.map((record) => record.target.id)).not.toContain(endpoint.json.id);
	});
});
