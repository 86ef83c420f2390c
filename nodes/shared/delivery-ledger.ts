/**
 * The delivery ledger: what a trigger node remembers about deliveries so that a platform's retry of
 * an event already run starts no second run, and a retry of one not run yet still does. The node code
 * uses only `deliveryLedger(context)`: `admit` the keys of a delivery's selected events, and for a
 * delivery that starts a run, `settleOnAnswer` with the response n8n will answer. Everything below it
 * is process-wide state no other file touches.
 *
 * Keys: platforms retry on timeouts and 5xx with the same event id (Svix msg id, SmartRecruiters
 * event-id); PeopleForce, HrFlow and the generic sender send none, so their key is the SHA-256 of what
 * the signature covers (core's redeliveryKeys).
 *
 * The window is the longer of the node's tolerance option and the platform's whole retry schedule
 * (redeliveryWindowSeconds): a platform that got no answer in time retries the same event after
 * 10 minutes, 45 minutes, hours, and each of those retries must find the key of the run n8n registered.
 *
 * Two memories of seen keys:
 *  - a bounded in-process map: what redelivery detection rests on in n8n 2.41.
 *  - the node's workflow static data, so that keys could survive a restart. n8n 2.41 saves it only
 *    for requests the node answers itself (redeliveries, unselected events): for a delivery that starts a run, n8n answers after
 *    registering the run, and the run's Workflow wraps the same static data object again, clearing
 *    its changed flag before the deferred save looks at it. So the memory does not survive a restart
 *    (docs/operating-n8n.md, "drain before you restart"; test/e2e pins it), and test-URL requests never persist static data.
 * Several webhook processes (queue mode) each have their own map: detection there is best effort.
 *
 * In flight: a delivery that starts a run is answered by n8n once it registered the run (2xx), or
 * with an error when it could not. Until then nobody knows whether the run exists, so a retry arriving
 * meanwhile (the platform timed out while n8n was slow) is neither a redelivery nor a new event: it is
 * told to come back later (503 delivery_in_progress). Keys are in flight from `admit` on, not from
 * when the items are ready: a retry arriving while the node still resolves entities must not pass for
 * a redelivery of a run n8n may yet refuse. The answer settles the keys: a 2xx keeps them
 * seen, anything else forgets them so the platform's retry runs. A platform that hung up first changes
 * nothing: n8n 2.41 registers the run all the same and writes its answer to the closed socket, so that
 * answer's status is what counts. The answer is taken at `end`, not at 'finish': on a socket the
 * platform already closed, Node never emits 'finish', yet n8n still sets the status and ends the response.
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { redeliverySpanSeconds } from '../../core';
import { type AnyPlatform, DEFAULT_WINDOW_SECONDS } from './description';

/** What a delivery is, given the keys of its selected events. */
export type Admission =
	/** An earlier attempt still awaits n8n's answer; nothing was recorded. */
	| { verdict: 'in_flight' }
	/** Per key, whether it is new; the new keys are in flight until settleOnAnswer sees n8n's answer. */
	| Admitted;

export interface Admitted {
	verdict: 'admitted';
	isNew: boolean[];
	/** The keys whose isNew is true. */
	newKeys: string[];
}

/** The part of n8n's (Express) response the ledger watches: the status n8n sets, and `end`. */
export interface AnsweredResponse {
	statusCode: number;
	end: (...args: never[]) => unknown;
}

/** One node's ledger on one URL: the test URL and the production URL never share one. */
export interface DeliveryLedger {
	admit(keys: readonly string[]): Admission;
	/** Keeps the admission's new keys seen if n8n answers `response` with a 2xx, and forgets them otherwise. */
	settleOnAnswer(admission: Admitted, response: AnsweredResponse): void;
	/** Forgets every key of the node (its webhook URL changed, or it was deactivated). */
	forget(): void;
}

export interface LedgerOptions {
	/** How long a key stays seen (redeliveryWindowSeconds); only `admit` needs it. */
	windowSeconds?: number;
	now?: () => number;
}

