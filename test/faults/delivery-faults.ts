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
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { encryptTalentPoolsMessage, platformIds, platforms, redeliverySpanSeconds, signDelivery, type PlatformId, type SignedDelivery } from '../../core';
import { examplesOf } from '../../core/platforms/examples';
import { INSTALL_TIMEOUT_MS, type Deployed, type Stack, sleep, stackLib, stopStackAndReport, suiteLogger } from '../e2e/helpers';
import { recordFaultFailure, recordFaultRow } from './results';
import { FAULT_ID, storedExecutions } from './stored-executions';

export interface DeliveryFaultPlan {
	suite: 'deliveries' | 'deliveries-queue';
	mode: 'regular' | 'queue';
	/** Genuine events of the load run, spread evenly over the five platforms. */
	deliveries: number;
	/** Events the load run keeps in flight at once (each waits for its first attempt). */
	concurrency: number;
	/** Malformed, forged, stale and replayed requests of the bad-input run (at least). */
	badRequests: number;
	/** Genuine events delivered by the sandbox while the bad requests are sent. */
	genuineDuringBad: number;
}

/** The fault ids this suite emits (`load-<run tag>-<n>`, `genuine-<run tag>-<n>`), wherever they appear. */
const FAULT_ID_PATTERN = /\b(?:load|genuine)-[0-9a-f]{6}-\d+\b/g;
/**
 * HrFlow.ai and PeopleForce document no retries and the generic sender's backoff is its user's choice:
 * a capped exponential one (50 attempts, about 20 minutes) that outlasts a restart and the minutes
 * n8n 2.41 may need after it to work off the backlog (it answers 503 "Database is not ready!" and
 * stalls past the 3 s timeout meanwhile). A cap of 5 s let 30 generic deliveries spend their 50
 * attempts inside such a stall: the sender gave up, which is no loss by the trigger but fails the run.
 */
const CONFIGURED_RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000, 4000, 8000, 15000, 30000];
const CONFIGURED_MAX_ATTEMPTS = 50;
/** The "paste the URL" platforms whose own retries end within an hour get that backoff. */
const CONFIGURED_RETRIES: readonly PlatformId[] = platformIds.filter((id) => platforms[id].subscription.kind === 'manual' && redeliverySpanSeconds(platforms[id]) < 3600);
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
/** n8n's own graceful-shutdown timeout in these runs; the restart waits a little longer before SIGKILL. */
const GRACEFUL_SHUTDOWN_SECONDS = 120;
/** The trigger's redelivery memory per node is 500 keys (nodes/shared/dedupe.ts): replays pick from the newest deliveries. */
const REPLAY_FROM_NEWEST = 100;

interface SandboxAttempt {
	number: number;
	at: string;
	status?: number;
	ok: boolean;
	error?: string;
	latencyMs?: number;
	responseBody?: string;
	responseLost?: boolean;
	request: { url: string; method: string; headers: Record<string, string>; body: string };
}
interface SandboxRecord {
	id: string;
	platform: PlatformId;
	eventId: string;
	status: 'pending' | 'delivered' | 'failed' | 'cancelled';
	attempts: SandboxAttempt[];
}
interface InProcessSandbox {
	url: string;
	holdDeliveries(): Promise<void>;
	resumeDeliveries(): void;
	emit(input: { platform: string; event: string; data?: unknown; loseResponses?: number }): { eventId: string; deliveries: SandboxRecord[]; firstAttempts: Promise<SandboxRecord[]> };
}
interface Sent {
	platform: PlatformId;
	faultId: string;
	eventId: string;
	record: SandboxRecord;
	lostAnswers: number;
}
interface ExecutionSummary {
	id: number;
	workflowId: string;
	status: string;
	mode: string;
	faultIds: string[];
	/**
	 * Every fault id anywhere in the execution's data, not only in the trigger's output: an execution
	 * n8n created but never ran (status new or crashed, or failed before the trigger's item was
	 * saved) still holds its event in the node execution stack. This is how a lost event's run is found.
	 */
	mentionedFaultIds: string[];
	itemIds: Array<string | null>;
	/** n8n's API blanked the items (stored-executions.ts); faultIds then come from the stored data. */
	redacted?: boolean;
	/** n8n's error of an unsuccessful execution (resultData.error): message and, when there, the node. */
	error?: string;
	/** When it started and the start of its first item, to tell what an unexpected execution ran. */
	startedAt?: string;
	itemPreview?: string;
}
interface BadRequest {
	kind: string;
	platform: PlatformId;
	method: string;
	headers: Record<string, string | string[]>;
	body: Buffer | string;
	/** Replays: answered with the success status and an empty body, no run. */
	replay?: boolean;
}
interface Answer {
	status: number;
	text: string;
	headers: http.IncomingHttpHeaders;
	error?: string;
}

