/**
 * The bad-input run of the delivery-fault suite: malformed, forged, stale and replayed requests at the live
 * triggers while genuine deliveries flow. Bad ones get a 4xx and start nothing, replays get the success
 * status and start nothing, genuine ones run once, n8n stays ready.
 */
import { randomBytes } from 'node:crypto';
import { platformIds, platforms, type PlatformId } from '../../core';
import { sleep } from '../e2e/helpers';
import { type Answer, type BadRequest, badRequestsFor, send, watchHealth } from './bad-requests';
import { deliveriesSettled, emitGenuine, type Sent } from './fault-deliveries';
import { expectedItemIdOf, matchEvents, settledExecutions } from './fault-executions';
import { type FaultRun, format } from './fault-run';
import { recordFaultRow } from './results';

/** The trigger's redelivery memory per node is 500 keys (nodes/shared/delivery-ledger.ts): replays pick from the newest deliveries. */
const REPLAY_FROM_NEWEST = 100;

export async function runBadInput(run: FaultRun): Promise<void> {
	const { plan, stack, deployed, log } = run;
	const healthUrls = (): string[] => [`${stack.n8n.baseUrl}/healthz/readiness`, ...(plan.mode === 'queue' ? [`${stack.webhookBaseUrl}/healthz/readiness`] : [])];
	expect(run.load).toBeDefined(); // the executions of the load run are the baseline
	const runTag = randomBytes(3).toString('hex');
	const health = watchHealth(healthUrls);
	const genuine: Sent[] = [];
	const answers: Array<{ request: BadRequest; answer: Answer }> = [];
	let genuineDone = false;

	// Genuine deliveries, 4 in flight, some with a lost answer, while the bad requests go out.
	let nextGenuine = 0;
	const genuineWorker = async (): Promise<void> => {
		for (let n = nextGenuine++; n < plan.genuineDuringBad; n = nextGenuine++) {
			genuine.push(await emitGenuine(stack, platformIds[n % platformIds.length], n, `genuine-${runTag}-${n}`, n % 10 === 3 ? 1 : 0));
		}
	};
	const genuineFlow = Promise.all(Array.from({ length: 4 }, genuineWorker)).then(() => {
		genuineDone = true;
	});

	let made = 0;
	const makeBatch = (): BadRequest[] => {
		const batch: BadRequest[] = [];
		for (const platform of platformIds) {
			const recent = genuine.filter((s) => s.platform === platform && s.record.status === 'delivered').slice(-REPLAY_FROM_NEWEST);
			batch.push(...badRequestsFor(platform, deployed[platform], `bad-${runTag}-${made++}`, recent));
		}
		return batch;
	};
	const queue: BadRequest[] = [];
	let sentBad = 0;
	const badWorker = async (): Promise<void> => {
		while (sentBad < plan.badRequests || !genuineDone) {
			if (queue.length === 0) queue.push(...makeBatch());
			const request = queue.shift()!;
			sentBad++;
			// Past the planned number, keep a trickle going until the genuine flow is done.
			if (sentBad > plan.badRequests) await sleep(250);
			const target = deployed[request.platform];
			answers.push({ request, answer: await send(target.productionUrl, request) });
			if (sentBad >= plan.badRequests && genuineDone) break;
		}
	};
	const t0 = Date.now();
	await Promise.all([genuineFlow, ...Array.from({ length: 8 }, badWorker)]);
	const sendMs = Date.now() - t0;
	await deliveriesSettled(genuine, 5 * 60 * 1000);
	const healthResult = await health.stop();

	for (const { answer } of answers) if (!answer.error) run.rejectionTexts.push(`${answer.text}\n${JSON.stringify(answer.headers)}`);
	const byKind = new Map<string, Map<string, number>>();
	for (const { request, answer } of answers) {
		const key = `${request.platform}/${request.kind}`;
		const outcome = answer.error ? `error ${answer.error}` : `${answer.status} ${answer.text.slice(0, 40)}`;
		const counts = byKind.get(key) ?? new Map<string, number>();
		counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
		byKind.set(key, counts);
	}
	log(`bad requests by kind: ${JSON.stringify(Object.fromEntries([...byKind].map(([k, v]) => [k, Object.fromEntries(v)])), null, 1)}`);

	const notDelivered = genuine.filter((s) => s.record.status !== 'delivered').map((s) => `${s.platform} ${s.faultId}: ${s.record.status}`);
	expect(notDelivered).toEqual([]);
	const bad = answers.filter((a) => !a.request.replay);
	const replays = answers.filter((a) => a.request.replay);
	// Every bad request: a 4xx (never a 2xx, never a 5xx, never a dropped connection).
	expect(
		bad
			.filter((a) => a.answer.error !== undefined || a.answer.status < 400 || a.answer.status >= 500)
			.map((a) => `${a.request.platform}/${a.request.kind}: ${a.answer.error ?? `${a.answer.status} ${a.answer.text.slice(0, 80)}`}`),
	).toEqual([]);
	// Replays: the platform's success status, an empty body, and (below) no run.
	expect(
		replays
			.filter((a) => a.answer.status !== platforms[a.request.platform].successStatus || a.answer.text !== '')
			.map((a) => `${a.request.platform}: ${a.answer.status} ${a.answer.text}`),
	).toEqual([]);
	expect(answers.length).toBeGreaterThanOrEqual(plan.badRequests);
	expect(replays.length).toBeGreaterThan(0);

	const expected = Object.fromEntries(platformIds.map((id) => [id, genuine.filter((s) => s.platform === id).length])) as Record<PlatformId, number>;
	const { executions } = await settledExecutions(run, expected, run.load!.lastExecutionId, 10 * 60 * 1000);
	const match = matchEvents(genuine, executions, expectedItemIdOf(run));
	expect(match.unexpected).toEqual([]); // no bad request started a run
	expect(match.lost.map((s) => `${s.platform} ${s.faultId}`)).toEqual([]);
	expect(match.doubled.map((s) => `${s.platform} ${s.faultId}`)).toEqual([]);
	expect(match.wrongIds).toEqual([]);
	expect(match.notSuccessful).toEqual([]);
	expect(executions).toHaveLength(genuine.length);
	expect(healthResult.failures).toEqual([]);
	expect(healthResult.probes).toBeGreaterThan(0);

	const kinds = new Map<string, number>();
	for (const { request } of answers) kinds.set(request.kind, (kinds.get(request.kind) ?? 0) + 1);
	const statuses = new Map<number, number>();
	for (const { answer } of answers) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
	const seconds = sendMs / 1000;
	recordFaultRow(plan.suite, {
		kind: 'bad-input',
		scenario: `${format(answers.length)} malformed, forged, stale and replayed requests at the five live triggers while ${format(genuine.length)} genuine deliveries flow`,
		mode: plan.mode,
		loadHeld: `${format(answers.length + genuine.length)} requests in ${Math.round(seconds)} s (${((answers.length + genuine.length) / seconds).toFixed(1)}/s), ${format(healthResult.probes)} readiness probes all 200`,
		faultsSurvived: `${format(bad.length)} bad requests all answered 4xx, ${format(replays.length)} replays acknowledged without a run, ${format(genuine.reduce((sum, s) => sum + s.record.attempts.filter((a) => a.responseLost).length, 0))} lost responses redelivered`,
		badInputsTried: answers.length,
		eventsLost: match.lost.length,
		eventsDoubled: match.doubled.length,
		figures: {
			executions: executions.length,
			distinctEvents: genuine.length,
			badRequests: bad.length,
			replays: replays.length,
			executionsFromBadRequests: match.unexpected.length,
			...Object.fromEntries([...kinds].sort().map(([kind, count]) => [`kind: ${kind}`, count])),
			...Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0]).map(([status, count]) => [`status ${status}`, count])),
			readinessProbes: healthResult.probes,
			seconds: Math.round(seconds),
		},
	});
}