export function deliveryLedger(context: IHookFunctions | IWebhookFunctions, options: LedgerOptions = {}): DeliveryLedger {
	const scope = scopeOf(context);
	const now = options.now ?? Date.now;
	return {
		admit(keys) {
			const at = now();
			if (isInFlight(scope, keys, at)) return { verdict: 'in_flight' };
			const seen = rememberDeliveries(context.getWorkflowStaticData('node'), scope, [...keys], options.windowSeconds ?? DEFAULT_WINDOW_SECONDS, at);
			const newKeys = keys.filter((_key, index) => !seen[index]);
			markInFlight(scope, newKeys, at);
			return { verdict: 'admitted', isNew: seen.map((wasSeen) => !wasSeen), newKeys };
		},
		settleOnAnswer(admission, response) {
			settleOnAnswer(scope, context.getWorkflowStaticData('node'), admission.newKeys, response);
		},
		forget() {
			delete context.getWorkflowStaticData('node')[STATIC_KEY];
			memory.delete(scope);
		},
	};
}

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

/** Seen keys per scope (node and URL), with the time each was last seen, oldest first. */
const memory = new Map<string, Map<string, number>>();
/** Keys per scope of deliveries whose run n8n has not answered yet, with the time they were admitted. */
const inFlight = new Map<string, Map<string, number>>();
/** How long a key stays in flight at most: n8n answers every request it does not crash on. */
export const IN_FLIGHT_AT_MOST_MS = 10 * 60 * 1000;

function scopeOf(context: IHookFunctions | IWebhookFunctions): string {
	const node = context.getNode();
	return [context.getWorkflow().id ?? '', node.id ?? node.name, context.getNodeWebhookUrl('default') ?? ''].join('|');
}

/**
 * Which of `keys` were already seen within `windowSeconds`; records all of them as seen now.
 * `scope` separates nodes and workflows in the process-wide map. Exported for the tests of the
 * memory's bounds; nodes go through deliveryLedger.
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
	// (forgotten in settleOnAnswer) must not reach the database through another request's save.
	const storedKeys = Object.keys(stored);
	for (let i = 0; i < storedKeys.length - MAX_STORED; i++) delete stored[storedKeys[i]];
	staticData[STATIC_KEY] = stored;
	return duplicates;
}

function markInFlight(scope: string, keys: string[], nowMs: number): void {
	if (keys.length === 0) return;
	const inScope = scopeMap(inFlight, scope);
	for (const key of keys) inScope.set(key, nowMs);
	dropOldest(inScope, MAX_REMEMBERED);
}

/** Whether any of `keys` belongs to a delivery whose run n8n has not answered yet (and not for too long). */
function isInFlight(scope: string, keys: readonly string[], nowMs: number): boolean {
	const inScope = inFlight.get(scope);
	if (inScope === undefined) return false;
	return keys.some((key) => {
		const since = inScope.get(key);
		if (since === undefined) return false;
		if (nowMs - since <= IN_FLIGHT_AT_MOST_MS) return true;
		inScope.delete(key);
		return false;
	});
}

/** Waits for n8n's answer on `response`: the keys leave flight, and are forgotten from memory unless the answer is a 2xx. */
function settleOnAnswer(scope: string, staticData: IDataObject, keys: string[], response: AnsweredResponse): void {
	if (keys.length === 0) return;
	if (typeof response.end !== 'function') {
		land(scope, staticData, keys, true);
		return;
	}
	const end = response.end;
	response.end = function (this: AnsweredResponse, ...args: never[]) {
		response.end = end;
		land(scope, staticData, keys, response.statusCode >= 200 && response.statusCode < 300);
		return (end as (...a: unknown[]) => unknown).apply(this, args);
	};
}

/**
 * The keys leave flight; a run n8n did not register makes them unseen in both memories, so the
 * platform's retry runs (and a host that saves this request's static data does not keep them).
 */
function land(scope: string, staticData: IDataObject, keys: string[], runRegistered: boolean): void {
	const inScope = inFlight.get(scope);
	if (inScope !== undefined) {
		for (const key of keys) inScope.delete(key);
		if (inScope.size === 0) inFlight.delete(scope);
	}
	if (runRegistered) return;
	const seen = memory.get(scope);
	if (seen !== undefined) for (const key of keys) seen.delete(key);
	const stored = staticData[STATIC_KEY];
	if (stored !== null && typeof stored === 'object' && !Array.isArray(stored)) for (const key of keys) delete (stored as IDataObject)[key];
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