const format = (n: number): string => n.toLocaleString('en-US');
const sandboxOf = (stack: Stack): InProcessSandbox => stack.sandbox as unknown as InProcessSandbox;
const isFinished = (status: string): boolean => !['new', 'running', 'waiting'].includes(status);

export function deliveryFaultSuite(plan: DeliveryFaultPlan): void {
	const { log, file: logFile } = suiteLogger(plan.suite);
	const timings: Record<string, number> = {};
	let stack: Stack;
	const deployed = {} as Record<PlatformId, Deployed>;
	/** Every answer to a rejected request, for the secrets check. */
	const rejectionTexts: string[] = [];
	/** Secrets found in execution data while it was read (checked by the secrets test). */
	const executionLeaks: string[] = [];
	let executionsScanned = 0;
	/** Runs whose items n8n's API returned redacted (stored-executions.ts). */
	let redactedRuns = 0;
	let load: { lastExecutionId: number } | undefined;

	const healthUrls = (): string[] => [`${stack.n8n.baseUrl}/healthz/readiness`, ...(plan.mode === 'queue' ? [`${stack.webhookBaseUrl}/healthz/readiness`] : [])];

	beforeAll(async () => {
		const t0 = Date.now();
		stack = await stackLib.startStack({
			queue: plan.mode === 'queue',
			log,
			// A graceful restart: n8n finishes the runs it registered before it exits (default 30 s).
			env: { N8N_GRACEFUL_SHUTDOWN_TIMEOUT: String(GRACEFUL_SHUTDOWN_SECONDS) },
			// The webhook process logs every delivery it receives and every redelivery the trigger
			// acknowledges, so that a lost event can be followed (its log is kept when one is lost).
			webhookEnv: { N8N_LOG_LEVEL: 'debug' },
			sandboxOptions: {
				log: () => undefined, // thousands of deliveries: the records are the log
				// Svix's schedule (TalentPools: 8 attempts over 3 days) at 0.01 spans about 16 minutes: enough to
				// outlast an n8n (or a queue-mode webhook process) that answers 503 and stalls for minutes after its
				// restart; a much shorter schedule runs out of retries first.
				retrySchedule: { scale: 0.01, delaysMs: Object.fromEntries(CONFIGURED_RETRIES.map((id) => [id, CONFIGURED_RETRY_DELAYS_MS])) },
			},
		});
		timings.startStackMs = Date.now() - t0;
		for (const id of platformIds) {
			// TalentPools' own example refuses an event older than 15 s, so every Svix retry after the
			// first (5 s, then 5 min, ...) would be refused: users who want retries raise the option.
			const options = id === 'talentpools' ? { eventToleranceSeconds: 3600 } : {};
			const target = await stackLib.deployPlatformWorkflow(stack, id, { name: `faults ${plan.mode}: ${platforms[id].displayName}`, options, registerEndpoint: false });
			if (stackLib.platformSetups[id].kind === 'manual') {
				const body: Record<string, unknown> = { platform: id, url: target.productionUrl, secrets: target.secrets };
				if (CONFIGURED_RETRIES.includes(id)) body.maxAttempts = CONFIGURED_MAX_ATTEMPTS;
				const response = await fetch(`${stack.sandbox.url}/_sandbox/endpoints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
				if (response.status !== 201) throw new Error(`POST /_sandbox/endpoints -> ${response.status}: ${await response.text()}`);
				target.endpointId = ((await response.json()) as { id: string }).id;
			}
			deployed[id] = target;
		}
		timings.deployMs = Date.now() - t0 - timings.startStackMs;
		log(`stack up (${plan.mode}); workflows ${JSON.stringify(Object.fromEntries(platformIds.map((id) => [id, deployed[id].workflowId])))}`);
	}, INSTALL_TIMEOUT_MS);

	afterAll(() => stopStackAndReport(stack, `faults ${plan.mode}`, timings, log, logFile), 120000);

	/** The executions of one workflow newer than `afterId`, with data, page by page (newest first); scanned for secrets on the way. */
	async function executionsWithData(workflowId: string, afterId: number): Promise<ExecutionSummary[]> {
		const out: ExecutionSummary[] = [];
		const secrets = stack.secretValues();
		let cursor: string | undefined;
		for (let page = 0; page < 1000; page++) {
			const query = new URLSearchParams({ workflowId, includeData: 'true', limit: '250', ...(cursor ? { cursor } : {}) });
			const response = await fetch(`${stack.n8n.baseUrl}/api/v1/executions?${query}`, { headers: { 'X-N8N-API-KEY': stack.apiKey, accept: 'application/json' }, signal: AbortSignal.timeout(120000) });
			const text = await response.text();
			if (response.status !== 200) throw new Error(`GET /api/v1/executions -> ${response.status}: ${text.slice(0, 500)}`);
			const body = JSON.parse(text) as { data: any[]; nextCursor?: string };
			let older = false;
			for (const execution of body.data) {
				const id = Number(execution.id);
				if (id <= afterId) {
					older = true;
					continue;
				}
				const items = stackLib.itemsOf(execution);
				const failure = execution.data?.resultData?.error;
				const error = failure ? `${failure.name ?? 'Error'}: ${String(failure.message ?? '').slice(0, 300)}${failure.node?.name ? ` (node ${failure.node.name})` : ''}` : undefined;
				const faultIds = items.map((item) => item.data?.[FAULT_ID] ?? item[FAULT_ID]);
				// Kept only for items without a fault id of this test: what ran, if not an emitted event.
				const itemPreview = faultIds.every((faultId) => typeof faultId === 'string' && /^(load|genuine)-/.test(faultId)) ? undefined : JSON.stringify(items).slice(0, 400);
				const mentionedFaultIds = [...new Set(JSON.stringify(execution.data ?? null).match(FAULT_ID_PATTERN) ?? [])];
				const redacted = execution.data?.redactionInfo?.isRedacted === true;
				out.push({ id, workflowId, status: execution.status, mode: execution.mode, faultIds, mentionedFaultIds, itemIds: items.map((item) => item.id ?? null), error, startedAt: execution.startedAt, itemPreview, redacted });
				executionsScanned++;
			}
			for (const secret of secrets) if (text.includes(secret)) executionLeaks.push(`${secret.slice(0, 6)}… in executions of workflow ${workflowId}`);
			cursor = body.nextCursor;
			if (!cursor || older) break;
		}
		const redacted = out.filter((e) => e.redacted);
		if (redacted.length > 0) {
			const rows = storedExecutions(stack, STORED_FAULT_ID_PATTERN, { executionIds: redacted.map((e) => e.id) });
			const stored = rows && new Map(rows.map((row) => [row.id, row.ids]));
			for (const execution of redacted) {
				const ids = stored?.get(execution.id);
				if (ids === undefined) continue;
				// One item per run, as every emitted event makes: the stored data holds its fault id.
				execution.faultIds = ids;
				execution.mentionedFaultIds = ids;
				execution.itemIds = ids.map(() => null);
				execution.itemPreview = undefined;
			}
			redactedRuns += redacted.length;
			log(`${redacted.length} executions of workflow ${workflowId} read with their items redacted by n8n's API (${stored ? 'fault ids read from PostgreSQL' : 'no database to read them from'})`);
		}
		return out;
	}

	/** Finished executions per workflow newer than `afterId`, without data (cheap enough to poll). */
	async function finishedCounts(afterId: number): Promise<Record<PlatformId, number>> {
		const counts = {} as Record<PlatformId, number>;
		for (const id of platformIds) {
			const list = await stack.api.listExecutions({ workflowId: deployed[id].workflowId, includeData: false, limit: 250 });
			counts[id] = (list as Array<{ id: string; status: string }>).filter((e) => Number(e.id) > afterId && isFinished(e.status)).length;
		}
		return counts;
	}

	/** Polls until every workflow has its expected number of finished executions (or the time is up), then reads them with data. */
	async function settledExecutions(expected: Record<PlatformId, number>, afterId: number, timeoutMs: number): Promise<{ executions: ExecutionSummary[]; waitedMs: number }> {
		const t0 = Date.now();
		let counts = await finishedCounts(afterId);
		while (platformIds.some((id) => counts[id] < expected[id]) && Date.now() - t0 < timeoutMs) {
			log(`executions so far ${JSON.stringify(counts)} of ${JSON.stringify(expected)}`);
			await sleep(3000);
			counts = await finishedCounts(afterId);
		}
		const waitedMs = Date.now() - t0;
		await sleep(3000); // a double would show up a little after the original
		const executions: ExecutionSummary[] = [];
		for (const id of platformIds) executions.push(...(await executionsWithData(deployed[id].workflowId, afterId)));
		return { executions, waitedMs };
	}

	/** Lost and doubled events: the fault ids of `expected` against the items of `executions`. */
	function matchEvents(sent: Sent[], executions: ExecutionSummary[]) {
		const seen = new Map<string, number>();
		const unexpected: string[] = [];
		const wrongIds: string[] = [];
		const expectedIds = new Map(sent.map((s) => [s.faultId, s]));
		const notOneItem: number[] = [];
		for (const execution of executions) {
			if (execution.faultIds.length !== 1) notOneItem.push(execution.id);
			execution.faultIds.forEach((faultId, index) => {
				seen.set(faultId, (seen.get(faultId) ?? 0) + 1);
				const source = expectedIds.get(faultId);
				if (source === undefined) unexpected.push(`${faultId} (execution ${execution.id}, started ${execution.startedAt ?? '?'}${execution.itemPreview ? `: ${execution.itemPreview}` : ''})`);
				// TalentPools and SmartRecruiters send their event id: the item must carry the emitted one.
				else if (execution.itemIds[index] !== null && execution.itemIds[index] !== source.eventId) wrongIds.push(`${faultId}: ${execution.itemIds[index]} != ${source.eventId}`);
			});
		}
		const lost = sent.filter((s) => !seen.has(s.faultId));
		const doubled = sent.filter((s) => (seen.get(s.faultId) ?? 0) > 1);
		const notSuccessful = executions.filter((e) => e.status !== 'success' || e.mode !== 'webhook').map((e) => `${e.id}: ${e.mode}/${e.status}${e.error ? ` (${e.error})` : ''}`);
		return { lost, doubled, unexpected, wrongIds, notOneItem, notSuccessful };
	}

	/** One genuine event: a catalogue event of the platform with a fault id in its data. */
	function emitGenuine(platform: PlatformId, n: number, faultId: string, lostAnswers: number): Promise<Sent> {
		const events = platforms[platform].events;
		const definition = events[Math.floor(n / platformIds.length) % events.length];
		const data = { ...(definition.sample as Record<string, unknown>), [FAULT_ID]: faultId };
		const emitted = sandboxOf(stack).emit({ platform, event: definition.name, data, ...(lostAnswers > 0 ? { loseResponses: lostAnswers } : {}) });
		if (emitted.deliveries.length !== 1) throw new Error(`emit ${platform} ${definition.name}: ${emitted.deliveries.length} deliveries, expected 1`);
		return emitted.firstAttempts.then(() => ({ platform, faultId, eventId: emitted.eventId, record: emitted.deliveries[0], lostAnswers }));
	}

	/** Waits until no delivery of `sent` is pending any more. */
	async function deliveriesSettled(sent: Sent[], timeoutMs: number): Promise<number> {
		const t0 = Date.now();
		for (;;) {
			const pending = sent.filter((s) => s.record.status === 'pending').length;
			if (pending === 0) return Date.now() - t0;
			if (Date.now() - t0 > timeoutMs) return Date.now() - t0;
			await sleep(250);
		}
	}

	function attemptFigures(sent: Sent[]) {
		const attempts = sent.flatMap((s) => s.record.attempts);
		const failed = attempts.filter((a) => !a.ok);
		const byCause: Record<string, number> = {};
		for (const attempt of failed) {
			const cause = attempt.responseLost
				? 'lost answer'
				: attempt.status !== undefined
					? `answered ${attempt.status}`
					: /no complete response within/.test(attempt.error ?? '')
						? 'timeout'
						: /refused/.test(attempt.error ?? '')
							? 'connection refused'
							: 'connection error';
			byCause[cause] = (byCause[cause] ?? 0) + 1;
		}
		return { attempts: attempts.length, retries: attempts.length - sent.length, failedAttempts: failed.length, byCause };
	}

	it(`${format(plan.deliveries)} deliveries over the five platforms with lost responses and a restart mid-stream: one execution per event`, async () => {
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
				for (let n = nextDown++; n < total; n = nextDown++) sent.push(await emitGenuine(platformIds[n % platformIds.length], n, `load-${runTag}-${n}`, plannedLostAnswers(n)));
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
				const s = await emitGenuine(platform, n, `load-${runTag}-${n}`, plannedLostAnswers(n));
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

		const notDelivered = sent.filter((s) => s.record.status !== 'delivered').map((s) => `${s.platform} ${s.faultId}: ${s.record.status} after ${s.record.attempts.map((a) => a.status ?? a.error).join(' | ')}`);
		if (notDelivered.length > 0) log(`not delivered (${notDelivered.length}): ${notDelivered.slice(0, 50).join('\n')}`);
		expect(notDelivered).toEqual([]);

		const expected = Object.fromEntries(platformIds.map((id) => [id, perPlatform])) as Record<PlatformId, number>;
		const { executions, waitedMs } = await settledExecutions(expected, 0, 15 * 60 * 1000);
		const executedMs = acknowledgedMs + waitedMs;
		const match = matchEvents(sent, executions);
		const figures = attemptFigures(sent);
		const lostAnswers = sent.reduce((sum, s) => sum + s.record.attempts.filter((a) => a.responseLost).length, 0);
		const timeouts = figures.byCause.timeout ?? 0;
		log(`load: ${JSON.stringify({ executions: executions.length, lost: match.lost.length, doubled: match.doubled.length, ...figures, lostAnswers, emittedMs, acknowledgedMs, executedMs })}`);
		timings.loadAcknowledgedMs = acknowledgedMs;
		timings.loadExecutedMs = executedMs;

		// Time sent, status, time to answer and the answer's start: the trigger's and n8n's run answers are
		// empty, n8n's start-up page ("n8n is starting up") and errors are not.
		const describeAttempts = (s: Sent): string =>
			s.record.attempts
				.map((a) => `${a.at.slice(11, 23)} ${a.status ?? '-'} ${a.latencyMs ?? '?'}ms${a.responseBody ? ` ${JSON.stringify(a.responseBody.slice(0, 40))}` : ''}${a.responseLost ? ' lost' : ''}${a.ok ? '' : ` ${(a.error ?? '').slice(0, 50)}`}`)
				.join(' | ');
		// The next runs count only executions newer than these, whatever the assertions below find.
		load = { lastExecutionId: Math.max(0, ...executions.map((e) => e.id)) };
		if (match.notSuccessful.length > 0 || match.notOneItem.length > 0) log(`executions not successful: ${match.notSuccessful.join(', ')}; not one item: ${match.notOneItem.join(', ')}`);
		if (match.lost.length > 0) {
			log(`lost: ${match.lost.map((s) => `${s.platform} ${s.faultId}: ${describeAttempts(s)}`).join('\n')}`);
			// Where each lost event still appears: an execution that holds it but not as the trigger's output.
			const holders = new Map<string, ExecutionSummary[]>();
			for (const execution of executions) for (const faultId of execution.mentionedFaultIds) if (!execution.faultIds.includes(faultId)) holders.set(faultId, [...(holders.get(faultId) ?? []), execution]);
			const describeHolder = (e: ExecutionSummary): string => `execution ${e.id} ${e.mode}/${e.status} started ${e.startedAt ?? '?'}, items ${JSON.stringify(e.faultIds)}${e.error ? `, ${e.error}` : ''}`;
			log(`lost events held by an execution that did not output them (${match.lost.filter((s) => holders.has(s.faultId)).length} of ${match.lost.length}):\n${match.lost.map((s) => `${s.faultId}: ${(holders.get(s.faultId) ?? []).map(describeHolder).join('; ') || 'in no execution'}`).join('\n')}`);
			const statuses = new Map<string, number>();
			for (const e of executions) statuses.set(`${e.mode}/${e.status}`, (statuses.get(`${e.mode}/${e.status}`) ?? 0) + 1);
			log(`executions by mode/status: ${JSON.stringify(Object.fromEntries(statuses))}`);
			// What n8n said meanwhile: its warnings and errors, and runs that carry no expected event.
			log(`executions with an unexpected fault id (${match.unexpected.length}, the first 20):\n${match.unexpected.slice(0, 20).join('\n')}`);
			const complaints = String(stack.n8n.logs?.() ?? '').split('\n').filter((line) => /error|warn|fail|timeout/i.test(line));
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
		const failedWhileDown = sent.filter((s) => s.record.attempts.some((a) => !a.ok && a.status === undefined && Date.parse(a.at) >= restartWindow!.from && Date.parse(a.at) <= restartWindow!.to!)).length;
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
				runsReadRedacted: redactedRuns,
				acknowledgedPerSecond: Number((total / seconds).toFixed(1)),
				executedPerSecond: Number((total / (executedMs / 1000)).toFixed(1)),
				seconds: Math.round(executedMs / 1000),
			},
		});
	}, 60 * 60 * 1000);

	it(`${format(plan.badRequests)}+ malformed, forged, stale and replayed requests while genuine deliveries flow: 4xx and no run (replays: acknowledged, no run), n8n ready throughout`, async () => {
		expect(load).toBeDefined(); // the executions of the load run are the baseline
		const runTag = randomBytes(3).toString('hex');
		const health = watchHealth(healthUrls);
		const genuine: Sent[] = [];
		const answers: Array<{ request: BadRequest; answer: Answer }> = [];
		let genuineDone = false;

		// Genuine deliveries, 4 in flight, some with a lost answer, while the bad requests go out.
		let nextGenuine = 0;
		const genuineWorker = async (): Promise<void> => {
			for (let n = nextGenuine++; n < plan.genuineDuringBad; n = nextGenuine++) {
				genuine.push(await emitGenuine(platformIds[n % platformIds.length], n, `genuine-${runTag}-${n}`, n % 10 === 3 ? 1 : 0));
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

		for (const { answer } of answers) if (!answer.error) rejectionTexts.push(`${answer.text}\n${JSON.stringify(answer.headers)}`);
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
		expect(bad.filter((a) => a.answer.error !== undefined || a.answer.status < 400 || a.answer.status >= 500).map((a) => `${a.request.platform}/${a.request.kind}: ${a.answer.error ?? `${a.answer.status} ${a.answer.text.slice(0, 80)}`}`)).toEqual([]);
		// Replays: the platform's success status, an empty body, and (below) no run.
		expect(replays.filter((a) => a.answer.status !== platforms[a.request.platform].successStatus || a.answer.text !== '').map((a) => `${a.request.platform}: ${a.answer.status} ${a.answer.text}`)).toEqual([]);
		expect(answers.length).toBeGreaterThanOrEqual(plan.badRequests);
		expect(replays.length).toBeGreaterThan(0);

		const expected = Object.fromEntries(platformIds.map((id) => [id, genuine.filter((s) => s.platform === id).length])) as Record<PlatformId, number>;
		const { executions } = await settledExecutions(expected, load!.lastExecutionId, 10 * 60 * 1000);
		const match = matchEvents(genuine, executions);
		expect(match.unexpected).toEqual([]); // no bad request started a run
		expect(match.lost.map((s) => `${s.platform} ${s.faultId}`)).toEqual([]);
		expect(match.doubled.map((s) => `${s.platform} ${s.faultId}`)).toEqual([]);
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
	}, 30 * 60 * 1000);

	it('secrets appear in no n8n log file, no execution data and no answer to a rejected request', async () => {
		const secrets = stack.secretValues();
		// Both credential secrets of every manual platform, the SmartRecruiters key, the sandbox's API key and client secret.
		expect(secrets.length).toBeGreaterThanOrEqual(8);
		const logFiles = stack.logFiles();
		expect(logFiles.length).toBeGreaterThan(0);
		let logBytes = 0;
		const leaks = [...executionLeaks];
		for (const file of logFiles) {
			const text = fs.readFileSync(file, 'utf8');
			logBytes += text.length;
			for (const secret of secrets) if (text.includes(secret)) leaks.push(`${secret.slice(0, 6)}… in ${file}`);
		}
		for (const text of rejectionTexts) for (const secret of secrets) if (text.includes(secret)) leaks.push(`${secret.slice(0, 6)}… in an answer: ${text.slice(0, 200)}`);
		// Every execution of the two runs was read with its data, and scanned.
		const all = (await stack.api.listExecutions({ includeData: false, limit: 250 })) as unknown[];
		expect(executionsScanned).toBe(all.length);
		expect(rejectionTexts.length).toBeGreaterThan(0);
		expect(leaks).toEqual([]);
		recordFaultRow(plan.suite, {
			kind: 'secrets',
			scenario: 'no secret in n8n logs, execution data or rejection answers after the load and bad-input runs',
			mode: plan.mode,
			loadHeld: `${format(executionsScanned)} executions read with data, ${format(Math.round(logBytes / 1024))} KiB of n8n logs, ${format(rejectionTexts.length)} answers`,
			faultsSurvived: 'the load run (restart, lost responses) and the bad-input run',
			badInputsTried: 0,
			eventsLost: 0,
			eventsDoubled: 0,
			figures: { secretsChecked: secrets.length, executionsScanned, logFiles: logFiles.length, logKiB: Math.round(logBytes / 1024), answersScanned: rejectionTexts.length, leaks: leaks.length },
		});
	}, 10 * 60 * 1000);
}

/** FAULT_ID_PATTERN for PostgreSQL, whose redacted runs storedExecutions reads (see stored-executions.ts). */
const STORED_FAULT_ID_PATTERN = '((?:load|genuine)-[0-9a-f]{6}-[0-9]+)';

// ---------------------------------------------------------------------------
// Bad requests
// ---------------------------------------------------------------------------

function withoutHeader(headers: Record<string, string>, name: string): Record<string, string> {
	return Object.fromEntries(Object.entries(headers).filter(([key]) => key.toLowerCase() !== name.toLowerCase()));
}

function withHeader(headers: Record<string, string>, name: string, value: string): Record<string, string> {
	return { ...withoutHeader(headers, name), [name]: value };
}

/** `body` signed correctly with the credential's secret, as an authentic sender with a broken body would send it. */
function signRawBody(platform: PlatformId, secrets: Record<string, any>, body: string, contentType: string, eventName: string): Record<string, string> {
	return examplesOf(platform).signRawBody(body, contentType, eventName, secrets);
}

/** A signature of the platform's format that matches nothing. */
function randomSignature(platform: PlatformId, secrets: Record<string, any>): string {
	return examplesOf(platform).forgedSignature(secrets);
}

/** One of each kind of bad request for a platform; `recent` are delivered genuine events to replay. */
function badRequestsFor(platform: PlatformId, target: Deployed, faultId: string, recent: Sent[]): BadRequest[] {
	const definition = platforms[platform].events[0];
	const secrets = target.secrets;
	const data = { ...(definition.sample as Record<string, unknown>), [FAULT_ID]: faultId };
	const input = { event: definition.name, data, id: platform === 'smartrecruiters' ? randomUUID() : `msg_${randomUUID()}`, meta: definition.sampleMeta };
	const good: SignedDelivery = signDelivery(platform, input, secrets);
	const signatureHeader = examplesOf(platform).signatureHeader(secrets);
	const out: BadRequest[] = [];
	const add = (kind: string, request: Omit<BadRequest, 'kind' | 'platform'>): void => void out.push({ kind, platform, ...request });
	const post = (headers: Record<string, string | string[]>, body: Buffer | string) => ({ method: 'POST', headers, body });

	const otherSecrets = { ...secrets, ...examplesOf(platform).randomSecrets() };
	if (platform === 'talentpools') (otherSecrets as Record<string, unknown>).encryptionKey = secrets.encryptionKey;
	const forged = signDelivery(platform, input, otherSecrets);
	add('signed with another secret', post(forged.headers, forged.body));
	add('wrong signature', post(withHeader(good.headers, signatureHeader, randomSignature(platform, secrets)), good.body));
	add('missing signature header', post(withoutHeader(good.headers, signatureHeader), good.body));
	add('garbled signature header', post(withHeader(good.headers, signatureHeader, '%%% not a signature %%%'), good.body));
	const goodSignature = Object.entries(good.headers).find(([name]) => name.toLowerCase() === signatureHeader.toLowerCase())?.[1] ?? randomSignature(platform, secrets);
	add('duplicated signature header', post({ ...withoutHeader(good.headers, signatureHeader), [signatureHeader]: [goodSignature, randomSignature(platform, secrets)] }, good.body));
	add('oversized header', post({ ...good.headers, 'x-padding': 'x'.repeat(20 * 1024) }, good.body));
	add('truncated body', post(good.headers, good.body.slice(0, Math.floor(good.body.length / 2))));
	add('garbage body', post(good.headers, randomBytes(512)));
	add('empty body', post(good.headers, ''));
	const garbage = `{"not": "a ${platform} event", ${randomBytes(8).toString('hex')}`;
	add('signed garbage body', post(signRawBody(platform, secrets, garbage, 'application/json', definition.name), garbage));
	const boundary = `----hirehooks${randomBytes(8).toString('hex')}`;
	const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="payload"\r\n\r\n${good.body}\r\n--${boundary}--\r\n`;
	add('multipart body (wrong content type), signed', post(signRawBody(platform, secrets, multipart, `multipart/form-data; boundary=${boundary}`, definition.name), multipart));
	add('text/plain garbage, unsigned', post({ 'content-type': 'text/plain' }, `hello ${platform}`));
	add('wrong method GET', { method: 'GET', headers: withoutHeader(good.headers, 'content-type'), body: '' });
	add('wrong method PUT', { method: 'PUT', headers: good.headers, body: good.body });
	add('wrong method DELETE', { method: 'DELETE', headers: good.headers, body: good.body });

	const tolerance = platforms[platform].defaultToleranceSeconds;
	if (tolerance !== undefined) {
		const stale = signDelivery(platform, { ...input, occurredAt: new Date() }, secrets, { now: new Date(Date.now() - (tolerance + 120) * 1000) });
		add('stale timestamp', post(stale.headers, stale.body));
		const future = signDelivery(platform, { ...input, occurredAt: new Date() }, secrets, { now: new Date(Date.now() + (tolerance + 120) * 1000) });
		add('timestamp in the future', post(future.headers, future.body));
	}
	if (platform === 'smartrecruiters') {
		add('missing event-name header', post(withoutHeader(good.headers, 'event-name'), good.body));
		add('non-numeric timestamp', post(withHeader(good.headers, 'smartrecruiters-timestamp', 'yesterday'), good.body));
	}
	if (platform === 'talentpools') {
		// The event time inside the encryption, two hours old (beyond any tolerance a user would set).
		const staleEvent = signDelivery(platform, { ...input, occurredAt: new Date(Date.now() - 2 * 3600 * 1000) }, secrets);
		add('stale encrypted event time', post(staleEvent.headers, staleEvent.body));
		add('missing svix-id', post(withoutHeader(good.headers, 'svix-id'), good.body));
		const wrongKey = JSON.stringify({ message: encryptTalentPoolsMessage(JSON.stringify({ eventType: definition.name, timestamp: new Date().toISOString(), data }), randomBytes(16).toString('hex')) });
		add('encrypted with another key, signed', post(signRawBody(platform, secrets, wrongKey, 'application/json', definition.name), wrongKey));
		const garbageMessage = JSON.stringify({ message: `${randomBytes(16).toString('hex')}.${randomBytes(512 * 1024).toString('hex')}` });
		add('1 MB garbage ciphertext, signed', post(signRawBody(platform, secrets, garbageMessage, 'application/json', definition.name), garbageMessage));
		const badShape = JSON.stringify({ message: 'zz.not-hex' });
		add('message not <iv>.<ciphertext>, signed', post(signRawBody(platform, secrets, badShape, 'application/json', definition.name), badShape));
	}
	// Replays: exactly what the sandbox sent for an event n8n already accepted.
	if (recent.length > 0) {
		const source = recent[Math.floor(Math.random() * recent.length)];
		const accepted = source.record.attempts.find((a) => a.ok);
		if (accepted) add('replay of a delivered request', { method: accepted.request.method, headers: accepted.request.headers, body: accepted.request.body, replay: true });
	}
	return out;
}

/** Sends a request exactly as given (duplicate headers, any method, raw bytes), without keep-alive. */
function send(url: string, request: BadRequest): Promise<Answer> {
	return new Promise((resolve) => {
		const body = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body;
		const headers: Record<string, string | string[]> = { ...request.headers };
		if (body.length > 0 || !['GET', 'HEAD', 'DELETE'].includes(request.method)) headers['content-length'] = String(body.length);
		const outgoing = http.request(url, { method: request.method, headers, agent: false, timeout: 60000 }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: response.headers }));
			response.on('error', (error) => resolve({ status: 0, text: '', headers: {}, error: error.message }));
		});
		outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 60 s')));
		outgoing.on('error', (error) => resolve({ status: 0, text: '', headers: {}, error: error.message }));
		outgoing.end(body);
	});
}

/** Probes n8n's readiness endpoints every 500 ms until stopped. */
function watchHealth(urls: () => string[]): { stop(): Promise<{ probes: number; failures: string[] }> } {
	let stopped = false;
	let probes = 0;
	const failures: string[] = [];
	const loop = (async () => {
		while (!stopped) {
			for (const url of urls()) {
				probes++;
				try {
					const response = await fetch(url, { signal: AbortSignal.timeout(15000) });
					await response.arrayBuffer();
					if (response.status !== 200) failures.push(`${url}: ${response.status}`);
				} catch (error) {
					failures.push(`${url}: ${error instanceof Error ? error.message : String(error)}`);
				}
			}
			await sleep(500);
		}
	})();
	return {
		async stop() {
			stopped = true;
			await loop;
			return { probes, failures };
		},
	};
}

/** How many genuine events the load run sends: HIREHOOKS_FAULT_DELIVERIES overrides (a slow or shared machine). */
export function deliveriesFromEnv(fallback: number): number {
	const value = Number(process.env.HIREHOOKS_FAULT_DELIVERIES);
	return Number.isInteger(value) && value >= platformIds.length ? value : fallback;
}
