/**
 * End to end in n8n's queue mode, the distributed engine users move to when one n8n is not enough:
 * Redis (Debian's redis-server), PostgreSQL (Debian's; n8n supports queue mode only on it), the main
 * instance (API, activation), one `n8n worker` and one `n8n webhook` process, all sharing one user folder. The platforms deliver to the webhook process,
 * which verifies and enqueues; the worker runs the executions.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { platformIds, platforms, signDelivery, type EventDefinition, type PlatformId } from '../../core';
import {
	INSTALL_TIMEOUT_MS,
	type Deployed,
	runtime,
	type Stack,
	deliveriesTo,
	executionsSettled,
	expectNoNewExecution,
	expectTypedItem,
	expectedItemsOfRequest,
	reportedEventName,
	stackLib,
	suiteLogger,
	withNonce,
	stopStackAndReport,
} from './helpers';

jest.setTimeout(60000);

const { log, file: logFile } = suiteLogger('queue');
const timings: Record<string, number> = {};
let stack: Stack;
const deployed = {} as Record<PlatformId, Deployed>;

beforeAll(async () => {
	const t0 = Date.now();
	stack = await stackLib.startStack({ queue: true, log });
	timings.startStackMs = Date.now() - t0;
	timings.n8nBootMs = stack.timings.n8nBootMs;
	const t1 = Date.now();
	for (const id of platformIds) deployed[id] = await stackLib.deployPlatformWorkflow(stack, id, { name: `e2e queue: ${platforms[id].displayName}` });
	timings.deployAllMs = Date.now() - t1;
}, INSTALL_TIMEOUT_MS);

afterAll(() => stopStackAndReport(stack, 'queue mode', timings, log, logFile), 60000);

const roleLogs = () => ({ main: stack.n8n.main.logs() as string, worker: stack.n8n.worker.logs() as string, webhook: stack.n8n.webhook.logs() as string });

it('runs redis, a main instance, a worker and a webhook process; production URLs are on the webhook process', () => {
	expect(stack.queue).toBe(true);
	expect(stack.n8n.redis.port).toBeGreaterThan(0);
	expect(stack.webhookBaseUrl).toBe(stack.n8n.webhookUrl);
	expect(stack.webhookBaseUrl).not.toBe(stack.n8n.baseUrl);
	for (const id of platformIds) expect(deployed[id].productionUrl.startsWith(`${stack.n8n.webhookUrl}/webhook/`)).toBe(true);
});

it('SmartRecruiters: activation through the main instance subscribed the webhook process URL; the webhook process answered the handshake', async () => {
	const subscriptions = (await stackLib.smartRecruitersSubscriptions(stack)).filter((s) => s.callbackUrl === deployed.smartrecruiters.productionUrl);
	expect(subscriptions.map((s) => s.status)).toEqual(['active']);
	const logs = roleLogs();
	expect(logs.webhook).toMatch(/SmartRecruiters Trigger "SmartRecruiters Trigger" answered the SmartRecruiters handshake/);
	expect(logs.main).not.toMatch(/answered the SmartRecruiters handshake/);
});

describe.each(platformIds)('%s in queue mode', (id) => {
	it(`every catalogue event is verified by the webhook process, enqueued, and run by the worker with the right item`, async () => {
		const target = deployed[id];
		const sent: Array<{ definition: EventDefinition; eventId: string; deliveryId: string }> = [];
		const t0 = Date.now();
		for (const definition of platforms[id].events) {
			const result = await stackLib.emit(stack, id, definition.name);
			const mine = deliveriesTo(result, target.productionUrl);
			expect([definition.name, mine.map((d) => d.attempts[0].status)]).toEqual([definition.name, [platforms[id].successStatus]]);
			sent.push({ definition, eventId: result.eventId, deliveryId: mine[0].id });
		}
		const executions = await executionsSettled(stack, target.workflowId, sent.length);
		timings[`${id}.allExecutedMs`] = Date.now() - t0;
		expect(executions).toHaveLength(sent.length);

		const logs = roleLogs();
		const byKey = new Map<string, any>();
		for (const execution of executions) {
			expect([execution.id, execution.mode, execution.status]).toEqual([execution.id, 'webhook', 'success']);
			// Who did what: the webhook process enqueued it, the worker ran it, the main instance did neither.
			expect([execution.id, new RegExp(`Enqueued execution ${execution.id} \\(job`).test(logs.webhook)]).toEqual([execution.id, true]);
			expect([execution.id, new RegExp(`Worker started execution ${execution.id} \\(job`).test(logs.worker)]).toEqual([execution.id, true]);
			expect([execution.id, new RegExp(`Worker finished execution ${execution.id} \\(job`).test(logs.worker)]).toEqual([execution.id, true]);
			expect([execution.id, new RegExp(`(Enqueued|Worker started) execution ${execution.id} `).test(logs.main)]).toEqual([execution.id, false]);
			// The worker ran the node after the trigger.
			expect(execution.data.resultData.runData['No Operation']).toHaveLength(1);
			const items = stackLib.itemsOf(execution);
			expect(items).toHaveLength(1);
			// Version-3 items always carry an id (the fingerprint where the platform signs none): found by id or by event name.
			byKey.set(items[0].id, items[0]);
			byKey.set(items[0].event, items[0]);
		}
		for (const { definition, eventId, deliveryId } of sent) {
			const item = byKey.get(eventId) ?? byKey.get(reportedEventName(id, definition));
			expect([definition.name, item !== undefined]).toEqual([definition.name, true]);
			expectTypedItem(item, id, definition, definition.sample);
			const record = await stackLib.deliveryDetails(stack, deliveryId);
			expect([item]).toEqual(expectedItemsOfRequest(id, record.attempts[0], target.secrets));
		}
	}, 120000);

	it('a forged delivery to the webhook process: 401 signature_mismatch, nothing enqueued', async () => {
		const target = deployed[id];
		const definition = platforms[id].events[0];
		const wrong =
			id === 'smartrecruiters'
				? { secret: 'forged-key-0123456789abcdef' }
				: { ...target.secrets, ...stackLib.platformSetups[id].makeSecrets(), ...(id === 'talentpools' ? { encryptionKey: target.secrets.encryptionKey } : {}) };
		const forged = signDelivery(id, { event: definition.name, data: withNonce(definition.sample), id: randomUUID(), meta: definition.sampleMeta }, wrong);
		const enqueuedBefore = (roleLogs().webhook.match(/Enqueued execution/g) ?? []).length;
		const response = await expectNoNewExecution(stack, target.workflowId, () => stackLib.sendDelivery(target.productionUrl, forged));
		expect([response.status, response.text]).toEqual([401, 'signature_mismatch']);
		expect((roleLogs().webhook.match(/Enqueued execution/g) ?? []).length).toBe(enqueuedBefore);
	});

	it('a redelivery (the same delivery twice) is acknowledged twice and runs once', async () => {
		const target = deployed[id];
		const definition = platforms[id].events[0];
		const delivery = signDelivery(id, { event: definition.name, data: withNonce(definition.sample), id: randomUUID(), meta: definition.sampleMeta }, target.secrets);
		const before = (await stackLib.executionsOf(stack, target.workflowId, { includeData: false })).length;
		expect((await stackLib.sendDelivery(target.productionUrl, delivery)).status).toBe(platforms[id].successStatus);
		await stackLib.waitForExecutionCount(stack, target.workflowId, before + 1, { includeData: false });
		await expectNoNewExecution(stack, target.workflowId, async () => {
			expect((await stackLib.sendDelivery(target.productionUrl, delivery)).status).toBe(platforms[id].successStatus);
		});
	});
});

it('SmartRecruiters: deactivation through the main instance deletes the subscription', async () => {
	await stackLib.deactivateWorkflow(stack, deployed.smartrecruiters);
	expect((await stackLib.smartRecruitersSubscriptions(stack)).filter((s) => s.callbackUrl === deployed.smartrecruiters.productionUrl)).toEqual([]);
});

it('a PostgreSQL that fails to start leaves no server and no cluster folder behind', async () => {
	const clusterFolders = () =>
		readdirSync(tmpdir())
			.filter((name) => name.startsWith('hirehooks-postgres-'))
			.sort();
	const before = clusterFolders();
	// initdb works, then the server cannot bind its port (taken here): the start fails after the cluster exists.
	const taken = createServer(() => {});
	await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
	try {
		const port = (taken.address() as AddressInfo).port;
		await expect(runtime.startPostgres({ port })).rejects.toThrow(/postgres exited/);
	} finally {
		taken.close();
	}
	expect(clusterFolders()).toEqual(before);
});
