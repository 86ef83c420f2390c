import { recognizeHandshake, verifyDelivery, WebhookVerificationError } from '../../../core';
import { createSandbox, type Sandbox } from '../../../sandbox';
import { client, request, type HttpResult } from './helpers/http';
import { headerOf, startReceiver, until, type ReceivedRequest, type Receiver, type Reply } from './helpers/receiver';

const SUBSCRIPTIONS = '/webhooks-api/v201907/subscriptions';
const JOB_ID = '5c4f7e2a-0d3b-4a8e-9f61-2b7d3c9e1a05';
let offsetMs = 0;
const clock = { now: () => Date.now() + offsetMs };

let sandbox: Sandbox;
let receiver: Receiver;
let api: (path: string, options?: Parameters<ReturnType<typeof client>>[1]) => Promise<HttpResult>;

/** A SmartRecruiters receiver done right: echo the handshake (core's recognizeHandshake), 202 for events. */
const wellBehaved = (request: ReceivedRequest): Reply => {
	const handshake = recognizeHandshake('smartrecruiters', { headers: request.headers, body: request.body });
	return handshake !== undefined ? { status: handshake.status, headers: handshake.headers } : { status: 202 };
};

beforeAll(async () => {
	receiver = await startReceiver(wellBehaved);
	sandbox = await createSandbox({
		clock,
		// 1 min → 30 ms, 3 min → 90 ms: the documented schedule, compressed.
		retrySchedule: { scale: 0.0005 },
		timeouts: { handshakeMs: 300, deliveryMs: { smartrecruiters: 300 } },
	}).start();
	const token = await request(`${sandbox.url}/identity/oauth/token`, { body: { grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'sandbox-secret' } });
	api = client(sandbox.url, { authorization: `Bearer ${token.json.access_token}` });
});
afterAll(async () => {
	await sandbox.stop();
	await receiver.close();
});
afterEach(async () => {
	offsetMs = 0;
	receiver.reply(wellBehaved);
	await sandbox.whenIdle();
});

async function subscribe(path: string, events: string[], extra: Record<string, unknown> = {}): Promise<string> {
	const created = await api(SUBSCRIPTIONS, { body: { callbackUrl: `${receiver.url}${path}`, events: events.map((name) => ({ name })), ...extra } });
	expect(created.status).toBe(201);
	return created.json.id;
}

async function activeSubscriptionWithKey(path: string, events: string[]): Promise<{ id: string; key: string }> {
	const id = await subscribe(path, events);
	expect((await api(`${SUBSCRIPTIONS}/${id}/activation`, { method: 'PUT' })).status).toBe(204);
	const key = await api(`${SUBSCRIPTIONS}/${id}/secret-key`, { method: 'POST' });
	expect(key.status).toBe(201);
	return { id, key: key.json.secretKey };
}

const delivery = (request: ReceivedRequest) => ({ headers: request.headers, body: request.body });
const atPath = (path: string) => (request: ReceivedRequest) => request.path === path && headerOf(request, 'x-hook-secret') === undefined;

