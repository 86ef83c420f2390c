/**
 * Shared pieces of the end-to-end suites: typed access to scripts/lib/stack.js, a log file per
 * suite, the expected n8n item of a delivery, and bounded waits on n8n's executions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { platforms, verifyDelivery, type EventDefinition, type PlatformId } from '../../core';
import { ENVELOPE_ITEM_VERSION, outputItemOf } from '../../nodes/shared/output';

export interface Deployed {
	platformId: PlatformId;
	workflowId: string;
	workflowName: string;
	triggerName: string;
	webhookId: string;
	webhookPath: string;
	productionUrl: string;
	testUrl: string;
	httpMethod: string;
	credentialId: string;
	credentialType: string;
	/** What the sandbox signs with: the credential's secrets, or SmartRecruiters' subscription key `{ secret }`. */
	secrets: Record<string, any>;
	subscriptionId?: string;
	endpointId?: string;
	timings: Record<string, number>;
}

export interface Execution {
	id: string;
	mode: string;
	status: string;
	finished?: boolean;
	startedAt?: string;
	stoppedAt?: string;
	workflowId?: string;
	data?: any;
	workflowData?: any;
}

export interface DeliveryAttempt {
	number: number;
	at: string;
	status?: number;
	ok: boolean;
	error?: string;
	request?: { url: string; method: string; headers: Record<string, string>; body: string };
}

export interface DeliveryRecord {
	id: string;
	platform: PlatformId;
	event: string;
	eventId: string;
	status: string;
	url: string;
	target: { type: string; id: string; url: string };
	attempts: DeliveryAttempt[];
}

export interface Stack {
	queue: boolean;
	userFolder: string;
	sandbox: { url: string; state: any; stop(): Promise<void> };
	n8n: any;
	api: any;
	apiKey: string;
	owner: { email: string; password: string };
	webhookBaseUrl: string;
	timings: Record<string, any>;
	setups: Record<PlatformId, PlatformSetup>;
	secrets: Set<string>;
	rest(method: string, p: string, body?: unknown): Promise<{ status: number; json: any; text: string }>;
	restartN8n(o?: { whileDown?: () => Promise<void> }): Promise<Stack>;
	logFiles(): string[];
	secretValues(): string[];
	liveProcessGroups(): Array<{ role: string; pgid: number }>;
	stop(): Promise<void>;
}

export interface PlatformSetup {
	id: PlatformId;
	displayName: string;
	kind: 'manual' | 'api';
	successStatus: number;
	toleranceSeconds?: number;
	nodeType: string;
	nodeDisplayName: string;
	credentialType: string;
	oauth2CredentialType?: string;
	makeSecrets(): Record<string, any>;
}

/** n8n's view of a workflow's publication (GET /rest/workflows/:id/publication-status); `unsupported` where n8n has no such route. */
export interface PublicationStatus {
	status: string;
	triggers?: Array<{ errorMessage?: string }>;
}

export interface StackLib {
	startStack(o?: Record<string, unknown>): Promise<Stack>;
	platformSetups: Record<PlatformId, PlatformSetup>;
	deployPlatformWorkflow(stack: Stack, id: PlatformId, o?: Record<string, unknown>): Promise<Deployed>;
	activateDeployed(stack: Stack, d: Deployed): Promise<Deployed>;
	publicationStatus(stack: Stack, workflowId: string): Promise<PublicationStatus>;
	deactivateWorkflow(stack: Stack, d: Deployed): Promise<unknown>;
	emit(stack: Stack, id: PlatformId, event: string, o?: { data?: unknown; id?: string }): Promise<{ eventId: string; deliveries: DeliveryRecord[] }>;
	deliveryDetails(stack: Stack, id: string): Promise<DeliveryRecord>;
	executionsOf(stack: Stack, workflowId: string, o?: { includeData?: boolean }): Promise<Execution[]>;
	itemsOf(execution: Execution, nodeName?: string): any[];
	waitForExecutionCount(stack: Stack, workflowId: string, count: number, o?: { timeoutMs?: number; includeData?: boolean }): Promise<Execution[]>;
	smartRecruitersSubscriptions(stack: Stack): Promise<Array<{ id: string; callbackUrl: string; status: string; events: Array<{ name: string; version: string }> }>>;
	smartRecruitersSecretKey(stack: Stack, subscriptionId: string): Promise<string>;
	waitForSubscriptions(stack: Stack, callbackUrl: string, check: (list: any[]) => boolean, o?: { timeoutMs?: number; what?: string }): Promise<any[]>;
	listenForTestEvent(stack: Stack, d: Deployed): Promise<unknown>;
	stopListening(stack: Stack, d: Deployed): Promise<unknown>;
	sendDelivery(url: string, delivery: { method: string; headers: Record<string, string>; body: string }): Promise<{ status: number; text: string; headers: Headers }>;
	waitFor<T>(what: string, fn: () => Promise<{ done?: boolean; value?: T; why?: string }>, o?: { timeoutMs?: number; intervalMs?: number }): Promise<T>;
}

export const stackLib: StackLib = require('../../scripts/lib/stack');
export const runtime: {
	waitForWebhook(url: string, o?: { method?: string; gone?: boolean; timeoutMs?: number }): Promise<number>;
	startPostgres(o?: { port?: number; readyTimeoutMs?: number }): Promise<{ port: number; stop(): Promise<void> }>;
} = require('../../scripts/lib/n8n-runtime');

