/**
 * End to end, regular mode: the sandbox plays the five platforms, a real n8n 2.41.1 runs this
 * package installed as a community package (scripts/lib/stack.js), everything on 127.0.0.1.
 * Credentials and workflows are created through n8n's public API; the sandbox signs and sends every
 * catalogue event; the assertions read n8n's executions back through the public API.
 *
 * Needs `npm run build` and `npx tsc -p sandbox/tsconfig.json` first (scripts/test.js does both).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { platformIds, platforms, signDelivery, signHrFlowBatch, signSvix, verifyDelivery, type EventDefinition, type PlatformId, type SignedDelivery } from '../../core';
import {
	INSTALL_TIMEOUT_MS,
	SETTLE_MS,
	type Deployed,
	type Stack,
	deliveriesTo,
	executionCount,
	executionsSettled,
	expectNoNewExecution,
	expectTypedItem,
	expectedItemsOfRequest,
	reportedEventName,
	runtime,
	sleep,
	stackLib,
	suiteLogger,
	withNonce,
	stopStackAndReport,
} from './helpers';

jest.setTimeout(60000);

const { log, file: logFile } = suiteLogger('n8n');
const timings: Record<string, number> = {};
let stack: Stack;
const main = {} as Record<PlatformId, Deployed>;
const allSecrets = new Set<string>();

const setup = (id: PlatformId) => stackLib.platformSetups[id];
const firstEvent = (id: PlatformId): EventDefinition => platforms[id].events[0];
/** An item's id when the platform sends none: the delivery's fingerprint (core/envelope.ts eventIdOf). */
const FINGERPRINT_ID = /^[0-9a-f]{64}(#\d+)?$/;

/** A delivery signed by the core exactly as the platform would send it. */
function signed(id: PlatformId, secrets: unknown, o: { definition?: EventDefinition; data?: unknown; eventId?: string; now?: Date; occurredAt?: Date } = {}): SignedDelivery {
	const definition = o.definition ?? firstEvent(id);
	return signDelivery(
		id,
		{ event: definition.name, data: o.data ?? withNonce(definition.sample), id: o.eventId ?? randomUUID(), occurredAt: o.occurredAt, meta: definition.sampleMeta },
		secrets,
		o.now === undefined ? {} : { now: o.now },
	);
}

/** Keeps the secret values of a deployment (not settings such as a header name) for the leak check. */
function remember(deployed: Deployed): Deployed {
	const secretKeys = deployed.platformId === 'smartrecruiters' ? ['secret'] : platforms[deployed.platformId].secretFields.filter((f) => f.secret).map((f) => f.key);
	for (const key of secretKeys) if (typeof deployed.secrets[key] === 'string') allSecrets.add(deployed.secrets[key]);
	return deployed;
}

beforeAll(async () => {
	const t0 = Date.now();
	stack = await stackLib.startStack({ log });
	timings.startStackMs = Date.now() - t0;
	Object.assign(timings, { ensureInstalledMs: stack.timings.ensureInstalledMs, n8nBootMs: stack.timings.n8nBootMs });
	const t1 = Date.now();
	for (const id of platformIds) main[id] = remember(await stackLib.deployPlatformWorkflow(stack, id, { name: `e2e main: ${platforms[id].displayName}` }));
	timings.deployAllMs = Date.now() - t1;
	log(`stack up; main workflows: ${JSON.stringify(Object.fromEntries(platformIds.map((id) => [id, main[id].workflowId])))}`);
}, INSTALL_TIMEOUT_MS);

afterAll(() => stopStackAndReport(stack, 'regular mode', timings, log, logFile), 60000);

describe.each(platformIds)('%s in a real n8n', (id) => {
	const definitions = platforms[id].events;

	it('has a credential and an active workflow created through the public API, live on its production URL', async () => {
		const deployed = main[id];
		const workflow = await stack.api.getWorkflow(deployed.workflowId);
		expect(workflow.active).toBe(true);
		const trigger = workflow.nodes.find((node: { name: string }) => node.name === deployed.triggerName);
		expect(trigger.type).toBe(setup(id).nodeType);
		expect(trigger.credentials[deployed.credentialType].id).toBe(deployed.credentialId);
		expect(deployed.productionUrl).toBe(`${stack.webhookBaseUrl}/webhook/${deployed.webhookId}/webhook`);
		if (setup(id).kind === 'api') {
			const subscriptions = (await stackLib.smartRecruitersSubscriptions(stack)).filter((s) => s.callbackUrl === deployed.productionUrl);
			expect(subscriptions.map((s) => s.status)).toEqual(['active']);
		} else {
			const endpoints = (await (await fetch(`${stack.sandbox.url}/_sandbox/endpoints`)).json()) as { endpoints: Array<{ id: string; url: string; platform: string }> };
			expect(endpoints.endpoints.filter((e) => e.url === deployed.productionUrl).map((e) => [e.id, e.platform])).toEqual([[deployed.endpointId, id]]);
		}
	});

	it(`delivers all ${definitions.length} catalogue event(s): ${platforms[id].successStatus} each, exactly one execution each, typed items`, async () => {
		const deployed = main[id];
		const t0 = Date.now();
		const sent: Array<{ definition: EventDefinition; eventId: string; deliveryId: string }> = [];
		for (const definition of definitions) {
			const result = await stackLib.emit(stack, id, definition.name);
			const mine = deliveriesTo(result, deployed.productionUrl);
			expect(mine).toHaveLength(1);
			expect([definition.name, mine[0].attempts[0].status]).toEqual([definition.name, platforms[id].successStatus]);
			sent.push({ definition, eventId: result.eventId, deliveryId: mine[0].id });
		}
		timings[`${id}.emitAllMs`] = Date.now() - t0;

		const executions = await executionsSettled(stack, deployed.workflowId, sent.length);
		timings[`${id}.allExecutedMs`] = Date.now() - t0;
		expect(executions).toHaveLength(sent.length);
		const byEvent = new Map<string, Array<{ execution: (typeof executions)[number]; item: any }>>();
		for (const execution of executions) {
			expect([execution.id, execution.mode, execution.status]).toEqual([execution.id, 'webhook', 'success']);
			const items = stackLib.itemsOf(execution);
			expect(items).toHaveLength(1);
			for (const key of new Set([items[0].id, items[0].event])) byEvent.set(key, [...(byEvent.get(key) ?? []), { execution, item: items[0] }]);
		}
		for (const { definition, eventId, deliveryId } of sent) {
			// Items carry the platform's event id where it sends one, else (their id is the delivery's fingerprint) they are told apart by event name.
			const found = byEvent.get(eventId) ?? byEvent.get(reportedEventName(id, definition)) ?? [];
			expect([definition.name, found.length]).toEqual([definition.name, 1]);
			const item = found[0].item;
			// The README's rule, written independently ...
			expectTypedItem(item, id, definition, definition.sample);
			// ... and exactly what the core and the nodes' output code make of the bytes the sandbox sent.
			const record = await stackLib.deliveryDetails(stack, deliveryId);
			expect([item]).toEqual(expectedItemsOfRequest(id, record.attempts[0], deployed.secrets));
			if (!FINGERPRINT_ID.test(item.id)) expect(item.id).toBe(eventId);
		}
	});
});

describe('webhook descriptions in the n8n that runs them', () => {
	it('every trigger of the installed package resolves its webhook description without the expression engine (no isolate per request)', () => {
		// n8n's own predicates, from the n8n-workflow the stack runs, on the node classes of the installed
		// package, loaded in a plain Node process (jest's resolver cannot load them: n8n-workflow is a peer n8n provides).
		const installed = path.join(stack.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-hirehooks');
		const probe = `
			const path = require('node:path');
			const [installed, n8nDir] = process.argv.slice(1);
			const n8nWorkflow = require(require.resolve('n8n-workflow', { paths: [n8nDir] }));
			const out = {};
			for (const file of require(path.join(installed, 'package.json')).n8n.nodes) {
				const NodeClass = Object.values(require(path.join(installed, file)))[0];
				const { name, webhooks, properties } = new NodeClass().description;
				const defaults = Object.fromEntries(properties.map((p) => [p.name, p.default]));
				const resolve = (parameters) => n8nWorkflow.resolveWebhookDescriptionField({ parameters }, webhooks[0], 'httpMethod');
				out[name] = { native: webhooks.every(n8nWorkflow.webhookDescriptionIsNativelyResolvable), httpMethod: webhooks[0].httpMethod, withDefaults: resolve(defaults), put: resolve({ ...defaults, httpMethod: 'PUT' }), expression: resolve({ ...defaults, httpMethod: '={{"PATCH"}}' }) };
			}
			process.stdout.write(JSON.stringify(out));`;
		const n8nDir = path.join(__dirname, '../../e2e/n8n');
		const stdout = execFileSync(process.execPath, ['-e', probe, installed, n8nDir], { env: { ...process.env, NODE_PATH: path.join(n8nDir, 'node_modules') }, encoding: 'utf8' });
		const verdicts = JSON.parse(stdout) as Record<string, { native: boolean; httpMethod: string; withDefaults: unknown; put: unknown; expression: unknown }>;
		expect(Object.keys(verdicts)).toHaveLength(platformIds.length);
		expect(Object.entries(verdicts).filter(([, v]) => !v.native)).toEqual([]);
		// Four triggers listen on a literal POST; the Signed Webhook Trigger's method comes from its parameter: resolved
		// natively (POST by default, PUT when the node says PUT), and left to the engine when the user typed an expression.
		for (const [name, verdict] of Object.entries(verdicts)) if (name !== 'signedWebhookTrigger') expect([name, verdict.httpMethod]).toEqual([name, 'POST']);
		expect(verdicts.signedWebhookTrigger.withDefaults).toEqual({ resolved: true, value: 'POST' });
		expect(verdicts.signedWebhookTrigger.put).toEqual({ resolved: true, value: 'PUT' });
		expect(verdicts.signedWebhookTrigger.expression).toEqual({ resolved: false });
	});
});

describe('HrFlow.ai batches', () => {
	it('a JSON-array delivery of three events is one execution with three items, in order', async () => {
		const deployed = main.hrflow;
		const definitions = platforms.hrflow.events.slice(0, 3);
		const inputs = definitions.map((definition) => ({ event: definition.name, data: withNonce(definition.sample), meta: definition.sampleMeta }));
		const before = await executionCount(stack, deployed.workflowId);
		const response = await stackLib.sendDelivery(deployed.productionUrl, signHrFlowBatch(inputs, { secret: deployed.secrets.secret }, { bodyFormat: 'json-array' }));
		expect(response.status).toBe(200);
		const executions = await executionsSettled(stack, deployed.workflowId, before + 1);
		expect(executions).toHaveLength(before + 1);
		const items = stackLib.itemsOf(executions[0]);
		expect(items.map((item) => item.event)).toEqual(definitions.map((d) => d.name));
		items.forEach((item, index) => expectTypedItem(item, 'hrflow', definitions[index], inputs[index].data));
	});
});

describe('SmartRecruiters subscription lifecycle', () => {
	const id: PlatformId = 'smartrecruiters';
	const mine = async (url: string) => (await stackLib.smartRecruitersSubscriptions(stack)).filter((s) => s.callbackUrl === url);

	it('activation made exactly one active subscription for the production URL, for every catalogue event, with a secret key', async () => {
		const deployed = main[id];
		const subscriptions = await mine(deployed.productionUrl);
		expect(subscriptions).toHaveLength(1);
		expect(subscriptions[0].status).toBe('active');
		expect(subscriptions[0].id).toBe(deployed.subscriptionId);
		expect(subscriptions[0].events.map((e) => e.name).sort()).toEqual(platforms[id].events.map((e) => e.name).sort());
		const key = await stackLib.smartRecruitersSecretKey(stack, subscriptions[0].id);
		expect(key.length).toBeGreaterThanOrEqual(16);
		expect(deployed.secrets.secret).toBe(key);
	});

	it('notifications are signed with that key and answered 202', async () => {
		const deployed = main[id];
		const before = await executionCount(stack, deployed.workflowId);
		const result = await stackLib.emit(stack, id, 'application.created');
		const [delivery] = deliveriesTo(result, deployed.productionUrl);
		const record = await stackLib.deliveryDetails(stack, delivery.id);
		const attempt = record.attempts[0];
		expect(attempt.status).toBe(202);
		expect(attempt.request!.headers['smartrecruiters-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
		const request = { method: attempt.request!.method, headers: attempt.request!.headers, body: attempt.request!.body };
		expect(verifyDelivery(id, request, { secret: deployed.secrets.secret }, { now: new Date(attempt.at) }).id).toBe(result.eventId);
		expect(() => verifyDelivery(id, request, { secret: 'not-the-subscription-key' }, { now: new Date(attempt.at) })).toThrow(/signature/i);
		const executions = await executionsSettled(stack, deployed.workflowId, before + 1);
		expect(executions).toHaveLength(before + 1);
		expect(stackLib.itemsOf(executions[0])[0]).toMatchObject({ event: 'application.created', id: result.eventId, platform: id, entity: 'application', known: true });
	});

	it('deactivation deletes the subscription; re-activation creates exactly one new one', async () => {
		const deployed = main[id];
		const oldId = deployed.subscriptionId;
		await stackLib.deactivateWorkflow(stack, deployed);
		expect(await mine(deployed.productionUrl)).toEqual([]);
		const emitted = await stackLib.emit(stack, id, 'job.created');
		expect(deliveriesTo(emitted, deployed.productionUrl)).toEqual([]);
		// A validly signed delivery to the old URL finds no webhook and starts nothing.
		const late = await expectNoNewExecution(stack, deployed.workflowId, () => stackLib.sendDelivery(deployed.productionUrl, signed(id, deployed.secrets)));
		expect(late.status).toBe(404);

		await stackLib.activateDeployed(stack, deployed);
		const subscriptions = await mine(deployed.productionUrl);
		expect(subscriptions.map((s) => s.status)).toEqual(['active']);
		expect(subscriptions[0].id).not.toBe(oldId);
		allSecrets.add(deployed.secrets.secret);

		const before = await executionCount(stack, deployed.workflowId);
		const result = await stackLib.emit(stack, id, 'job.created');
		expect(deliveriesTo(result, deployed.productionUrl).map((d) => d.attempts[0].status)).toEqual([202]);
		const executions = await executionsSettled(stack, deployed.workflowId, before + 1);
		expect(executions).toHaveLength(before + 1);
		expect(stackLib.itemsOf(executions[0])[0]).toMatchObject({ event: 'job.created', id: result.eventId });
	}, 90000);

	it('restarting n8n (same user folder) leaves exactly one subscription, and deliveries still work on every platform', async () => {
		const deployed = main[id];
		// One delivery per platform before the restart, redelivered after it. The redelivery memory does
		// not survive the restart: the node writes it into its static data, but n8n 2.41 never saves
		// static data written by a webhook whose onReceived answer it defers until the run is registered
		// (the run's Workflow wraps the same static data object again and clears its changed flag before
		// the deferred save looks at it). The triggers leave the answer to n8n on purpose (a 2xx only once
		// a run exists), so this test pins what users get: the redelivery runs once more. When this
		// starts failing, n8n saves that static data: expect no second run again.
		const beforeRestart = {} as Record<PlatformId, { delivery: SignedDelivery; data: unknown; eventId: string; count: number }>;
		for (const platformId of platformIds) {
			const target = main[platformId];
			const data = withNonce(firstEvent(platformId).sample);
			const eventId = randomUUID();
			const delivery = signed(platformId, target.secrets, { data, eventId });
			const count = await executionCount(stack, target.workflowId);
			expect((await stackLib.sendDelivery(target.productionUrl, delivery)).status).toBe(platforms[platformId].successStatus);
			await stackLib.waitForExecutionCount(stack, target.workflowId, count + 1, { includeData: false });
			beforeRestart[platformId] = { delivery, data, eventId, count: count + 1 };
		}
		const before = await stackLib.smartRecruitersSubscriptions(stack);
		const t0 = Date.now();
		let whileDown: Awaited<ReturnType<typeof stackLib.smartRecruitersSubscriptions>> = [];
		await stack.restartN8n({
			whileDown: async () => {
				whileDown = await stackLib.smartRecruitersSubscriptions(stack);
			},
		});
		timings.restartMs = Date.now() - t0;
		for (const platformId of platformIds) await runtime.waitForWebhook(main[platformId].productionUrl, { method: 'POST', timeoutMs: 60000 });
		// Give n8n's start-up activation its time to (wrongly) create anything.
		await sleep(SETTLE_MS);
		const after = await stackLib.smartRecruitersSubscriptions(stack);
		expect(whileDown.map((s) => s.id)).toEqual(before.map((s) => s.id));
		expect(after.map((s) => [s.id, s.callbackUrl, s.status])).toEqual(before.map((s) => [s.id, s.callbackUrl, s.status]));
		expect(after.filter((s) => s.callbackUrl === deployed.productionUrl)).toHaveLength(1);

		for (const platformId of platformIds) {
			const target = main[platformId];
			const { delivery, data, eventId } = beforeRestart[platformId];
			// Platforms that sign a timestamp re-sign a retry (same event id, new timestamp; TalentPools'
			// encrypted event time would also be past its 15 s window by now); the others resend the bytes.
			const redelivery = platforms[platformId].defaultToleranceSeconds === undefined ? delivery : signed(platformId, target.secrets, { data, eventId });
			const replay = await stackLib.sendDelivery(target.productionUrl, redelivery);
			expect([platformId, replay.status]).toEqual([platformId, platforms[platformId].successStatus]);
		}
		await sleep(SETTLE_MS);
		for (const platformId of platformIds) {
			expect([platformId, await executionCount(stack, main[platformId].workflowId)]).toEqual([platformId, beforeRestart[platformId].count + 1]);
		}

		for (const platformId of platformIds) {
			const target = main[platformId];
			const count = await executionCount(stack, target.workflowId);
			const definition = firstEvent(platformId);
			const result = await stackLib.emit(stack, platformId, definition.name, { data: withNonce(definition.sample) });
			expect([platformId, deliveriesTo(result, target.productionUrl).map((d) => d.attempts[0].status)]).toEqual([platformId, [platforms[platformId].successStatus]]);
			const executions = await stackLib.waitForExecutionCount(stack, target.workflowId, count + 1, { timeoutMs: 30000 });
			expect(stackLib.itemsOf(executions[0])[0]).toMatchObject({ event: reportedEventName(platformId, definition), platform: platformId, known: true });
		}
	}, 180000);
});

describe.each(platformIds)('%s: forged, stale and replayed deliveries', (id) => {
	const tolerance = platforms[id].defaultToleranceSeconds;

	it('forged (signed with another secret): 401 signature_mismatch, no run', async () => {
		const deployed = main[id];
		const wrong =
			id === 'smartrecruiters'
				? { secret: 'forged-key-0123456789abcdef' }
				: { ...deployed.secrets, ...setup(id).makeSecrets(), ...(id === 'talentpools' ? { encryptionKey: deployed.secrets.encryptionKey } : {}) };
		const response = await expectNoNewExecution(stack, deployed.workflowId, () => stackLib.sendDelivery(deployed.productionUrl, signed(id, wrong)));
		expect([response.status, response.text]).toEqual([401, 'signature_mismatch']);
		expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
		// n8n's log says which trigger refused what, with the code.
		expect(stack.n8n.logs()).toContain(`"${deployed.triggerName}" rejected a delivery (signature_mismatch)`);
	});

	it('replayed (the same delivery twice): both acknowledged, one run', async () => {
		const deployed = main[id];
		const delivery = signed(id, deployed.secrets);
		const before = await executionCount(stack, deployed.workflowId);
		const first = await stackLib.sendDelivery(deployed.productionUrl, delivery);
		expect(first.status).toBe(platforms[id].successStatus);
		await stackLib.waitForExecutionCount(stack, deployed.workflowId, before + 1);
		const second = await stackLib.sendDelivery(deployed.productionUrl, delivery);
		expect([second.status, second.text]).toEqual([platforms[id].successStatus, '']);
		await sleep(SETTLE_MS);
		expect(await executionCount(stack, deployed.workflowId)).toBe(before + 1);
	});

	if (tolerance !== undefined) {
		it(`stale (signed ${tolerance + 60} s ago): 401 timestamp_out_of_tolerance, no run`, async () => {
			const deployed = main[id];
			const delivery = signed(id, deployed.secrets, { now: new Date(Date.now() - (tolerance + 60) * 1000), occurredAt: new Date() });
			const response = await expectNoNewExecution(stack, deployed.workflowId, () => stackLib.sendDelivery(deployed.productionUrl, delivery));
			expect([response.status, response.text]).toEqual([401, 'timestamp_out_of_tolerance']);
		});

		it(`replayed after the ${tolerance} s window: 401 timestamp_out_of_tolerance, no second run`, async () => {
			const deployed = main[id];
			// Signed just inside the window: accepted now, outside it a few seconds later.
			const signedAtMs = Math.floor((Date.now() - (tolerance - 4) * 1000) / 1000) * 1000;
			const delivery = signed(id, deployed.secrets, { now: new Date(signedAtMs), occurredAt: new Date() });
			const before = await executionCount(stack, deployed.workflowId);
			const first = await stackLib.sendDelivery(deployed.productionUrl, delivery);
			expect(first.status).toBe(platforms[id].successStatus);
			await stackLib.waitForExecutionCount(stack, deployed.workflowId, before + 1);
			const wait = signedAtMs + (tolerance + 1.5) * 1000 - Date.now();
			if (wait > 0) await sleep(wait);
			const replay = await expectNoNewExecution(stack, deployed.workflowId, () => stackLib.sendDelivery(deployed.productionUrl, delivery));
			expect([replay.status, replay.text]).toEqual([401, 'timestamp_out_of_tolerance']);
			expect(await executionCount(stack, deployed.workflowId)).toBe(before + 1);
		}, 30000);
	}
});

describe('issue 14: hostile bodies and late retries against live triggers', () => {
	it('HrFlow: a forged 16 MB request is refused (413 body_too_large) without a run; a forged 7 MB one under the cap is refused (400, over the JSON member bound) without a run', async () => {
		const deployed = main.hrflow;
		const forgedSignature = { 'content-type': 'application/json', 'HTTP-HRFLOW-SIGNATURE': 'ab'.repeat(32) };
		const element = JSON.stringify({ type: 'profile.parsing.success', origin: 'api', message: 'x', profile: { key: 'k', source: { key: 's' } } });
		const arrayOf = (bytes: number) => `[${Array.from({ length: Math.floor(bytes / (element.length + 1)) }, () => element).join(',')}]`;
		const huge = arrayOf(16_000_000);
		expect(huge.length).toBeGreaterThan(15_900_000);
		const refused = await expectNoNewExecution(stack, deployed.workflowId, () =>
			stackLib.sendDelivery(deployed.productionUrl, { method: 'POST', headers: forgedSignature, body: huge }),
		);
		expect([refused.status, refused.text]).toEqual([413, 'body_too_large']);
		const underCap = await expectNoNewExecution(stack, deployed.workflowId, () =>
			stackLib.sendDelivery(deployed.productionUrl, { method: 'POST', headers: forgedSignature, body: arrayOf(7_000_000) }),
		);
		// 60,000 events of nine members each: over the bound on members, refused before the second HMAC.
		expect([underCap.status, underCap.text]).toEqual([400, 'malformed_body']);
	}, 60000);

	it('TalentPools: an event retried 60 s late, after the trigger was unreachable, runs exactly once', async () => {
		const deployed = main.talentpools;
		// Svix's first attempt, 60 s ago, found no trigger (the workflow was inactive: n8n answers 404).
		const eventAt = new Date(Date.now() - 60_000);
		const firstAttempt = signed('talentpools', deployed.secrets, { now: eventAt, occurredAt: eventAt, eventId: `msg_late_${randomUUID()}` });
		await stackLib.deactivateWorkflow(stack, deployed);
		try {
			const missed = await expectNoNewExecution(stack, deployed.workflowId, () => stackLib.sendDelivery(deployed.productionUrl, firstAttempt));
			expect(missed.status).toBe(404);
		} finally {
			await stackLib.activateDeployed(stack, deployed);
		}
		// Svix's retry: the same svix-id and encrypted body (its timestamp now 60 s old), re-signed now.
		const retry = {
			...firstAttempt,
			headers: { ...firstAttempt.headers, ...signSvix(firstAttempt.body, [deployed.secrets.signingSecret], { id: firstAttempt.headers['svix-id'] }) },
		};
		const before = await executionCount(stack, deployed.workflowId);
		const accepted = await stackLib.sendDelivery(deployed.productionUrl, retry);
		expect(accepted.status).toBe(200);
		const executions = await stackLib.waitForExecutionCount(stack, deployed.workflowId, before + 1);
		expect(stackLib.itemsOf(executions[0])[0]).toMatchObject({ id: firstAttempt.headers['svix-id'], occurredAt: eventAt.toISOString() });
		// A further retry (its answer was lost) is acknowledged and starts no second run.
		const again = { ...retry, headers: { ...retry.headers, ...signSvix(retry.body, [deployed.secrets.signingSecret], { id: retry.headers['svix-id'] }) } };
		const acknowledged = await expectNoNewExecution(stack, deployed.workflowId, () => stackLib.sendDelivery(deployed.productionUrl, again));
		expect([acknowledged.status, acknowledged.text]).toEqual([200, '']);
		expect(await executionCount(stack, deployed.workflowId)).toBe(before + 1);
	}, 120000);
});

describe.each(platformIds)('%s: events the trigger does not select', (id) => {
	it('are acknowledged with the success status and start no run', async () => {
		const definitions = platforms[id].events;
		// The generic sender's events are the payload's own names; the others pick from the catalogue.
		const selectedName = id === 'signed-webhook' ? 'invoice.paid' : definitions[0].name;
		const other = id === 'signed-webhook' ? definitions[0] : definitions[definitions.length - 1];
		const filtered = remember(
			await stackLib.deployPlatformWorkflow(stack, id, { name: `e2e filtered: ${platforms[id].displayName}`, events: [selectedName], registerEndpoint: false }),
		);
		try {
			if (id === 'smartrecruiters') {
				const [subscription] = (await stackLib.smartRecruitersSubscriptions(stack)).filter((s) => s.callbackUrl === filtered.productionUrl);
				expect(subscription.events.map((e) => e.name)).toEqual([selectedName]);
				// SmartRecruiters itself would not send it to this subscription ...
				const emitted = await stackLib.emit(stack, id, other.name);
				expect(deliveriesTo(emitted, filtered.productionUrl)).toEqual([]);
			}
			// ... and a signed delivery of it anyway is acknowledged without a run.
			const response = await expectNoNewExecution(stack, filtered.workflowId, () =>
				stackLib.sendDelivery(filtered.productionUrl, signed(id, filtered.secrets, { definition: other })),
			);
			expect([response.status, response.text]).toEqual([platforms[id].successStatus, '']);
			// The selected event does start a run.
			const data = id === 'signed-webhook' ? { event: selectedName, invoice: { id: 7, total: 42 }, e2eNonce: randomUUID() } : undefined;
			const accepted = await stackLib.sendDelivery(filtered.productionUrl, signed(id, filtered.secrets, { definition: definitions[0], data }));
			expect(accepted.status).toBe(platforms[id].successStatus);
			const executions = await executionsSettled(stack, filtered.workflowId, 1);
			expect(executions.map((e) => stackLib.itemsOf(e)[0].event)).toEqual([selectedName]);
		} finally {
			await stackLib.deactivateWorkflow(stack, filtered);
		}
	}, 60000);
});

describe.each(platformIds)('%s: the editor test URL (/webhook-test/...)', (id) => {
	it('works while n8n listens for a test event, with a manual execution holding the item', async () => {
		const deployed = main[id];
		const productionSubscription = deployed.subscriptionId;
		// Not listening: the test URL is not registered.
		const early = await stackLib.sendDelivery(deployed.testUrl, signed(id, deployed.secrets));
		expect(early.status).toBe(404);
		await stackLib.listenForTestEvent(stack, deployed);
		let secrets = deployed.secrets;
		if (id === 'smartrecruiters') {
			// Listening subscribed the test URL on its own; the production subscription is untouched.
			const subscriptions = await stackLib.smartRecruitersSubscriptions(stack);
			const forTest = subscriptions.filter((s) => s.callbackUrl === deployed.testUrl);
			expect(forTest.map((s) => s.status)).toEqual(['active']);
			expect(forTest[0].id).not.toBe(productionSubscription);
			expect(subscriptions.filter((s) => s.callbackUrl === deployed.productionUrl).map((s) => s.id)).toEqual([productionSubscription]);
			secrets = { secret: await stackLib.smartRecruitersSecretKey(stack, forTest[0].id) };
			allSecrets.add(secrets.secret);
			expect(secrets.secret).not.toBe(deployed.secrets.secret);
			// The production key does not open the test URL: the refusal fails the test run (the editor
			// shows it, compat/checks.ts) and ends the listening, so listen again.
			const manualBeforeCrossed = await executionCount(stack, deployed.workflowId, 'manual');
			await stackLib.sendDelivery(deployed.testUrl, signed(id, deployed.secrets));
			const [refused] = await stackLib.waitFor('the refused test run', async () => {
				const list = (await stackLib.executionsOf(stack, deployed.workflowId)).filter((e) => e.mode === 'manual' && (e.finished || e.stoppedAt));
				return list.length > manualBeforeCrossed ? { done: true, value: list } : { why: `${list.length} manual` };
			});
			expect([refused.status, String(refused.data?.resultData?.error?.message)]).toEqual(['error', expect.stringContaining('(signature_mismatch)')]);
			await runtime.waitForWebhook(deployed.testUrl, { method: 'POST', gone: true });
			await stackLib.waitForSubscriptions(stack, deployed.testUrl, (list) => list.length === 0, { what: 'no test subscription' });
			await stackLib.listenForTestEvent(stack, deployed);
			const again = (await stackLib.smartRecruitersSubscriptions(stack)).filter((s) => s.callbackUrl === deployed.testUrl);
			secrets = { secret: await stackLib.smartRecruitersSecretKey(stack, again[0].id) };
			allSecrets.add(secrets.secret);
		}
		const manualBefore = await executionCount(stack, deployed.workflowId, 'manual');
		const productionBefore = await executionCount(stack, deployed.workflowId, 'webhook');
		const definition = firstEvent(id);
		const data = withNonce(definition.sample);
		const eventId = randomUUID();
		const response = await stackLib.sendDelivery(deployed.testUrl, signed(id, secrets, { data, eventId }));
		expect(response.status).toBe(platforms[id].successStatus);
		const manual = await stackLib.waitFor('the manual execution', async () => {
			const list = (await stackLib.executionsOf(stack, deployed.workflowId)).filter((e) => e.mode === 'manual' && (e.finished || e.stoppedAt));
			return list.length > manualBefore ? { done: true, value: list } : { why: `${list.length} manual` };
		});
		expect(manual).toHaveLength(manualBefore + 1);
		const [item] = stackLib.itemsOf(manual[0]);
		expectTypedItem(item, id, definition, data);
		if (!FINGERPRINT_ID.test(item.id)) expect(item.id).toBe(eventId);
		expect(await executionCount(stack, deployed.workflowId, 'webhook')).toBe(productionBefore);
		// One run ends the listening: the test URL is gone, and so is its SmartRecruiters subscription.
		await runtime.waitForWebhook(deployed.testUrl, { method: 'POST', gone: true });
		if (id === 'smartrecruiters') {
			await stackLib.waitForSubscriptions(stack, deployed.testUrl, (list) => list.length === 0, { what: 'no test subscription' });
			expect((await stackLib.smartRecruitersSubscriptions(stack)).filter((s) => s.callbackUrl === deployed.productionUrl).map((s) => s.id)).toEqual([productionSubscription]);
		}
	}, 60000);

	if (id === 'smartrecruiters') {
		it('stopping to listen deletes the test subscription and keeps the production one', async () => {
			const deployed = main[id];
			await stackLib.listenForTestEvent(stack, deployed);
			expect((await stackLib.smartRecruitersSubscriptions(stack)).filter((s) => s.callbackUrl === deployed.testUrl)).toHaveLength(1);
			await stackLib.stopListening(stack, deployed);
			await stackLib.waitForSubscriptions(stack, deployed.testUrl, (list) => list.length === 0, { what: 'no test subscription' });
			const production = (await stackLib.smartRecruitersSubscriptions(stack)).filter((s) => s.callbackUrl === deployed.productionUrl);
			expect(production.map((s) => [s.id, s.status])).toEqual([[deployed.subscriptionId, 'active']]);
		}, 60000);
	}
});

describe('SmartRecruiters with the OAuth2 credential (client credentials against the sandbox)', () => {
	it('is created through the public API, subscribes on activation, receives, and unsubscribes', async () => {
		const deployed = await stackLib.deployPlatformWorkflow(stack, 'smartrecruiters', { name: 'e2e OAuth2: SmartRecruiters', auth: 'oAuth2', events: ['candidate.created'] });
		allSecrets.add(deployed.secrets.secret);
		try {
			expect(deployed.credentialType).toBe(setup('smartrecruiters').oauth2CredentialType);
			const [subscription] = (await stackLib.smartRecruitersSubscriptions(stack)).filter((s) => s.callbackUrl === deployed.productionUrl);
			expect([subscription.status, subscription.events.map((e) => e.name)]).toEqual(['active', ['candidate.created']]);
			const result = await stackLib.emit(stack, 'smartrecruiters', 'candidate.created');
			expect(deliveriesTo(result, deployed.productionUrl).map((d) => d.attempts[0].status)).toEqual([202]);
			const executions = await executionsSettled(stack, deployed.workflowId, 1);
			expect(executions).toHaveLength(1);
			expect(stackLib.itemsOf(executions[0])[0]).toMatchObject({ event: 'candidate.created', id: result.eventId, platform: 'smartrecruiters', known: true });
		} finally {
			await stackLib.deactivateWorkflow(stack, deployed);
		}
		expect((await stackLib.smartRecruitersSubscriptions(stack)).filter((s) => s.callbackUrl === deployed.productionUrl)).toEqual([]);
	}, 60000);
});

describe('the sandbox side', () => {
	it('saw every delivery it made accepted at the first attempt: no retry, nothing pending or failed', async () => {
		const { deliveries } = (await (await fetch(`${stack.sandbox.url}/_sandbox/deliveries`)).json()) as {
			deliveries: Array<{ platform: string; event: string; status: string; attempts: unknown[] }>;
		};
		expect(deliveries.length).toBeGreaterThan(platformIds.reduce((n, id) => n + platforms[id].events.length, 0));
		expect(deliveries.filter((d) => d.status !== 'delivered' || d.attempts.length !== 1).map((d) => `${d.platform} ${d.event}: ${d.status} after ${d.attempts.length}`)).toEqual(
			[],
		);
		expect((await fetch(`${stack.sandbox.url}/_sandbox/idle?timeoutMs=2000`)).status).toBe(200);
	});
});

describe('secrets', () => {
	it('appear in no n8n log file and in no execution data', async () => {
		const secrets = [...new Set([...allSecrets, ...stack.secretValues()])].filter((s) => s.length >= 8);
		expect(secrets.length).toBeGreaterThan(8);
		const logs = stack.logFiles();
		expect(logs.length).toBeGreaterThan(0);
		const haystacks: Array<[string, string]> = logs.map((f) => [f, fs.readFileSync(f, 'utf8')]);
		const executions = await stack.api.listExecutions({ includeData: true });
		expect(executions.length).toBeGreaterThan(platformIds.reduce((n, id) => n + platforms[id].events.length, 0));
		haystacks.push(['executions (includeData)', JSON.stringify(executions)]);
		const leaks = haystacks.flatMap(([where, text]) => secrets.filter((secret) => text.includes(secret)).map((secret) => `${secret.slice(0, 6)}… in ${where}`));
		expect(leaks).toEqual([]);
	}, 60000);
});
