/**
 * Redeliveries of an event already seen inside the window start no second run. Platforms retry on
 * timeouts and 5xx with the same event id (Svix msg id, SmartRecruiters event-id); PeopleForce,
 * HrFlow and the generic sender send none, so their key is the SHA-256 of the raw body.
 *
 * The window is the longer of the node's tolerance option and the platform's whole retry schedule
 * (redeliveryWindowSeconds): a platform that got no answer in time retries the same event after
 * 10 minutes, 45 minutes, hours, and each of those retries must find the key of the run n8n registered.
 *
 * Two memories:
 *  - a bounded in-process map: what dedupe rests on in n8n 2.41.
 *  - the node's workflow static data, so that keys could survive a restart. n8n 2.41 saves it only
 *    for requests the node answers itself (redeliveries, unselected events): for a delivery that starts a run, n8n answers after
 *    registering the run, and the run's Workflow wraps the same static data object again, clearing
 *    its changed flag before the deferred save looks at it. So the memory does not survive a restart
 *    (docs/operating-n8n.md, "drain before you restart"; test/e2e pins it), and test-URL requests never persist static data.
 * Several webhook processes (queue mode) each have their own map: dedupe there is best effort.
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { redeliverySpanSeconds } from '../../core';
import { type AnyPlatform, DEFAULT_WINDOW_SECONDS } from './description';

const STATIC_KEY = 'seenEvents';
/**
 * Keys per node in the process's memory: a window of hours must hold every delivery of a busy node
 * in it (about 4 MB of heap at 10,000 keys).
 */
export const MAX_REMEMBERED = 10_000;
/** Keys in memory across every node of the process (about 19 MB): over it, the node holding the most gives up its oldest. */
export const MAX_REMEMBERED_TOTAL = 50_000;
/** Keys per node in its static data, which n8n writes to the database with the workflow. */
export const MAX_STORED = 500;

const MAX_SCOPES = 200;

/** How long a delivery's keys are remembered: the node's tolerance (or redelivery window) option, and at least as long as the platform may retry. */
export function redeliveryWindowSeconds(platform: Pick<AnyPlatform, 'retries'>, toleranceSeconds: number | undefined): number {
	return Math.max(toleranceSeconds ?? DEFAULT_WINDOW_SECONDS, redeliverySpanSeconds(platform));
}

const memory = new Map<string, Map<string, number>>();

/** One memory per workflow, node and URL: the test URL and the production URL never share one. */
export function dedupeScope(context: IHookFunctions | IWebhookFunctions): string {
	const node = context.getNode();
	return [context.getWorkflow().id ?? '', node.id ?? node.name, context.getNodeWebhookUrl('default') ?? ''].join('|');
}

/**
 * Which of `keys` were already seen within `windowSeconds`; records all of them as seen now.
 * `scope` separates nodes and workflows in the process-wide map.
 */
export function rememberDeliveries(staticData: IDataObject, scope: string, keys: string[], windowSeconds: number, nowMs = Date.now()): boolean[] {
	const windowMs = Math.max(1, windowSeconds) * 1000;
	const oldestMs = nowMs - windowMs;
	const stored = readStored(staticData, oldestMs);
	const inMemory = scopeMap(memory, scope);
	// Oldest first (keys are re-inserted when seen), so expiry stops at the first key still in the
	// window instead of walking up to MAX_REMEMBERED keys on every delivery.
	for (const [key, seenAt] of inMemory) {
		if (seenAt >= oldestMs) break;
		inMemory.delete(key);
	}

	// The time is checked too: a clock set back can leave an expired key behind a newer one.
	const duplicates = keys.map((key) => stored[key] !== undefined || (inMemory.get(key) ?? -Infinity) >= oldestMs);
	for (const key of keys) {
		// Re-inserted, so both memories stay oldest first and trimming drops from the front.
		delete stored[key];
		stored[key] = nowMs;
		inMemory.delete(key);
		inMemory.set(key, nowMs);
	}
	dropOldest(inMemory, MAX_REMEMBERED);
	trimProcessTotal(memory);
	// Only the stored keys and this request's own: a key of a delivery whose run n8n did not start
	// (forgetDeliveryKeys) must not reach the database through another request's save.
	const storedKeys = Object.keys(stored);
	for (let i = 0; i < storedKeys.length - MAX_STORED; i++) delete stored[storedKeys[i]];
	staticData[STATIC_KEY] = stored;
	return duplicates;
}

