/**
 * The load run of the delivery-fault suite: thousands of genuine events over the five platforms' live
 * triggers with lost responses and a drained n8n (queue mode: webhook-process) restart mid-stream.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { platformIds, type PlatformId } from '../../core';
import { type Stack, sleep } from '../e2e/helpers';
import { attemptFigures, deliveriesSettled, emitGenuine, sandboxOf, type Sent } from './fault-deliveries';
import { type ExecutionSummary, expectedItemIdOf, matchEvents, settledExecutions } from './fault-executions';
import { type FaultRun, format, GRACEFUL_SHUTDOWN_SECONDS } from './fault-run';
import { recordFaultFailure, recordFaultRow } from './results';

/** Every 10th event loses its first answer, every 50th its first two. */
const lostAnswersOf = (n: number): number => (n % 50 === 7 ? 2 : n % 10 === 3 ? 1 : 0);
/**
 * No lost answers for the events emitted just before the restart: a redelivery that crosses a
 * restart would run again, because n8n 2.41 never saves the redelivery memory of a delivery whose
 * answer it sends itself (docs/operating-n8n.md, "drain"; test/e2e/n8n.test.ts shows it). Retries of earlier
 * lost answers (delays up to 5 s, twice) are done long before these events are.
 */
const QUIET_BEFORE_RESTART = 300;
/** While n8n is down, emitting pauses once this many deliveries wait for a retry (a platform's queue, not an unbounded flood). */
const MAX_FAILING_BACKLOG = 250;

