/**
 * The emit options that make retries happen although the receiver did its work: `loseResponses`
 * (the platform times out or loses the connection after the request went out, then redelivers the
 * same event id, re-signed) and `retryDelaysMs` (this event's own retry delays).
 */
import { platforms, verifyDelivery } from '../../../core';
import { examplesOf } from '../../../core/platforms/examples';
import { createSandbox, type Sandbox } from '../../../sandbox';
import { client } from './helpers/http';
import { headerOf, startReceiver, type Receiver } from './helpers/receiver';

let sandbox: Sandbox;
let receiver: Receiver;
let admin: ReturnType<typeof client>;

beforeAll(async () => {
	receiver = await startReceiver(() => ({ status: 200, body: 'ok' }));
	sandbox = await createSandbox({ retrySchedule: { scale: 0.0001 } }).start();
	admin = client(sandbox.url);
	for (const platform of ['talentpools', 'peopleforce'] as const) {
		const created = await admin('/_sandbox/endpoints', { body: { platform, url: `${receiver.url}/${platform}`, secrets: examplesOf(platform).secrets, maxAttempts: 5 } });
		expect(created.status).toBe(201);
	}
});
afterAll(async () => {
	await sandbox.stop();
	await receiver.close();
});
afterEach(() => sandbox.whenIdle());

const requestsTo = (path: string) => receiver.requests.filter((request) => request.path === path);

describe('emit option loseResponses', () => {
	it('the receiver gets the delivery n + 1 times; the first n answers count as lost, the platform redelivers the same event re-signed', async () => {
		const before = requestsTo('/talentpools').length;
		const emitted = sandbox.emit({ platform: 'talentpools', event: 'job.posted', loseResponses: 2 });
		const [record] = await emitted.firstAttempts;
		await sandbox.whenIdle();

		expect(record.status).toBe('delivered');
		expect(record.loseResponses).toBe(2);
		expect(record.attempts.map((attempt) => [attempt.status, attempt.ok, attempt.responseLost ?? false])).toEqual([
			[200, false, true],
			[200, false, true],
			[200, true, false],
		]);
		expect(record.attempts[0].error).toMatch(/answered 200, but the answer was lost/);
		expect(record.attempts[2].error).toBeUndefined();

		const received = requestsTo('/talentpools').slice(before);
		expect(received).toHaveLength(3);
		// Every copy is a valid delivery of the same event (Svix: same id and body, new signature each time).
		for (const request of received) {
			const verified = verifyDelivery('talentpools', { headers: request.headers, body: request.body }, examplesOf('talentpools').secrets, { eventToleranceSeconds: 0 });
			expect(verified.id).toBe(emitted.eventId);
			expect(headerOf(request, 'svix-id')).toBe(emitted.eventId);
			expect(request.body.equals(received[0].body)).toBe(true);
		}
	});

	it('an answer that never came (connection refused) is not "lost": only answered attempts count', async () => {
		const dead = await startReceiver();
		const url = `${dead.url}/down`;
		await dead.close(); // nothing listens there any more
		const endpoint = await admin('/_sandbox/endpoints', { body: { platform: 'peopleforce', url, secrets: examplesOf('peopleforce').secrets, maxAttempts: 2 } });
		expect(endpoint.status).toBe(201);
		const emitted = sandbox.emit({ platform: 'peopleforce', event: 'employee_create', data: { id: 1, note: 'refused' }, loseResponses: 1 });
		await sandbox.whenIdle();
		const record = emitted.deliveries.find((candidate) => candidate.target.url === url)!;
		expect(record.status).toBe('failed');
		expect(record.attempts.map((attempt) => [attempt.status, attempt.responseLost ?? false])).toEqual([
			[undefined, false],
			[undefined, false],
		]);
		expect(record.attempts[0].error).toMatch(/connection refused/);
		expect((await admin(`/_sandbox/endpoints/${endpoint.json.id}`, { method: 'DELETE' })).status).toBe(204);
	});

	it('works through POST /_sandbox/emit; the log shows responseLost; bad values are refused with a hint', async () => {
		const before = requestsTo('/peopleforce').length;
		const emitted = await admin('/_sandbox/emit', {
			body: { platform: 'peopleforce', event: 'employee_create', data: { id: 2, note: 'via the API' }, loseResponses: 1, wait: true },
		});
		expect(emitted.status).toBe(202);
		await sandbox.whenIdle();
		const [delivery] = emitted.json.deliveries as Array<{ id: string }>;
		const record = (await admin(`/_sandbox/deliveries/${delivery.id}`)).json;
		expect(record).toMatchObject({ status: 'delivered', loseResponses: 1 });
		expect(record.attempts.map((attempt: { responseLost?: boolean }) => attempt.responseLost ?? false)).toEqual([true, false]);
		const received = requestsTo('/peopleforce').slice(before);
		expect(received).toHaveLength(2);
		expect(received[1].body.equals(received[0].body)).toBe(true);
		expect(headerOf(received[1], 'x-peopleforce-signature')).toBe(headerOf(received[0], 'x-peopleforce-signature'));

		for (const loseResponses of [-1, 1.5, '1', 51]) {
			const refused = await admin('/_sandbox/emit', { body: { platform: 'peopleforce', event: 'employee_create', loseResponses } });
			expect([loseResponses, refused.status]).toEqual([loseResponses, 400]);
			expect(refused.json.error).toMatch(/"loseResponses" must be an integer from 0 to 50/);
		}
		expect(platforms.peopleforce.successStatus).toBe(200);
	});
});