/**
 * Forget some keys from the in-process memory: the delivery they came with started no run after all
 * (n8n answered it with an error instead of registering the run), so its retry is not a redelivery.
 */
export function forgetDeliveryKeys(scope: string, keys: string[]): void {
	const inMemory = memory.get(scope);
	if (inMemory === undefined) return;
	for (const key of keys) inMemory.delete(key);
}

/**
 * Keys of deliveries that started a run n8n has not answered yet, per scope, with the time they
 * started. Until n8n answers, nobody knows whether the run exists: a retry arriving meanwhile (the
 * platform timed out while n8n was slow) is neither a redelivery nor a new event, and is told to try
 * again later (webhook.ts). Bounded in time: n8n answers every request it does not crash on.
 */
const undecided = new Map<string, Map<string, number>>();
export const UNDECIDED_AT_MOST_MS = 10 * 60 * 1000;

export function markUndecided(scope: string, keys: string[], nowMs = Date.now()): void {
	const inScope = scopeMap(undecided, scope);
	for (const key of keys) inScope.set(key, nowMs);
	dropOldest(inScope, MAX_REMEMBERED);
}

export function settleUndecided(scope: string, keys: string[]): void {
	const inScope = undecided.get(scope);
	if (inScope === undefined) return;
	for (const key of keys) inScope.delete(key);
	if (inScope.size === 0) undecided.delete(scope);
}

/** Whether any of `keys` belongs to a delivery whose run n8n has not answered yet (and not for too long). */
export function isUndecided(scope: string, keys: string[], nowMs = Date.now()): boolean {
	const inScope = undecided.get(scope);
	if (inScope === undefined) return false;
	return keys.some((key) => {
		const since = inScope.get(key);
		if (since === undefined) return false;
		if (nowMs - since <= UNDECIDED_AT_MOST_MS) return true;
		inScope.delete(key);
		return false;
	});
}

/** The key → time map of one scope in a process-wide store, created on first use; the store keeps the newest MAX_SCOPES scopes. */
function scopeMap(store: Map<string, Map<string, number>>, scope: string): Map<string, number> {
	let inScope = store.get(scope);
	if (inScope === undefined) {
		inScope = new Map();
		store.set(scope, inScope);
		dropOldest(store, MAX_SCOPES);
	}
	return inScope;
}

/** Keeps the keys of all scopes within MAX_REMEMBERED_TOTAL, taking the oldest keys of the largest scope first. */
function trimProcessTotal(store: Map<string, Map<string, number>>): void {
	let total = 0;
	for (const inScope of store.values()) total += inScope.size;
	while (total > MAX_REMEMBERED_TOTAL) {
		let largest: Map<string, number> | undefined;
		for (const inScope of store.values()) if (largest === undefined || inScope.size > largest.size) largest = inScope;
		largest!.delete(largest!.keys().next().value as string);
		total--;
	}
}

/** Drops a map's first-inserted entries (its oldest, since keys are re-inserted when seen again) down to `max`. */
function dropOldest(map: Map<string, unknown>, max: number): void {
	while (map.size > max) map.delete(map.keys().next().value as string);
}

/** Forget every key of a node (its webhook URL changed or it was deactivated). */
export function forgetDeliveries(staticData: IDataObject, scope: string): void {
	delete staticData[STATIC_KEY];
	memory.delete(scope);
}

/** The stored keys seen since `oldestMs`, in stored order (oldest first; keys are event ids or hashes, never array indexes, so insertion order holds). */
function readStored(staticData: IDataObject, oldestMs: number): Record<string, number> {
	const raw = staticData[STATIC_KEY];
	const entries: Array<[string, number]> = [];
	let ordered = true;
	if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
		for (const [key, value] of Object.entries(raw as IDataObject)) {
			if (typeof value !== 'number' || value < oldestMs) continue;
			if (entries.length > 0 && value < entries[entries.length - 1][1]) ordered = false;
			entries.push([key, value]);
		}
	}
	// Static data written by HireHooks 0.1 is newest first.
	if (!ordered) entries.sort((a, b) => a[1] - b[1]);
	return Object.fromEntries(entries);
}
