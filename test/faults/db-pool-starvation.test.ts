/**
 * One n8n 2.41 way to lose a webhook event, pinned (issue #6): when a database call of n8n's fails after
 * the trigger returned its items, n8n can still answer the platform 2xx and save the run as an error
 * ("timeout exceeded when trying to connect"). The trigger only sees the 2xx, so it counts the event as
 * delivered, and so does the platform: it never retries.
 *
 * A starved PostgreSQL pool makes those calls fail: the webhook process waits for a free connection and
 * gives up after DB_POSTGRESDB_CONNECTION_TIMEOUT (default 20 s). Where that happens in
 * WorkflowRunner.run decides the answer: before the execution exists it is a 500 (the platform retries,
 * nothing is lost); at the credential check n8n fails the run and still answers 200.
 *
 * Each case floods one live trigger with genuine deliveries, each sent once with no retry, at a webhook
 * process whose pool has 2 connections, and compares n8n's answers with what it stored (read from
 * PostgreSQL: n8n's API blanks the items of some runs under database stress, see delivery-faults.ts):
 *  - a short connection timeout (1 s): every event answered 2xx without a successful run is matched by
 *    a run n8n saved as an error; none comes from the trigger acknowledging on its own;
 *  - a long one (120 s): requests wait for a connection instead, n8n answers 503 "Database is not
 *    ready!" or registers the run, and no 2xx comes without the event's successful run. This is the
 *    setting docs/operating-n8n.md recommends on PostgreSQL and the queue-mode stacks use.
 */
import { randomBytes } from 'node:crypto';
import { platforms, signDelivery } from '../../core';
import { INSTALL_TIMEOUT_MS, type Deployed, type Execution, type Stack, sleep, stackLib, stopStackAndReport, suiteLogger } from '../e2e/helpers';
import { recordFaultRow } from './results';
import { FAULT_ID, type StoredExecution, storedExecutions } from './stored-executions';

const SUITE = 'db-pool-starvation';
const PLATFORM = 'peopleforce' as const;
const DELIVERIES = 400;
const IN_FLIGHT = 100;
const POOL_SIZE = 2;

interface Flood {
	/** The answer to each event's only attempt: "<status> <start of body>" or "error <message>". */
	answers: Map<string, string>;
	executions: Execution[];
	seconds: number;
}

interface Classified {
	answered2xx: number;
	/** Events answered 2xx that no successful run holds: lost, as far as the platform can tell. */
	acknowledgedWithoutRun: string[];
	runsWithEvent: number;
	doubled: string[];
	/** Events n8n answered with an error although a run of them succeeded: the platform's retry runs them again. */
	ranAlthoughRefused: string[];
	/** Runs n8n saved as errors, and those of them that hold no event any more. */
	errorRuns: number;
	errorRunsWithoutEvent: number;
	/** Executions n8n created and never started (answered 500: the platform retries). */
	neverRun: number;
	answers: Record<string, number>;
}

const suites: Array<{ name: string; connectionTimeoutMs: number }> = [
	{ name: 'short', connectionTimeoutMs: 1000 },
	{ name: 'long', connectionTimeoutMs: 120000 },
];

describe.each(suites)('n8n queue mode, the webhook process on a pool of 2 PostgreSQL connections, connection timeout $connectionTimeoutMs ms', ({ name, connectionTimeoutMs }) => {
	const { log, file: logFile } = suiteLogger(`${SUITE}-${name}`);
	const timings: Record<string, number> = {};
	let stack: Stack;
	let target: Deployed;

	beforeAll(async () => {
		stack = await stackLib.startStack({
			queue: true,
			log,
			webhookEnv: { DB_POSTGRESDB_POOL_SIZE: String(POOL_SIZE), DB_POSTGRESDB_CONNECTION_TIMEOUT: String(connectionTimeoutMs) },
		});
		target = await stackLib.deployPlatformWorkflow(stack, PLATFORM, { name: `pool starvation (${name} timeout)`, registerEndpoint: false });
	}, INSTALL_TIMEOUT_MS);

	afterAll(() => stopStackAndReport(stack, `db pool starvation (${name} timeout)`, timings, log, logFile), 120000);

	it(
		`${DELIVERIES} deliveries, ${IN_FLIGHT} in flight, each sent once: every 2xx without its event's run is a run n8n saved as an error${connectionTimeoutMs >= 60000 ? ', and there is none' : ''}`,
		async () => {
			const flood = await floodTrigger(stack, target);
			const stored = storedExecutions(stack, '(flood-[0-9a-f]{6}-[0-9]+)', { workflowId: target.workflowId })!;
			expect(stored.length).toBe(flood.executions.length); // what the API listed is what n8n stored
			const found = classify(flood.answers, stored);
			log(`answers ${JSON.stringify(found.answers)}; executions ${stored.length}; ${JSON.stringify(found).slice(0, 4000)}`);

			// No delivery runs twice, and every answer is a success or one the platform retries (never a 4xx,
			// which platforms treat as final).
			expect(found.doubled).toEqual([]);
			expect(Object.keys(found.answers).filter((answer) => !/^(200|500|503) /.test(answer))).toEqual([]);
			// The trigger never acknowledges on its own here (every event is new): each 2xx event without a
			// successful run is one of the runs n8n failed after answering.
			expect(found.acknowledgedWithoutRun.length).toBeLessThanOrEqual(found.errorRuns);
			if (connectionTimeoutMs >= 60000) {
				expect(found.acknowledgedWithoutRun).toEqual([]);
				expect(found.ranAlthoughRefused).toEqual([]);
				expect(found.answered2xx).toBeGreaterThan(0);
			}

			recordFaultRow(SUITE, {
				kind: connectionTimeoutMs >= 60000 ? 'db-starvation-long-timeout' : 'db-starvation-short-timeout',
				scenario: `${DELIVERIES} deliveries, ${IN_FLIGHT} in flight and each sent once, at a queue-mode webhook process with ${POOL_SIZE} PostgreSQL connections and DB_POSTGRESDB_CONNECTION_TIMEOUT=${connectionTimeoutMs}`,
				mode: 'queue',
				loadHeld: `${DELIVERIES} deliveries in ${Math.round(flood.seconds)} s: ${Object.entries(found.answers)
					.map(([answer, count]) => `${count} × ${answer.trim() === '200' ? '200' : `${answer.slice(0, 3)} "${answer.slice(4)}"`}`)
					.join(', ')}`,
				faultsSurvived: `PostgreSQL pool starved (${POOL_SIZE} connections for ${IN_FLIGHT} requests in flight)`,
				badInputsTried: 0,
				eventsLost: found.acknowledgedWithoutRun.length,
				eventsDoubled: found.doubled.length,
				figures: {
					answered2xx: found.answered2xx,
					runsWithTheEvent: found.runsWithEvent,
					answered2xxWithoutRun: found.acknowledgedWithoutRun.length,
					errorRuns: found.errorRuns,
					errorRunsWithoutTheEvent: found.errorRunsWithoutEvent,
					ranAlthoughAnsweredAnError: found.ranAlthoughRefused.length,
					executionsNeverRun: found.neverRun,
					executions: stored.length,
					seconds: Math.round(flood.seconds),
				},
			});
		},
		20 * 60 * 1000,
	);
});