/** n8n may take 4 to 8 minutes to install the first time. */
export const INSTALL_TIMEOUT_MS = 20 * 60 * 1000;
/** How long to wait for a run that must NOT happen before concluding it did not. */
export const SETTLE_MS = 1500;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One log file per suite under .tooling/logs; echoed to stdout with HIREHOOKS_E2E_VERBOSE=1. */
export function suiteLogger(name: string): { log: (line: string) => void; file: string } {
	const dir = path.join(__dirname, '..', '..', '.tooling', 'logs');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `e2e-${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
	const t0 = Date.now();
	const log = (line: string): void => {
		const text = `[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${line}\n`;
		fs.appendFileSync(file, text);
		if (process.env.HIREHOOKS_E2E_VERBOSE === '1') process.stdout.write(text);
	};
	return { log, file };
}

/** The event name a delivery of a catalogue event reports (the generic sender's payload names its own). */
export function reportedEventName(platformId: PlatformId, definition: EventDefinition): string {
	const sample = definition.sample as Record<string, unknown>;
	return platforms[platformId].catchAllEvent === definition.name && typeof sample?.event === 'string' ? sample.event : definition.name;
}

/** The sample with a unique field, so that platforms keyed by the body hash see a new delivery. */
export function withNonce(sample: unknown): Record<string, unknown> {
	return { ...(sample as Record<string, unknown>), e2eNonce: randomUUID() };
}

/**
 * The README's item rule for node version 3, written out independently of core/envelope.ts: the
 * envelope's keys in this order, the payload whole under `data`, verified true (these workflows verify).
 */
const ENVELOPE = ['id', 'event', 'occurredAt', 'platform', 'entity', 'known', 'verified', 'data', 'meta'];
export function expectTypedItem(item: any, platformId: PlatformId, definition: EventDefinition, data: unknown): void {
	expect(Object.keys(item)).toEqual(ENVELOPE);
	expect(item.event).toBe(reportedEventName(platformId, definition));
	expect(item.platform).toBe(platformId);
	expect(item.entity).toBe(definition.entity);
	expect(item.known).toBe(true);
	expect(item.verified).toBe(true);
	expect(typeof item.id).toBe('string');
	expect(item).toHaveProperty('occurredAt');
	expect(typeof item.meta).toBe('object');
	expect(item.data).toEqual(data);
}

/**
 * The items n8n should have produced for exactly the bytes the sandbox sent: the core verifies the
 * recorded request at the moment it was sent, and the nodes' shared output code shapes it for a
 * trigger of `typeVersion` (3: the envelope; 1 and 2: the flat item).
 */
export function expectedItemsOfRequest(platformId: PlatformId, attempt: DeliveryAttempt, secrets: unknown, typeVersion = ENVELOPE_ITEM_VERSION): any[] {
	const request = attempt.request!;
	const verified = verifyDelivery(platformId, { method: request.method, headers: request.headers, body: request.body }, secrets, { now: new Date(attempt.at) });
	return verified.events.map((_event, index) => JSON.parse(JSON.stringify(outputItemOf(typeVersion, verified, index, true).json)));
}

/** Finished executions of a workflow, without data (cheap), optionally of one mode. */
export async function executionCount(stack: Stack, workflowId: string, mode?: string): Promise<number> {
	const list = await stackLib.executionsOf(stack, workflowId, { includeData: false });
	return list.filter((e) => mode === undefined || e.mode === mode).length;
}

/** Waits for `count` executions, then `SETTLE_MS` more, and returns the list (with data) once it is stable. */
export async function executionsSettled(stack: Stack, workflowId: string, count: number, timeoutMs = 60000): Promise<Execution[]> {
	await stackLib.waitForExecutionCount(stack, workflowId, count, { timeoutMs, includeData: false });
	await sleep(SETTLE_MS);
	return stackLib.executionsOf(stack, workflowId, { includeData: true });
}

/** Asserts that no execution starts for `workflowId` within SETTLE_MS after `action` (count before = count after). */
export async function expectNoNewExecution<T>(stack: Stack, workflowId: string, action: () => Promise<T>): Promise<T> {
	const before = await executionCount(stack, workflowId);
	const result = await action();
	await sleep(SETTLE_MS);
	const after = await executionCount(stack, workflowId);
	if (after !== before) {
		// Say what ran: the newest executions' mode, status, start and first item (read with data only then).
		const list = await stackLib.executionsOf(stack, workflowId, { includeData: true });
		const newest = list
			.slice(0, Math.max(0, list.length - before))
			.map((e) => `${e.id} ${e.mode}/${e.status} ${e.startedAt ?? '?'} ${JSON.stringify(stackLib.itemsOf(e)[0] ?? null).slice(0, 200)}`);
		expect({ executions: after, newest }).toEqual({ executions: before, newest: [] });
	}
	expect(after).toBe(before);
	return result;
}

/** The deliveries of an emit that went to one URL. */
export function deliveriesTo(result: { deliveries: DeliveryRecord[] }, url: string): DeliveryRecord[] {
	return result.deliveries.filter((d) => (d.url ?? d.target?.url) === url);
}

/**
 * The suites' afterAll: stop the stack, wait until no process group it started is alive (n8n, its task
 * runner, redis), and print the suite's timings and log file even when stopping fails.
 */
export async function stopStackAndReport(stack: any, mode: string, timings: Record<string, number>, log: (line: string) => void, logFile: string): Promise<void> {
	const t0 = Date.now();
	try {
		if (stack) {
			await stack.stop();
			await stackLib.waitFor(
				'every process group to be gone',
				async () => {
					const live = stack.liveProcessGroups();
					return live.length === 0 ? { done: true } : { why: JSON.stringify(live) };
				},
				{ timeoutMs: 10000 },
			);
		}
	} finally {
		timings.stopMs = Date.now() - t0;
		log(`timings ${JSON.stringify(timings)}`);
		process.stdout.write(`e2e (${mode}) timings: ${JSON.stringify(timings)}\n  log: ${logFile}\n`);
	}
}
