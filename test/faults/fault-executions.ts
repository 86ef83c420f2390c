/** The fault runs' executions read back through n8n's public API (and PostgreSQL where the API redacts them), matched to the events sent. */
import { platformIds, type PlatformId } from '../../core';
import { type Execution, expectedItemsOfRequest, sleep, stackLib } from '../e2e/helpers';
import type { Sent } from './fault-deliveries';
import type { FaultRun } from './fault-run';
import { FAULT_ID, storedExecutions } from './stored-executions';

/** The fault ids this suite emits (`load-<run tag>-<n>`, `genuine-<run tag>-<n>`), wherever they appear. */
const FAULT_ID_PATTERN = /\b(?:load|genuine)-[0-9a-f]{6}-\d+\b/g;
/** FAULT_ID_PATTERN for PostgreSQL, whose redacted runs storedExecutions reads (see stored-executions.ts). */
const STORED_FAULT_ID_PATTERN = '((?:load|genuine)-[0-9a-f]{6}-[0-9]+)';

export interface ExecutionSummary {
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

const isFinished = (status: string): boolean => !['new', 'running', 'waiting'].includes(status);

/** The executions of one workflow newer than `afterId`, with data, page by page (newest first); scanned for secrets on the way. */
export async function executionsWithData(run: FaultRun, workflowId: string, afterId: number): Promise<ExecutionSummary[]> {
	const out: ExecutionSummary[] = [];
	const secrets = run.stack.secretValues();
	let cursor: string | undefined;
	for (let page = 0; page < 1000; page++) {
		const query = new URLSearchParams({ workflowId, includeData: 'true', limit: '250', ...(cursor ? { cursor } : {}) });
		const response = await fetch(`${run.stack.n8n.baseUrl}/api/v1/executions?${query}`, {
			headers: { 'X-N8N-API-KEY': run.stack.apiKey, accept: 'application/json' },
			signal: AbortSignal.timeout(120000),
		});
		const text = await response.text();
		if (response.status !== 200) throw new Error(`GET /api/v1/executions -> ${response.status}: ${text.slice(0, 500)}`);
		const body = JSON.parse(text) as { data: Execution[]; nextCursor?: string };
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
			out.push({
				id,
				workflowId,
				status: execution.status,
				mode: execution.mode,
				faultIds,
				mentionedFaultIds,
				itemIds: items.map((item) => item.id ?? null),
				error,
				startedAt: execution.startedAt,
				itemPreview,
				redacted,
			});
			run.executionsScanned++;
		}
		for (const secret of secrets) if (text.includes(secret)) run.executionLeaks.push(`${secret.slice(0, 6)}… in executions of workflow ${workflowId}`);
		cursor = body.nextCursor;
		if (!cursor || older) break;
	}
	const redacted = out.filter((e) => e.redacted);
	if (redacted.length > 0) {
		const rows = storedExecutions(run.stack, STORED_FAULT_ID_PATTERN, { executionIds: redacted.map((e) => e.id) });
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
		run.redactedRuns += redacted.length;
		run.log(
			`${redacted.length} executions of workflow ${workflowId} read with their items redacted by n8n's API (${stored ? 'fault ids read from PostgreSQL' : 'no database to read them from'})`,
		);
	}
	return out;
}

/** Finished executions per workflow newer than `afterId`, without data (cheap enough to poll). */
async function finishedCounts(run: FaultRun, afterId: number): Promise<Record<PlatformId, number>> {
	const counts = {} as Record<PlatformId, number>;
	for (const id of platformIds) {
		const list = await run.stack.api.listExecutions({ workflowId: run.deployed[id].workflowId, includeData: false, limit: 250 });
		counts[id] = (list as Array<{ id: string; status: string }>).filter((e) => Number(e.id) > afterId && isFinished(e.status)).length;
	}
	return counts;
}

/** Polls until every workflow has its expected number of finished executions (or the time is up), then reads them with data. */
export async function settledExecutions(
	run: FaultRun,
	expected: Record<PlatformId, number>,
	afterId: number,
	timeoutMs: number,
): Promise<{ executions: ExecutionSummary[]; waitedMs: number }> {
	const t0 = Date.now();
	let counts = await finishedCounts(run, afterId);
	while (platformIds.some((id) => counts[id] < expected[id]) && Date.now() - t0 < timeoutMs) {
		run.log(`executions so far ${JSON.stringify(counts)} of ${JSON.stringify(expected)}`);
		await sleep(3000);
		counts = await finishedCounts(run, afterId);
	}
	const waitedMs = Date.now() - t0;
	await sleep(3000); // a double would show up a little after the original
	const executions: ExecutionSummary[] = [];
	for (const id of platformIds) executions.push(...(await executionsWithData(run, run.deployed[id].workflowId, afterId)));
	return { executions, waitedMs };
}

/**
 * The id the trigger's item must carry for `sent`: that of the item the nodes' output code makes of
 * the delivery the sandbox made (expectedItemsOfRequest), so the platform's own id where it sends one,
 * else the delivery's fingerprint. Where the deployed secret no longer verifies it (a SmartRecruiters subscription made
 * again, with a new key), the emitted id: only platforms that send their own id rotate keys here.
 */
export function expectedItemIdOf(run: FaultRun): (s: Sent) => string {
	return (s) => {
		const attempt = s.record.attempts[0];
		if (attempt === undefined) return s.eventId;
		try {
			return expectedItemsOfRequest(s.platform, attempt, run.deployed[s.platform].secrets)[0].id;
		} catch {
			return s.eventId;
		}
	};
}

/** Lost and doubled events: the fault ids of `expected` against the items of `executions`; `expectedIdOf` gives each item's id (expectedItemIdOf). */
export function matchEvents(sent: Sent[], executions: ExecutionSummary[], expectedIdOf: (s: Sent) => string) {
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
			if (source === undefined)
				unexpected.push(`${faultId} (execution ${execution.id}, started ${execution.startedAt ?? '?'}${execution.itemPreview ? `: ${execution.itemPreview}` : ''})`);
			// Null only for runs whose items n8n's API redacted (read back from PostgreSQL without ids).
			else if (execution.itemIds[index] !== null) {
				const expectedId = expectedIdOf(source);
				if (execution.itemIds[index] !== expectedId) wrongIds.push(`${faultId}: ${execution.itemIds[index]} != ${expectedId}`);
			}
		});
	}
	const lost = sent.filter((s) => !seen.has(s.faultId));
	const doubled = sent.filter((s) => (seen.get(s.faultId) ?? 0) > 1);
	const notSuccessful = executions.filter((e) => e.status !== 'success' || e.mode !== 'webhook').map((e) => `${e.id}: ${e.mode}/${e.status}${e.error ? ` (${e.error})` : ''}`);
	return { lost, doubled, unexpected, wrongIds, notOneItem, notSuccessful };
}
