/**
 * Delivery faults against a real n8n and the sandbox (issue #6), shared by regular mode
 * (deliveries.test.ts) and queue mode (deliveries-queue.test.ts):
 *
 *  1. load: thousands of events over the five platforms' live triggers, emitted by the sandbox with
 *     bounded concurrency, with retries made real: an n8n restart mid-stream (queue mode: the webhook
 *     process) and "lost responses" (the sandbox drops the answer of an attempt n8n already served and
 *     redelivers the same event, re-signed). One execution per distinct event, none lost, none doubled.
 *  2. bad input: at least 1,000 malformed, forged, stale, replayed, oversized and wrong-method requests
 *     at the live triggers while genuine deliveries keep flowing. Bad ones get a 4xx and start nothing,
 *     replays get the success status and start nothing, genuine ones run once, n8n stays ready.
 *  3. secrets: no credential secret, SmartRecruiters key or sandbox API secret in n8n's log files, in
 *     any execution's data or in any answer to a rejected request.
 *
 * Every event carries a unique `hireHooksFaultId` in its data, which the trigger's item shows, so the
 * executions (read back through n8n's public API) can be matched to what was emitted.
 */
import { platformIds } from '../../core';
import { INSTALL_TIMEOUT_MS, stopStackAndReport } from '../e2e/helpers';
import { runBadInput } from './bad-input-run';
import { type DeliveryFaultPlan, FaultRun, format, startFaultStack } from './fault-run';
import { runLoadWithRestart } from './load-run';
import { checkSecrets } from './secrets-check';

export type { DeliveryFaultPlan } from './fault-run';

/**
 * The three runs share one stack and run in order: the bad-input run counts only executions newer than
 * the load run's, and the secrets check reads what both left behind. Files: fault-run.ts (plan, shared
 * state, stack), fault-deliveries.ts (genuine events), fault-executions.ts (reading runs back, matching),
 * bad-requests.ts, and one file per run.
 */
export function deliveryFaultSuite(plan: DeliveryFaultPlan): void {
	const run = new FaultRun(plan);

	beforeAll(() => startFaultStack(run), INSTALL_TIMEOUT_MS);

	afterAll(() => stopStackAndReport(run.stack, `faults ${plan.mode}`, run.timings, run.log, run.logFile), 120000);

	it(
		`${format(plan.deliveries)} deliveries over the five platforms with lost responses and a restart mid-stream: one execution per event`,
		() => runLoadWithRestart(run),
		60 * 60 * 1000,
	);

	it(
		`${format(plan.badRequests)}+ malformed, forged, stale and replayed requests while genuine deliveries flow: 4xx and no run (replays: acknowledged, no run), n8n ready throughout`,
		() => runBadInput(run),
		30 * 60 * 1000,
	);

	it('secrets appear in no n8n log file, no execution data and no answer to a rejected request', () => checkSecrets(run), 10 * 60 * 1000);
}

/** How many genuine events the load run sends: HIREHOOKS_FAULT_DELIVERIES overrides (a slow or shared machine). */
export function deliveriesFromEnv(fallback: number): number {
	const value = Number(process.env.HIREHOOKS_FAULT_DELIVERIES);
	return Number.isInteger(value) && value >= platformIds.length ? value : fallback;
}