describe('SmartRecruiters Webhooks Subscriptions API', () => {
	it('creates inactive subscriptions, lists them with paging, gets and deletes them', async () => {
		const created = await api(SUBSCRIPTIONS, {
			body: { callbackUrl: `${receiver.url}/lifecycle`, events: [{ name: 'job.created' }, { name: 'application.created', version: 'v201910' }] },
		});
		expect(created.status).toBe(201);
		expect(created.json).toEqual({
			id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			callbackUrl: `${receiver.url}/lifecycle`,
			events: [
				{ name: 'job.created', version: 'v201910' },
				{ name: 'application.created', version: 'v201910' },
			],
			status: 'inactive',
		});
		const second = await subscribe('/lifecycle-2', ['candidate.created']);

		const firstPage = await api(`${SUBSCRIPTIONS}?limit=1`);
		expect(firstPage.json).toMatchObject({ limit: 1, content: [{ id: created.json.id }], nextPageId: expect.any(String) });
		const secondPage = await api(`${SUBSCRIPTIONS}?limit=1&page_id=${firstPage.json.nextPageId}`);
		expect(secondPage.json.content[0].id).toBe(second);
		expect((await api(`${SUBSCRIPTIONS}/${second}`)).json.status).toBe('inactive');

		// Inactive subscriptions get nothing.
		expect(sandbox.emit({ platform: 'smartrecruiters', event: 'job.created' }).deliveries).toHaveLength(0);

		for (const id of [created.json.id, second]) expect((await api(`${SUBSCRIPTIONS}/${id}`, { method: 'DELETE' })).status).toBe(204);
		const gone = await api(`${SUBSCRIPTIONS}/${second}`);
		expect(gone.status).toBe(404);
		expect(gone.json.errors[0].code).toBe('NOT_FOUND');
		expect((await api(`${SUBSCRIPTIONS}/${second}`, { method: 'DELETE' })).status).toBe(404);
	});

	it('validates the subscription request', async () => {
		expect((await api(SUBSCRIPTIONS, { body: { callbackUrl: 'not a url', events: [{ name: 'job.created' }] } })).status).toBe(400);
		expect((await api(SUBSCRIPTIONS, { body: { callbackUrl: receiver.url, events: [] } })).status).toBe(400);
		expect((await api(SUBSCRIPTIONS, { body: { callbackUrl: receiver.url, events: [{ version: 'v1' }] } })).json.message).toMatch(/event name/);
		expect((await api(SUBSCRIPTIONS, { body: { callbackUrl: receiver.url, events: ['Job Created'] } })).json.message).toMatch(/not an event name/);
		// Plain names, as SmartRecruiters' own webhooks demo client sends them, are accepted too.
		const plain = await api(SUBSCRIPTIONS, { body: { callbackUrl: `${receiver.url}/plain`, events: ['job.created'] } });
		expect(plain.json.events).toEqual([{ name: 'job.created', version: 'v201910' }]);
		await api(`${SUBSCRIPTIONS}/${plain.json.id}`, { method: 'DELETE' });
		expect(
			(
				await api(SUBSCRIPTIONS, {
					body: { callbackUrl: receiver.url, events: [{ name: 'job.created' }], callbackAuthentication: { type: 'header', headerName: 'Authorization', headerValue: 'x' } },
				})
			).json.message,
		).toMatch(/x-/);
	});
});

describe('activation: the real X-Hook-Secret handshake', () => {
	it('a receiver that echoes the secret with 200 activates the subscription (204)', async () => {
		const id = await subscribe('/echo', ['job.created']);
		const activation = await api(`${SUBSCRIPTIONS}/${id}/activation`, { method: 'PUT' });
		expect(activation.status).toBe(204);
		const handshake = receiver.requests.filter((request) => request.path === '/echo').at(-1)!;
		expect(handshake.method).toBe('POST');
		expect(headerOf(handshake, 'x-hook-secret')).toMatch(/^[A-Za-z0-9]{16,}$/);
		expect((await api(`${SUBSCRIPTIONS}/${id}`)).json.status).toBe('active');
	});

	it.each<[string, Reply, RegExp]>([
		['answers 200 without the header', { status: 200 }, /without an X-Hook-Secret/],
		['echoes another value', { status: 200, headers: { 'X-Hook-Secret': 'something-else' } }, /different X-Hook-Secret/],
		['answers 404', { status: 404 }, /answered 404/],
		['is slower than the limit', { status: 200, delayMs: 1000 }, /did not answer within 300 ms/],
	])('a receiver that %s gets a 4xx explaining why; the subscription stays inactive', async (_case, reply, reason) => {
		receiver.reply((request) => (headerOf(request, 'x-hook-secret') === undefined ? { status: 202 } : reply));
		const id = await subscribe('/bad-handshake', ['job.created']);
		const activation = await api(`${SUBSCRIPTIONS}/${id}/activation`, { method: 'PUT' });
		expect(activation.status).toBe(400);
		expect(activation.json).toEqual({ message: expect.stringMatching(reason), errors: [{ code: 'ACTIVATION_FAILED', message: expect.stringMatching(/stays inactive/) }] });
		expect((await api(`${SUBSCRIPTIONS}/${id}`)).json.status).toBe('inactive');
		expect(sandbox.emit({ platform: 'smartrecruiters', event: 'job.created' }).deliveries.filter((record) => record.target.id === id)).toHaveLength(0);
	});

	it('an unreachable callback URL fails activation; an unknown subscription is 404', async () => {
		const created = await api(SUBSCRIPTIONS, { body: { callbackUrl: 'http://127.0.0.1:9/nothing-listens', events: [{ name: 'job.created' }] } });
		const activation = await api(`${SUBSCRIPTIONS}/${created.json.id}/activation`, { method: 'PUT' });
		expect(activation.status).toBe(400);
		expect(activation.json.message).toMatch(/could not be reached/);
		expect((await api(`${SUBSCRIPTIONS}/no-such-id/activation`, { method: 'PUT' })).status).toBe(404);
	});
});