/** Sends DELIVERIES genuine events, IN_FLIGHT at a time, one attempt each; then reads every execution once n8n is done. */
async function floodTrigger(stack: Stack, target: Deployed): Promise<Flood> {
	const definition = platforms[PLATFORM].events[0];
	const runTag = randomBytes(3).toString('hex');
	const answers = new Map<string, string>();
	const t0 = Date.now();
	let next = 0;
	const sender = async (): Promise<void> => {
		for (let n = next++; n < DELIVERIES; n = next++) {
			const faultId = `flood-${runTag}-${n}`;
			const signed = signDelivery(PLATFORM, { event: definition.name, data: { ...(definition.sample as object), [FAULT_ID]: faultId } }, target.secrets);
			try {
				const response = await fetch(target.productionUrl, { method: signed.method, headers: signed.headers, body: signed.body, signal: AbortSignal.timeout(10 * 60 * 1000) });
				answers.set(faultId, `${response.status} ${answerText(await response.text())}`);
			} catch (error) {
				answers.set(faultId, `error ${error instanceof Error ? error.message : String(error)}`);
			}
		}
	};
	await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
	const seconds = (Date.now() - t0) / 1000;
	// n8n finishes what it registered: wait until no execution runs and the list has not changed for 9 s
	// (queued runs and runs n8n will never start both show as "new" without a start time).
	let executions: Execution[] = [];
	let unchanged = 0;
	let last = '';
	for (let waited = 0; waited < 5 * 60 * 1000 && unchanged < 3; waited += 3000) {
		await sleep(3000);
		executions = (await stack.api.listExecutions({ workflowId: target.workflowId, includeData: true, limit: 250 })) as Execution[];
		const shape = executions.map((e) => `${e.id}:${e.status}`).join(',');
		unchanged = shape === last && !executions.some((e) => e.status === 'running') ? unchanged + 1 : 0;
		last = shape;
	}
	return { answers, executions, seconds };
}

/** The gist of an answer's body: n8n's error message when it is n8n's JSON error, else the start of the text. */
function answerText(body: string): string {
	try {
		const message = (JSON.parse(body) as { message?: unknown }).message;
		if (typeof message === 'string') return message.slice(0, 60);
	} catch {
		// not JSON: the trigger's error code, or an empty success body
	}
	return body.slice(0, 60);
}

function classify(answers: Map<string, string>, stored: StoredExecution[]): Classified {
	const is2xx = (id: string): boolean => /^2\d\d /.test(answers.get(id) ?? '');
	const successfulRuns = new Map<string, number>();
	let errorRuns = 0;
	let errorRunsWithoutEvent = 0;
	let neverRun = 0;
	for (const execution of stored) {
		if (execution.status === 'success') for (const id of execution.ids) successfulRuns.set(id, (successfulRuns.get(id) ?? 0) + 1);
		else if (execution.status === 'new') neverRun++;
		else if (execution.status === 'error') {
			errorRuns++;
			if (execution.ids.length === 0) errorRunsWithoutEvent++;
		}
	}
	const counts: Record<string, number> = {};
	for (const answer of answers.values()) {
		const key = answer.slice(0, 48);
		counts[key] = (counts[key] ?? 0) + 1;
	}
	return {
		answered2xx: [...answers.keys()].filter(is2xx).length,
		acknowledgedWithoutRun: [...answers.keys()].filter((id) => is2xx(id) && !successfulRuns.has(id)),
		runsWithEvent: [...successfulRuns.keys()].filter(is2xx).length,
		doubled: [...successfulRuns].filter(([, count]) => count > 1).map(([id]) => id),
		ranAlthoughRefused: [...successfulRuns.keys()].filter((id) => !is2xx(id)),
		errorRuns,
		errorRunsWithoutEvent,
		neverRun,
		answers: counts,
	};
}
