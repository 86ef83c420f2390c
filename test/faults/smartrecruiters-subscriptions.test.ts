/**
 * Issue #6, SmartRecruiters subscription faults, against a real n8n 2.41.1 and the sandbox: the
 * Webhooks API answers 5xx, loses answers (connection resets) or answers after the node's request
 * timeout, on create, activation (including a failed X-Hook-Secret handshake) and delete; n8n
 * restarts while deliveries flow; the workflow is activated and deactivated 50 times.
 *
 * Proven at the end: no subscription left in the sandbox (none inactive either), never two for one
 * callback URL (sampled every 50 ms from the sandbox's state, and read through its API at every
 * step), every event emitted while the workflow was active ran exactly once, and an activation that
 * truly failed is reported by n8n naming SmartRecruiters and the cause, without a secret.
 *
 * Needs `npm run build` and `npx tsc -p sandbox/tsconfig.json` first.
 */
import fs from 'node:fs';
import { SMARTRECRUITERS_REQUEST_TIMEOUT_MS } from '../../core/platforms/smartrecruiters/api';
import { INSTALL_TIMEOUT_MS, type Deployed, type PublicationStatus, type Stack, runtime, sleep, stackLib, stopStackAndReport, suiteLogger } from '../e2e/helpers';
import type { FaultSpec } from '../../sandbox/faults';
import { recordFaultRow } from './results';

jest.setTimeout(15 * 60 * 1000);

const CYCLES = 50;
const EVENT = 'application.created';
/** Just beyond the node's request timeout: the call is carried out, but after n8n stopped waiting. */
const LATE_MS = SMARTRECRUITERS_REQUEST_TIMEOUT_MS + 300;

const { log, file: logFile } = suiteLogger('faults-smartrecruiters-subscriptions');
const timings: Record<string, number> = {};
let stack: Stack;
let deployed: Deployed;
/** Stops the sampler of subscriptions per callback URL started in beforeAll. */
let stopSampler: (() => void) | undefined;

type FaultKind = '5xx' | 'timeout' | 'handshake';

/** What was injected and consumed, per kind (a fault counts once per call it answered). */
const survived: Record<FaultKind, number> = { '5xx': 0, timeout: 0, handshake: 0 };
/** Event id → whether the workflow was active when it was emitted. */
const ledger = new Map<string, { active: boolean; cycle: number }>();
const checkpoints: Array<{ at: string; forUrl: number }> = [];
let maxPerUrlSampled = 0;
let samples = 0;
let restarts = 0;
let orphanWindows = 0;