describe('notifications', () => {
	it('are unsigned before a secret key exists, as SmartRecruiters sends them, with event headers and a link', async () => {
		const id = await subscribe('/unsigned', ['candidate.created']);
		await api(`${SUBSCRIPTIONS}/${id}/activation`, { method: 'PUT' });
		const [record] = (await sandbox.emit({ platform: 'smartrecruiters', event: 'candidate.created' }).firstAttempts).filter((r) => r.target.id === id);
		expect(record.status).toBe('delivered');
		const [received] = await receiver.waitFor(1, atPath('/unsigned'));
		expect(headerOf(received, 'smartrecruiters-signature')).toBeUndefined();
		expect(headerOf(received, 'event-name')).toBe('candidate.created');
		expect(headerOf(received, 'event-version')).toBe('v201910');
		expect(headerOf(received, 'event-id')).toBe(record.eventId);
		expect(headerOf(received, 'link')).toBe(`<${sandbox.url}/candidates/e1a7c3d9-6b2f-4f08-8c45-7d9e0b3a2f61>; rel=self`);
		expect(JSON.parse(received.body.toString())).toEqual({ id: 'e1a7c3d9-6b2f-4f08-8c45-7d9e0b3a2f61' });
	});

	it('are signed with the secret key, verify with core, and their link resolves to the entity', async () => {
		const { id, key } = await activeSubscriptionWithKey('/signed', ['offer.created', 'job.created']);
		expect((await api(`${SUBSCRIPTIONS}/${id}/secret-key`)).json).toEqual({ secretKey: key });

		sandbox.emit({ platform: 'smartrecruiters', event: 'offer.created' });
		const [received] = await receiver.waitFor(1, atPath('/signed'));
		const verified = verifyDelivery('smartrecruiters', delivery(received), { secret: key });
		expect(verified).toMatchObject({ event: 'offer.created', known: true, entity: 'offer', data: { offerId: 'c7e9a1b3-8d5f-4c20-b6e4-0a2c4e6f8b15' } });

		const link = verified.meta.link as string;
		expect(link).toBe(`${sandbox.url}/candidates/e1a7c3d9-6b2f-4f08-8c45-7d9e0b3a2f61/jobs/${JOB_ID}/offers/c7e9a1b3-8d5f-4c20-b6e4-0a2c4e6f8b15`);
		const offer = await api(link.slice(sandbox.url.length));
		expect(offer.status).toBe(200);
		expect(offer.json).toMatchObject({ id: 'c7e9a1b3-8d5f-4c20-b6e4-0a2c4e6f8b15', job: { id: JOB_ID }, candidate: { id: 'e1a7c3d9-6b2f-4f08-8c45-7d9e0b3a2f61' } });
		// The job named by the offer is the same job everywhere.
		const job = await api(`/jobs/${JOB_ID}`);
		expect(job.json).toMatchObject({ id: JOB_ID, title: offer.json.job.title });
		expect((await request(`${sandbox.url}${link.slice(sandbox.url.length)}`)).status).toBe(401);
		expect((await api('/jobs/not-emitted-yet')).status).toBe(404);

		// Emitted data with new ids makes those entities exist.
		sandbox.emit({ platform: 'smartrecruiters', event: 'job.created', data: { id: 'job-from-emit' } });
		await sandbox.whenIdle();
		expect((await api('/jobs/job-from-emit')).json.id).toBe('job-from-emit');
	});

	it('rotates keys: every live key signs; a replaced key still verifies for 24 h, then stops', async () => {
		const { id, key: oldKey } = await activeSubscriptionWithKey('/rotation', ['job.updated']);
		const newKey = (await api(`${SUBSCRIPTIONS}/${id}/secret-key`, { method: 'POST' })).json.secretKey;
		expect(newKey).not.toBe(oldKey);

		sandbox.emit({ platform: 'smartrecruiters', event: 'job.updated' });
		const [both] = await receiver.waitFor(1, atPath('/rotation'));
		expect(headerOf(both, 'smartrecruiters-signature')!.split(';')).toHaveLength(2);
		expect(verifyDelivery('smartrecruiters', delivery(both), { secret: oldKey }).event).toBe('job.updated');
		expect(verifyDelivery('smartrecruiters', delivery(both), { secret: newKey }).event).toBe('job.updated');

		offsetMs = 24 * 3600_000 + 1000;
		sandbox.emit({ platform: 'smartrecruiters', event: 'job.updated' });
		const [, later] = await receiver.waitFor(2, atPath('/rotation'));
		const now = new Date(clock.now());
		expect(headerOf(later, 'smartrecruiters-signature')!.split(';')).toHaveLength(1);
		expect(verifyDelivery('smartrecruiters', delivery(later), { secret: newKey }, { now }).event).toBe('job.updated');
		expect(() => verifyDelivery('smartrecruiters', delivery(later), { secret: oldKey }, { now })).toThrow(WebhookVerificationError);
	});

	it('retries on 500 with the same event-id, re-signed with a new timestamp each time, until 202', async () => {
		const { id, key } = await activeSubscriptionWithKey('/flaky', ['application.created']);
		let failures = 0;
		receiver.reply((request) => {
			if (request.path !== '/flaky') return { status: 202 };
			if (failures++ < 2) {
				offsetMs += 61_000; // the next attempt happens "a minute later" on the sandbox clock
				return { status: 500, body: 'boom' };
			}
			return { status: 202 };
		});
		const { deliveries } = sandbox.emit({ platform: 'smartrecruiters', event: 'application.created' });
		await sandbox.whenIdle();
		const record = sandbox.state.delivery(deliveries.find((r) => r.target.id === id)!.id)!;
		expect(record.status).toBe('delivered');
		expect(record.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 202]);
		expect(record.attempts[0]).toMatchObject({ ok: false, error: expect.stringMatching(/202/), latencyMs: expect.any(Number), at: expect.any(String) });

		const received = receiver.requests.filter(atPath('/flaky'));
		expect(received).toHaveLength(3);
		expect(new Set(received.map((request) => headerOf(request, 'event-id')))).toEqual(new Set([record.eventId]));
		const timestamps = received.map((request) => Number(headerOf(request, 'smartrecruiters-timestamp')));
		expect(timestamps[1] - timestamps[0]).toBeGreaterThanOrEqual(60);
		expect(timestamps[2] - timestamps[1]).toBeGreaterThanOrEqual(60);
		expect(verifyDelivery('smartrecruiters', delivery(received[2]), { secret: key }, { now: new Date(clock.now()) }).id).toBe(record.eventId);

		const log = await api(`${SUBSCRIPTIONS}/${id}/callbacks-log`);
		expect(log.json.content.map((entry: { status: string }) => entry.status)).toEqual(['successful', 'failed', 'failed']);
		expect(log.json.content[0].requestDetails).toMatchObject({ url: `${receiver.url}/flaky`, headers: { 'event-id': record.eventId } });
		expect((await api(`${SUBSCRIPTIONS}/${id}/callbacks-log?callbackStatus=failed`)).json.content).toHaveLength(2);
	});

	it('counts only 202 as delivered, retries a slow receiver, and stops retrying when the subscription is deleted', async () => {
		const { id } = await activeSubscriptionWithKey('/strict', ['position.created']);
		let calls = 0;
		receiver.reply((request) => (request.path !== '/strict' ? { status: 202 } : calls++ === 0 ? { status: 202, delayMs: 600 } : { status: 200 }));
		const [record] = (await sandbox.emit({ platform: 'smartrecruiters', event: 'position.created' }).firstAttempts).filter((r) => r.target.id === id);
		expect(record.attempts[0]).toMatchObject({ ok: false, error: expect.stringMatching(/no complete response within 300 ms/) });
		await until(() => record.attempts.length === 2);
		expect(record.attempts[1]).toMatchObject({ status: 200, ok: false, error: expect.stringMatching(/only 202/) });
		expect(record.status).toBe('pending');
		expect((await api(`${SUBSCRIPTIONS}/${id}`, { method: 'DELETE' })).status).toBe(204);
		expect(record.status).toBe('cancelled');
	});

	it('sends the callbackAuthentication header on the handshake and on every notification', async () => {
		const id = await subscribe('/authenticated', ['interview.created'], { callbackAuthentication: { type: 'header', headerName: 'x-api-key', headerValue: 'k-123' } });
		await api(`${SUBSCRIPTIONS}/${id}/activation`, { method: 'PUT' });
		sandbox.emit({ platform: 'smartrecruiters', event: 'interview.created' });
		await sandbox.whenIdle();
		const seen = receiver.requests.filter((request) => request.path === '/authenticated');
		expect(seen).toHaveLength(2);
		expect(seen.map((request) => headerOf(request, 'x-api-key'))).toEqual(['k-123', 'k-123']);
		expect(headerOf(seen[1], 'link')).toBe(`<${sandbox.url}/interviews-api/v201904/interviews/6a8c0e2d-4f6b-4d81-93a5-b7d9f1c3e560>; rel=self`);
	});
});