describe('emit option retryDelaysMs', () => {
	it("replaces the platform's delays for these deliveries only; the last one repeats", async () => {
		const before = requestsTo('/peopleforce').length;
		const emitted = sandbox.emit({ platform: 'peopleforce', event: 'employee_create', data: { id: 3, note: 'delays' }, loseResponses: 3, retryDelaysMs: [60, 120] });
		await sandbox.whenIdle();
		const [record] = emitted.deliveries;
		expect(record.retryDelaysMs).toEqual([60, 120]);
		expect(record.attempts.map((attempt) => attempt.ok)).toEqual([false, false, false, true]);
		const times = requestsTo('/peopleforce')
			.slice(before)
			.map((request) => request.receivedAt);
		expect(times).toHaveLength(4);
		// Timers may fire a little early or late; the order of magnitude is what matters here.
		expect(times[1] - times[0]).toBeGreaterThanOrEqual(50);
		expect(times[2] - times[1]).toBeGreaterThanOrEqual(100);
		expect(times[3] - times[2]).toBeGreaterThanOrEqual(100);

		for (const retryDelaysMs of [[], [-5], 'soon', [Number.NaN]]) {
			const refused = await admin('/_sandbox/emit', { body: { platform: 'peopleforce', event: 'employee_create', retryDelaysMs } });
			expect([JSON.stringify(retryDelaysMs), refused.status]).toEqual([JSON.stringify(retryDelaysMs), 400]);
		}
	});
});

describe('holdDeliveries / resumeDeliveries (a drain before the receiver restarts)', () => {
	it('holds new attempts until resumed, after the ones on the wire finished; then they are delivered', async () => {
		const before = requestsTo('/peopleforce').length;
		await sandbox.holdDeliveries();
		const emitted = sandbox.emit({ platform: 'peopleforce', event: 'employee_create' });
		let settled = false;
		void emitted.firstAttempts.then(() => (settled = true));
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(settled).toBe(false);
		expect(requestsTo('/peopleforce').length).toBe(before);
		let idle = false;
		void sandbox.whenIdle().then(() => (idle = true));
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(idle).toBe(false); // a held attempt is work still to do

		sandbox.resumeDeliveries();
		const [record] = await emitted.firstAttempts;
		expect(record.status).toBe('delivered');
		expect(requestsTo('/peopleforce').length).toBe(before + 1);
	});
});