/** One call to the sandbox's admin API; `T` is the shape of its answer. */
async function sandboxJson<T = undefined>(method: string, path: string, body?: unknown): Promise<T> {
	const response = await fetch(`${stack.sandbox.url}${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(30000),
	});
	const text = await response.text();
	if (response.status >= 300) throw new Error(`${method} ${path} -> ${response.status}: ${text}`);
	return (text === '' ? undefined : JSON.parse(text)) as T;
}

const inject = async (kind: FaultKind, spec: FaultSpec): Promise<void> => {
	await sandboxJson('POST', '/_sandbox/faults', spec);
	survived[kind] += spec.times ?? 1;
	log(`fault ${kind}: ${JSON.stringify(spec)}`);
};

/** Every injected fault was used up by the step it was meant for. */
async function expectFaultsConsumed(what: string): Promise<void> {
	const { faults } = await sandboxJson<{ faults: Array<{ routeName: string; remaining: number }> }>('GET', '/_sandbox/faults');
	expect([what, faults.map((f) => `${f.routeName} ×${f.remaining}`)]).toEqual([what, []]);
}

/** Subscriptions through the sandbox's Webhooks API; never more than one for a callback URL. */
async function checkpoint(at: string): Promise<Array<{ id: string; callbackUrl: string; status: string }>> {
	const all = await stackLib.smartRecruitersSubscriptions(stack);
	const perUrl = new Map<string, number>();
	for (const s of all) perUrl.set(s.callbackUrl, (perUrl.get(s.callbackUrl) ?? 0) + 1);
	expect([at, [...perUrl.entries()].filter(([, n]) => n > 1)]).toEqual([at, []]);
	const mine = all.filter((s) => s.callbackUrl === deployed.productionUrl);
	checkpoints.push({ at, forUrl: mine.length });
	return mine;
}

async function activate(cycle: number): Promise<void> {
	await stackLib.activateDeployed(stack, deployed);
	const mine = await checkpoint(`cycle ${cycle} active`);
	expect([cycle, mine.map((s) => [s.id, s.status])]).toEqual([cycle, [[deployed.subscriptionId, 'active']]]);
	stack.secrets.add(deployed.secrets.secret);
}

async function deactivate(cycle: number): Promise<void> {
	await stackLib.deactivateWorkflow(stack, deployed);
	expect([cycle, await checkpoint(`cycle ${cycle} inactive`)]).toEqual([cycle, []]);
}

async function emitOne(cycle: number, active: boolean): Promise<void> {
	const result = await stackLib.emit(stack, 'smartrecruiters', EVENT);
	ledger.set(result.eventId, { active, cycle });
	const mine = result.deliveries.filter((d) => (d.url ?? d.target?.url) === deployed.productionUrl);
	// Active: exactly one delivery (one subscription), accepted at once. Inactive: none at all.
	expect([cycle, active, mine.map((d) => d.attempts[0].status)]).toEqual([cycle, active, active ? [202] : []]);
}

/** n8n restarts (drained) while events are emitted every 150 ms; the sandbox retries what n8n missed. */
async function restartWhileDelivering(cycle: number): Promise<void> {
	let flowing = true;
	const emitted: string[] = [];
	const flow = (async () => {
		while (flowing) {
			const result = await stackLib.emit(stack, 'smartrecruiters', EVENT);
			ledger.set(result.eventId, { active: true, cycle });
			emitted.push(result.eventId);
			expect(result.deliveries.filter((d) => (d.url ?? d.target?.url) === deployed.productionUrl)).toHaveLength(1);
			await sleep(150);
		}
	})();
	const t0 = Date.now();
	try {
		await sleep(500);
		// Drained first, as a load balancer does before a restart: a notification n8n ran but whose 202
		// the restart cut off would come back and run again (n8n 2.41 does not save the redelivery memory
		// of runs it answers itself; docs/operating-n8n.md, rule 2). Once n8n is down the platform sends again,
		// meets a closed port and retries.
		const sandbox = stack.sandbox as unknown as { holdDeliveries(): Promise<void>; resumeDeliveries(): void };
		await sandbox.holdDeliveries();
		await stack.restartN8n({ whileDown: async () => sandbox.resumeDeliveries() });
		await runtime.waitForWebhook(deployed.productionUrl, { method: 'POST', timeoutMs: 60000 });
		await sleep(1000);
	} finally {
		flowing = false;
		await flow;
	}
	restarts++;
	timings[`restart${restarts}Ms`] = Date.now() - t0;
	// Every retry settled (delivered) before the workflow is touched again.
	expect((await fetch(`${stack.sandbox.url}/_sandbox/idle?timeoutMs=90000`, { signal: AbortSignal.timeout(100000) })).status).toBe(200);
	const failed = (await sandboxJson<{ deliveries: Array<{ eventId: string; status: string }> }>('GET', '/_sandbox/deliveries?platform=smartrecruiters')).deliveries.filter(
		(d) => emitted.includes(d.eventId) && d.status !== 'delivered',
	);
	expect(failed).toEqual([]);
	log(`restart ${restarts} at cycle ${cycle}: ${emitted.length} events while restarting`);
	const mine = await checkpoint(`cycle ${cycle} after restart`);
	expect(mine.map((s) => [s.id, s.status])).toEqual([[deployed.subscriptionId, 'active']]);
}

beforeAll(async () => {
	const t0 = Date.now();
	stack = await stackLib.startStack({
		log,
		// Compressed, but long enough (65 s in all) to outlast an n8n restart on a slow machine.
		sandboxOptions: { retrySchedule: { delaysMs: { smartrecruiters: [250, 500, 1000, 2000, 3000, 5000, 8000, 10000, 15000, 20000] } } },
	});
	timings.startStackMs = Date.now() - t0;
	deployed = await stackLib.deployPlatformWorkflow(stack, 'smartrecruiters', { name: 'faults: SmartRecruiters subscriptions', events: [EVENT, 'job.created'], activate: false });
	const sampler = setInterval(() => {
		const perUrl = new Map<string, number>();
		for (const s of stack.sandbox.state.subscriptions.values()) perUrl.set(s.callbackUrl, (perUrl.get(s.callbackUrl) ?? 0) + 1);
		maxPerUrlSampled = Math.max(maxPerUrlSampled, ...perUrl.values(), 0);
		samples++;
	}, 50);
	sampler.unref();
	stopSampler = () => clearInterval(sampler);
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
	stopSampler?.();
	await stopStackAndReport(stack, 'faults, regular mode', timings, log, logFile);
}, 120000);

it(`survives API faults, restarts and ${CYCLES} activate/deactivate cycles without orphans, duplicates, lost or doubled events`, async () => {
	const t0 = Date.now();
	let activationError = '';
	let orphanId: string | undefined;

	for (let cycle = 1; cycle <= CYCLES; cycle++) {
		// Faults during activation: each is absorbed by the node's retries, or by n8n's own (it retries a failed create after 1 s).
		switch (cycle % 10) {
			case 1:
				await inject('5xx', { route: 'subscriptions.create', status: 500, times: 2 });
				break;
			case 2:
				await inject('5xx', { route: 'subscriptions.activate', status: 503 });
				break;
			case 3:
				await inject('timeout', { route: 'subscriptions.create', reset: true });
				break;
			case 4:
				await inject('timeout', { route: 'subscriptions.activate', reset: true });
				break;
			case 5:
				// SmartRecruiters' answer when the X-Hook-Secret POST to the callback URL failed (as the sandbox words it).
				await inject('handshake', {
					route: 'subscriptions.activate',
					status: 400,
					body: {
						message: 'Subscription activation failed: the callback URL did not answer within 20000 ms. The subscription stays inactive.',
						errors: [{ code: 'ACTIVATION_FAILED', message: 'Handshake failed' }],
					},
				});
				break;
			case 6:
				// (Not after the refused DELETE of cycle 15: that activation takes the live subscription up again, creating nothing.)
				if (cycle !== 16) await inject('5xx', { route: 'subscriptions.secretKey.create', status: 502 });
				break;
			case 7:
				if (cycle === 7) await inject('timeout', { route: 'subscriptions.create', delayMs: LATE_MS });
				break;
			default:
				break;
		}
		const ta = Date.now();
		await activate(cycle);
		await expectFaultsConsumed(`cycle ${cycle} activation`);
		if (cycle === 16) {
			// checkExists found the subscription the refused DELETE left (stored, active, with its key): it is this node's again.
			expect(deployed.subscriptionId).toBe(orphanId);
			orphanId = undefined;
		}
		timings.maxActivateMs = Math.max(timings.maxActivateMs ?? 0, Date.now() - ta);

		await emitOne(cycle, true);
		if (cycle === 20) await restartWhileDelivering(cycle);
		// n8n 2.41 keeps production webhooks in its database across a restart and calls no webhook method
		// for them at start-up (no checkExists, no create): the subscription simply carries on.
		if (cycle === 40) await restartWhileDelivering(cycle);

		// Faults during deactivation.
		switch (cycle % 10) {
			case 2:
				await inject('5xx', { route: 'subscriptions.delete', status: 500 });
				break;
			case 3:
				await inject('5xx', { route: 'subscriptions.delete', status: 502, times: 2 });
				break;
			case 4:
				await inject('timeout', { route: 'subscriptions.delete', reset: true });
				break;
			case 8:
				if (cycle === 8) await inject('timeout', { route: 'subscriptions.delete', delayMs: LATE_MS });
				break;
			default:
				break;
		}
		const td = Date.now();
		if (cycle === 15) {
			// DELETE fails for every try: the node's 3 × n8n's 3. n8n gives up, logs it and forgets the webhook;
			// the subscription outlives the deactivation until the next activation removes it.
			await inject('5xx', { route: 'subscriptions.delete', status: 500, times: 9 });
			orphanId = deployed.subscriptionId;
			const response = await stack.api.deactivate(deployed.workflowId);
			expect(response.active).toBe(false);
			await runtime.waitForWebhook(deployed.productionUrl, { method: 'POST', gone: true, timeoutMs: 30000 });
			await stackLib.waitFor(
				'n8n to report the failed deregistration',
				async () => {
					const logs = stack.n8n.logs() as string;
					return logs.includes('External webhook deregistration failed') ? { done: true } : { why: 'not logged yet' };
				},
				{ timeoutMs: 60000, intervalMs: 250 },
			);
			await expectFaultsConsumed(`cycle ${cycle} deactivation`);
			const left = await checkpoint(`cycle ${cycle} inactive, DELETE refused`);
			expect(left.map((s) => s.id)).toEqual([orphanId]);
			orphanWindows++;
			const logs = stack.n8n.logs() as string;
			const line = logs.split('\n').find((l) => l.includes('External webhook deregistration failed')) ?? '';
			log(`n8n on the failed delete: ${line.slice(0, 400)}`);
			expect(line).toMatch(/SmartRecruiters refused deleting the webhook subscription \(HTTP 500\)/);
		} else {
			await deactivate(cycle);
			await expectFaultsConsumed(`cycle ${cycle} deactivation`);
			if (cycle % 5 === 0) await emitOne(cycle, false);
		}
		timings.maxDeactivateMs = Math.max(timings.maxDeactivateMs ?? 0, Date.now() - td);
		log(`cycle ${cycle} done (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

		if (cycle === 30) {
			// An activation that truly fails: POST /subscriptions answers 500 to every try.
			await inject('5xx', { route: 'subscriptions.create', status: 500, times: 1000 });
			const tf = Date.now();
			const response = await stack.api.activate(deployed.workflowId);
			log(`public API activate answered: ${JSON.stringify({ active: response.active })}`);
			const failure = await stackLib.waitFor<PublicationStatus>(
				'the activation to fail',
				async () => {
					const status = await stackLib.publicationStatus(stack, deployed.workflowId);
					return status.status === 'failed' ? { done: true, value: status } : { why: status.status };
				},
				{ timeoutMs: 120000, intervalMs: 250 },
			);
			timings.failedActivationMs = Date.now() - tf;
			const { faults } = await sandboxJson<{ faults: Array<{ routeName: string; remaining: number }> }>('GET', '/_sandbox/faults');
			const creates = 1000 - (faults[0]?.remaining ?? 1000);
			survived['5xx'] -= 1000 - creates;
			await sandboxJson('DELETE', '/_sandbox/faults');
			activationError = String(failure.triggers?.[0]?.errorMessage ?? '');
			log(`activation error (${creates} POST /subscriptions tried): ${activationError}`);
			expect(activationError).toMatch(/SmartRecruiters/);
			expect(activationError).toMatch(/creating the webhook subscription \(HTTP 500\)/);
			expect(activationError).toMatch(/server error/);
			for (const secret of stack.secretValues()) expect(activationError.includes(secret)).toBe(false);
			// n8n tried a few times (its 5 × the node's 3) and gave up; nothing was left subscribed.
			expect(creates).toBeGreaterThanOrEqual(3);
			expect(await checkpoint('after the failed activation')).toEqual([]);
			await stack.api.deactivate(deployed.workflowId);
			await runtime.waitForWebhook(deployed.productionUrl, { method: 'POST', gone: true, timeoutMs: 30000 });
			await sleep(1000);
			expect(await checkpoint('failed activation, deactivated')).toEqual([]);
		}
	}
	timings.cyclesMs = Date.now() - t0;

	// The end: nothing left, nothing inactive, nothing pending.
	const all = await stackLib.smartRecruitersSubscriptions(stack);
	expect(all).toEqual([]);
	expect((await fetch(`${stack.sandbox.url}/_sandbox/idle?timeoutMs=30000`)).status).toBe(200);
	const pending = (await sandboxJson<{ deliveries: unknown[] }>('GET', '/_sandbox/deliveries?platform=smartrecruiters&status=pending')).deliveries;
	expect(pending).toEqual([]);

	const expected = [...ledger.entries()].filter(([, e]) => e.active).map(([id]) => id);
	const executions = await stackLib.waitForExecutionCount(stack, deployed.workflowId, expected.length, { timeoutMs: 60000, includeData: true });
	await sleep(1500);
	const final = await stackLib.executionsOf(stack, deployed.workflowId, { includeData: true });
	const runs = new Map<string, number>();
	for (const execution of final) {
		expect([execution.id, execution.status]).toEqual([execution.id, 'success']);
		for (const item of stackLib.itemsOf(execution)) runs.set(item.id, (runs.get(item.id) ?? 0) + 1);
	}
	const lost = expected.filter((id) => !runs.has(id));
	const doubled = [...runs.entries()].filter(([, n]) => n > 1).map(([id]) => id);
	const unexpected = [...runs.keys()].filter((id) => ledger.get(id)?.active !== true);
	expect({ lost, doubled, unexpected }).toEqual({ lost: [], doubled: [], unexpected: [] });
	expect(final).toHaveLength(expected.length);
	expect(executions.length).toBeGreaterThanOrEqual(expected.length);
	expect(maxPerUrlSampled).toBeLessThanOrEqual(1);
	expect(samples).toBeGreaterThan(100);

	// No secret (API key, OAuth client secret, subscription keys) in n8n's logs.
	const secrets = stack.secretValues();
	const leaks = stack.logFiles().flatMap((f) => secrets.filter((s) => fs.readFileSync(f, 'utf8').includes(s)).map((s) => `${s.slice(0, 4)}… in ${f}`));
	expect(leaks).toEqual([]);

	const seconds = Math.round((Date.now() - t0) / 1000);
	const figures = {
		orphans: all.length,
		inactiveLeftovers: all.filter((s) => s.status === 'inactive').length,
		duplicates: Math.max(0, maxPerUrlSampled - 1),
		maxSubscriptionsPerUrlSampled: maxPerUrlSampled,
		stateSamples: samples,
		apiCheckpoints: checkpoints.length,
		cycles: CYCLES,
		eventsEmittedActive: expected.length,
		eventsEmittedInactive: ledger.size - expected.length,
		executions: final.length,
		restarts,
		orphanWindowsAfterRefusedDelete: orphanWindows,
		failedActivationMs: timings.failedActivationMs,
		seconds,
	};
	log(`figures ${JSON.stringify(figures)}`);
	recordFaultRow('smartrecruiters-subscriptions', {
		kind: 'subscriptions',
		scenario: `SmartRecruiters subscriptions: ${CYCLES} activate/deactivate cycles with Webhooks API 5xx, lost and late answers, failed handshakes and n8n restarts`,
		mode: 'regular',
		loadHeld: `${CYCLES} activate/deactivate cycles, ${ledger.size} events (${expected.length} while active) in ${seconds} s`,
		faultsSurvived: `${survived['5xx']} × 5xx, ${survived.timeout} timeouts (lost or late answers), ${survived.handshake} failed handshake(s), ${restarts} restarts, 1 activation failing for good`,
		badInputsTried: 0,
		eventsLost: lost.length,
		eventsDoubled: doubled.length,
		figures,
	});
	process.stdout.write(`smartrecruiters-subscriptions figures: ${JSON.stringify(figures)}\n  activation error: ${activationError}\n`);
});
