/**
 * The state one delivery-fault suite (delivery-faults.ts) shares between its runs, and the stack it runs on:
 * a real n8n (regular or queue mode) and the sandbox, one live workflow per platform.
 */
import { platformIds, platforms, redeliverySpanSeconds, type PlatformId } from '../../core';
import { type Deployed, type Stack, stackLib, suiteLogger } from '../e2e/helpers';

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
/** n8n's own graceful-shutdown timeout in these runs; the restart waits a little longer before SIGKILL. */
export const GRACEFUL_SHUTDOWN_SECONDS = 120;

export const format = (n: number): string => n.toLocaleString('en-US');

/** What the runs of one suite share: the stack, and what the secrets check reads after the load and bad-input runs. */
export class FaultRun {
	readonly log: (line: string) => void;
	readonly logFile: string;
	readonly timings: Record<string, number> = {};
	/** Set by startFaultStack (beforeAll), before the runs. */
	stack!: Stack;
	readonly deployed = {} as Record<PlatformId, Deployed>;
	/** Every answer to a rejected request, for the secrets check. */
	readonly rejectionTexts: string[] = [];
	/** Secrets found in execution data while it was read (checked by the secrets test). */
	readonly executionLeaks: string[] = [];
	executionsScanned = 0;
	/** Runs whose items n8n's API returned redacted (stored-executions.ts). */
	redactedRuns = 0;
	/** Set by the load run: the executions of the next runs are those newer than its last one. */
	load: { lastExecutionId: number } | undefined;

	constructor(readonly plan: DeliveryFaultPlan) {
		const { log, file } = suiteLogger(plan.suite);
		this.log = log;
		this.logFile = file;
	}
}

/** Starts n8n and the sandbox and deploys one live workflow per platform (an endpoint in the sandbox for the "paste the URL" ones). */
export async function startFaultStack(run: FaultRun): Promise<void> {
	const { plan, log, timings, deployed } = run;
	const t0 = Date.now();
	const stack = await stackLib.startStack({
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
	run.stack = stack;
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
}