/** One execution per distinct event, none lost, none doubled; the run's figures go to its results row. */
export async function runLoadWithRestart(run: FaultRun): Promise<void> {
	const { plan, stack, deployed, log, logFile, timings } = run;
	const perPlatform = Math.floor(plan.deliveries / platformIds.length);
	const total = perPlatform * platformIds.length;
	const runTag = randomBytes(3).toString('hex');
	const sent: Sent[] = [];
	const failing = new Set<Sent>();
	let next = 0;
	const restartAt = Math.floor(total * 0.4);
	const plannedLostAnswers = (n: number): number => (n >= restartAt - QUIET_BEFORE_RESTART && n < restartAt ? 0 : lostAnswersOf(n));
	// The last events are emitted while n8n is down (between its exit and its start), so some
	// deliveries surely meet a closed port: n8n keeps serving during its graceful shutdown.
	const whileDownCount = Math.min(200, Math.max(platformIds.length, Math.floor(total * 0.05)));
	const workerTotal = total - whileDownCount;
	const emitWhileDown = async (): Promise<void> => {
		let nextDown = workerTotal;
		const burst = async (): Promise<void> => {
			for (let n = nextDown++; n < total; n = nextDown++) sent.push(await emitGenuine(stack, platformIds[n % platformIds.length], n, `load-${runTag}-${n}`, plannedLostAnswers(n)));
		};
		await Promise.all(Array.from({ length: plan.concurrency }, burst));
	};
	let restart: Promise<void> | undefined;
	let restartWindow: { from: number; to?: number } | undefined;

	const worker = async (): Promise<void> => {
		for (let n = next++; n < workerTotal; n = next++) {
			if (n === restartAt) {
				restartWindow = { from: Date.now() };
				log(`restarting ${plan.mode === 'queue' ? 'the webhook process' : 'n8n'} after ${format(n)} events`);
				// Drained first, as an operator's load balancer does: n8n 2.41 keeps answering webhooks
				// during its own shutdown and can drop runs it registers then. Once n8n is down the platform sends again and meets a
				// closed port, so the retries are real.
				// Once these have met the closed port, deliveries wait again until n8n is ready, as behind a load
				// balancer that checks /healthz/readiness: n8n 2.41 listens before it has checked its database
				// and answers every request 200 "n8n is starting up. Please wait" meanwhile, webhooks included,
				// without running anything, which a platform counting any 2xx as delivered takes as delivered
				// (docs/operating-n8n.md, rule 1).
				const whileDown = async (): Promise<void> => {
					sandboxOf(stack).resumeDeliveries();
					await emitWhileDown();
					await sandboxOf(stack).holdDeliveries();
				};
				const restarting = sandboxOf(stack)
					.holdDeliveries()
					.then(() =>
						plan.mode === 'queue'
							? (stack as Stack & { restartWebhookProcess(o: { whileDown: () => Promise<void> }): Promise<unknown> }).restartWebhookProcess({ whileDown })
							: (stack.restartN8n as (o: { graceMs: number; whileDown: () => Promise<void> }) => Promise<unknown>)({ graceMs: (GRACEFUL_SHUTDOWN_SECONDS + 15) * 1000, whileDown }),
					);
				restart = restarting.then(() => {
					sandboxOf(stack).resumeDeliveries(); // n8n answers /healthz/readiness 200: back in the load balancer
					restartWindow!.to = Date.now();
					log(`restart done in ${restartWindow!.to - restartWindow!.from} ms`);
				});
			}
			while (failing.size >= MAX_FAILING_BACKLOG) {
				for (const s of failing) if (s.record.status !== 'pending') failing.delete(s);
				if (failing.size >= MAX_FAILING_BACKLOG) await sleep(100);
			}
			const platform = platformIds[n % platformIds.length];
			const s = await emitGenuine(stack, platform, n, `load-${runTag}-${n}`, plannedLostAnswers(n));
			sent.push(s);
			if (s.record.status === 'pending' && !s.record.attempts[0]?.responseLost) failing.add(s);
		}
	};

	const t0 = Date.now();
	await Promise.all(Array.from({ length: plan.concurrency }, worker));
	const emittedMs = Date.now() - t0;
	await restart;
	const settleMs = await deliveriesSettled(sent, 20 * 60 * 1000);
	const acknowledgedMs = Date.now() - t0;
	log(`emitted ${sent.length} in ${emittedMs} ms; all deliveries settled ${settleMs} ms later`);

	const notDelivered = sent
		.filter((s) => s.record.status !== 'delivered')
		.map((s) => `${s.platform} ${s.faultId}: ${s.record.status} after ${s.record.attempts.map((a) => a.status ?? a.error).join(' | ')}`);
	if (notDelivered.length > 0) log(`not delivered (${notDelivered.length}): ${notDelivered.slice(0, 50).join('\n')}`);
	expect(notDelivered).toEqual([]);

	const expected = Object.fromEntries(platformIds.map((id) => [id, perPlatform])) as Record<PlatformId, number>;
	const { executions, waitedMs } = await settledExecutions(run, expected, 0, 15 * 60 * 1000);
	const executedMs = acknowledgedMs + waitedMs;
	const match = matchEvents(sent, executions, expectedItemIdOf(run));
	const figures = attemptFigures(sent);
	const lostAnswers = sent.reduce((sum, s) => sum + s.record.attempts.filter((a) => a.responseLost).length, 0);
	const timeouts = figures.byCause.timeout ?? 0;
	log(
		`load: ${JSON.stringify({ executions: executions.length, lost: match.lost.length, doubled: match.doubled.length, ...figures, lostAnswers, emittedMs, acknowledgedMs, executedMs })}`,
	);
	timings.loadAcknowledgedMs = acknowledgedMs;
	timings.loadExecutedMs = executedMs;

	// Time sent, status, time to answer and the answer's start: the trigger's and n8n's run answers are
	// empty, n8n's start-up page ("n8n is starting up") and errors are not.
	const describeAttempts = (s: Sent): string =>
		s.record.attempts
			.map(
				(a) =>
					`${a.at.slice(11, 23)} ${a.status ?? '-'} ${a.latencyMs ?? '?'}ms${a.responseBody ? ` ${JSON.stringify(a.responseBody.slice(0, 40))}` : ''}${a.responseLost ? ' lost' : ''}${a.ok ? '' : ` ${(a.error ?? '').slice(0, 50)}`}`,
			)
			.join(' | ');
	// The next runs count only executions newer than these, whatever the assertions below find.
	run.load = { lastExecutionId: Math.max(0, ...executions.map((e) => e.id)) };
	if (match.notSuccessful.length > 0 || match.notOneItem.length > 0)
		log(`executions not successful: ${match.notSuccessful.join(', ')}; not one item: ${match.notOneItem.join(', ')}`);
	if (match.lost.length > 0) {
		log(`lost: ${match.lost.map((s) => `${s.platform} ${s.faultId}: ${describeAttempts(s)}`).join('\n')}`);
		// Where each lost event still appears: an execution that holds it but not as the trigger's output.
		const holders = new Map<string, ExecutionSummary[]>();
		for (const execution of executions)
			for (const faultId of execution.mentionedFaultIds) if (!execution.faultIds.includes(faultId)) holders.set(faultId, [...(holders.get(faultId) ?? []), execution]);
		const describeHolder = (e: ExecutionSummary): string =>
			`execution ${e.id} ${e.mode}/${e.status} started ${e.startedAt ?? '?'}, items ${JSON.stringify(e.faultIds)}${e.error ? `, ${e.error}` : ''}`;
		log(
			`lost events held by an execution that did not output them (${match.lost.filter((s) => holders.has(s.faultId)).length} of ${match.lost.length}):\n${match.lost.map((s) => `${s.faultId}: ${(holders.get(s.faultId) ?? []).map(describeHolder).join('; ') || 'in no execution'}`).join('\n')}`,
		);
		const statuses = new Map<string, number>();
		for (const e of executions) statuses.set(`${e.mode}/${e.status}`, (statuses.get(`${e.mode}/${e.status}`) ?? 0) + 1);
		log(`executions by mode/status: ${JSON.stringify(Object.fromEntries(statuses))}`);
		// What n8n said meanwhile: its warnings and errors, and runs that carry no expected event.
		log(`executions with an unexpected fault id (${match.unexpected.length}, the first 20):\n${match.unexpected.slice(0, 20).join('\n')}`);
		const complaints = String(stack.n8n.logs?.() ?? '')
			.split('\n')
			.filter((line) => /error|warn|fail|timeout/i.test(line));
		log(`n8n warnings and errors (${complaints.length}, the last 150):\n${complaints.slice(-150).join('\n')}`);
	}
	if (match.doubled.length > 0) log(`doubled: ${match.doubled.map((s) => `${s.platform} ${s.faultId}: ${describeAttempts(s)}`).join('\n')}`);
	if (match.lost.length > 0 || match.doubled.length > 0) {
		const byPlatform = (list: Sent[]): string => platformIds.map((id) => `${id} ${list.filter((s) => s.platform === id).length}`).join(', ');
		recordFaultFailure(plan.suite, {
			kind: 'deliveries',
			mode: plan.mode,
			scenario: `${format(total)} deliveries over the five platforms with lost responses and a drained ${plan.mode === 'queue' ? 'webhook-process' : 'n8n'} restart mid-stream`,
			eventsLost: match.lost.length,
			eventsDoubled: match.doubled.length,
			summary: `${format(executions.length)} runs (${format(match.unexpected.length)} with an item of no emitted event); lost by platform: ${byPlatform(match.lost)}; doubled by platform: ${byPlatform(match.doubled)}`,
			log: path.basename(logFile),
		});
		// n8n's own log files go with the stack's folder at the end of the suite: keep a copy beside this log.
		for (const file of stack.logFiles()) fs.copyFileSync(file, logFile.replace(/\.log$/, `.${path.basename(file)}`));
	}
	expect(match.lost.map((s) => `${s.platform} ${s.faultId}: ${describeAttempts(s)}`)).toEqual([]);
	expect(match.doubled.map((s) => `${s.platform} ${s.faultId}`)).toEqual([]);
	expect(match.unexpected).toEqual([]);
	expect(match.wrongIds).toEqual([]);
	expect(match.notOneItem).toEqual([]);
	expect(match.notSuccessful).toEqual([]);
	expect(executions).toHaveLength(total);
	for (const id of platformIds) expect([id, executions.filter((e) => e.workflowId === deployed[id].workflowId).length]).toEqual([id, perPlatform]);
	// The faults really happened: answers n8n gave and the sandbox dropped, and deliveries refused while n8n was down.
	const plannedLost = sent.reduce((sum, s) => sum + s.lostAnswers, 0);
	expect(lostAnswers).toBe(plannedLost);
	expect(restartWindow?.to).toBeDefined();
	const failedWhileDown = sent.filter((s) =>
		s.record.attempts.some((a) => !a.ok && a.status === undefined && Date.parse(a.at) >= restartWindow!.from && Date.parse(a.at) <= restartWindow!.to!),
	).length;
	expect(failedWhileDown).toBeGreaterThanOrEqual(whileDownCount);

	const seconds = acknowledgedMs / 1000;
	recordFaultRow(plan.suite, {
		kind: 'deliveries',
		scenario: `${format(total)} deliveries over the five platforms with lost responses and a drained ${plan.mode === 'queue' ? 'webhook-process' : 'n8n'} restart mid-stream`,
		mode: plan.mode,
		loadHeld: `${format(total)} deliveries in ${Math.round(seconds)} s (${(total / seconds).toFixed(1)}/s acknowledged; all executed after ${Math.round(executedMs / 1000)} s)`,
		faultsSurvived: `${format(lostAnswers)} lost responses redelivered, ${format(timeouts)} timeouts, 1 ${plan.mode === 'queue' ? 'webhook-process' : 'n8n'} restart (${format(failedWhileDown)} deliveries refused while down), ${format(figures.retries)} retries`,
		badInputsTried: 0,
		eventsLost: match.lost.length,
		eventsDoubled: match.doubled.length,
		figures: {
			executions: executions.length,
			distinctEvents: new Set(sent.map((s) => s.faultId)).size,
			deliveries: sent.length,
			attempts: figures.attempts,
			retries: figures.retries,
			lostResponses: lostAnswers,
			timeouts,
			...Object.fromEntries(Object.entries(figures.byCause).map(([cause, count]) => [`failedAttempts: ${cause}`, count])),
			deliveriesFailedWhileDown: failedWhileDown,
			restartSeconds: Math.round((restartWindow!.to! - restartWindow!.from) / 1000),
			concurrency: plan.concurrency,
			runsReadRedacted: run.redactedRuns,
			acknowledgedPerSecond: Number((total / seconds).toFixed(1)),
			executedPerSecond: Number((total / (executedMs / 1000)).toFixed(1)),
			seconds: Math.round(executedMs / 1000),
		},
	});
}
