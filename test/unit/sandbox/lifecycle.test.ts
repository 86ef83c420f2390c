import { createSandbox } from '../../../sandbox';
import { client } from './helpers/http';
import { startReceiver, until } from './helpers/receiver';

/** How many timers and sockets this process has open (jest keeps a few of its own). */
function openHandles(): { timers: number; sockets: number } {
	const kinds = process.getActiveResourcesInfo();
	return { timers: kinds.filter((kind) => kind === 'Timeout').length, sockets: kinds.filter((kind) => kind.startsWith('TCP')).length };
}

describe('start and stop', () => {
	it('refuses to bind anything but loopback', () => {
		expect(() => createSandbox({ host: '0.0.0.0' })).toThrow(/loopback/);
	});

	it('stop() aborts deliveries on the wire and pending retries, and leaves no timer or socket behind', async () => {
		const baseline = openHandles();
		const receiver = await startReceiver((request) => (request.path === '/slow' ? { status: 200, delayMs: 10_000 } : { status: 500 }));
		// Real-time schedules: a retry would wait minutes, a slow receiver 10 s.
		const sandbox = await createSandbox({ retrySchedule: { scale: 1 } }).start();
		const admin = client(sandbox.url);
		const slow = (await admin('/_sandbox/endpoints', { body: { platform: 'peopleforce', url: `${receiver.url}/slow`, events: ['employee_create'] } })).json.id;
		const failing = (await admin('/_sandbox/endpoints', { body: { platform: 'signed-webhook', url: `${receiver.url}/failing` } })).json.id;
		sandbox.emit({ platform: 'peopleforce', event: 'employee_create' });
		sandbox.emit({ platform: 'signed-webhook', event: 'webhook' });
		await receiver.waitFor(2);
		await until(() => sandbox.state.deliveries({ targetId: failing })[0]?.nextAttemptAt !== undefined);
		expect(openHandles().timers).toBeGreaterThan(baseline.timers);
		expect(openHandles().sockets).toBeGreaterThan(baseline.sockets);

		const started = Date.now();
		await sandbox.stop();
		expect(Date.now() - started).toBeLessThan(1000);
		expect(sandbox.state.deliveries({ targetId: slow })[0]).toMatchObject({ status: 'cancelled', attempts: [{ ok: false, error: expect.stringMatching(/aborted/) }] });
		expect(sandbox.state.deliveries({ targetId: failing })[0]).toMatchObject({ status: 'cancelled', attempts: [{ status: 500 }] });
		await receiver.close();
		// Closed handles leave the list on the next turns of the event loop.
		await until(() => openHandles().sockets <= baseline.sockets && openHandles().timers <= baseline.timers, 1000).catch(() => undefined);
		expect(openHandles().sockets).toBeLessThanOrEqual(baseline.sockets);
		expect(openHandles().timers).toBeLessThanOrEqual(baseline.timers);
		await sandbox.stop(); // idempotent
	});

	it('starts again after a stop, on a new port when given 0', async () => {
		const sandbox = createSandbox();
		await sandbox.start();
		const first = sandbox.url;
		expect((await client(first)('/_sandbox/health')).status).toBe(200);
		await sandbox.stop();
		expect(() => sandbox.url).toThrow(/not started/);
		await sandbox.start();
		expect((await client(sandbox.url)('/_sandbox/health')).json.status).toBe('ok');
		await sandbox.stop();
	});
});
