/**
 * Redeliveries of an event already seen inside the window start no second run. Platforms retry on
 * timeouts and 5xx with the same event id (Svix msg id, SmartRecruiters event-id); PeopleForce,
 * HrFlow and the generic sender send none, so their key is the SHA-256 of the raw body.
 *
 * Two memories:
 *  - a bounded in-process map: what dedupe rests on in n8n 2.41.
 *  - the node's workflow static data, so that keys could survive a restart. n8n 2.41 saves it only
 *    for requests the node answers itself (redeliveries, unselected events): for a delivery that starts a run, n8n answers after
 *    registering the run, and the run's Workflow wraps the same static data object again, clearing
 *    its changed flag before the deferred save looks at it. So the memory does not survive a restart
 *    (README, "Redeliveries"; test/e2e pins it), and test-URL requests never persist static data.
 * Several webhook processes (queue mode) each have their own map: dedupe there is best effort.
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

const STATIC_KEY = 'seenEvents';
/** Per node: enough for any realistic retry storm inside a window, small enough for static data. */
export const MAX_REMEMBERED = 500;
const MAX_SCOPES = 200;

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
	const stored = readStored(staticData, nowMs - windowMs);
	let inMemory = memory.get(scope);
	if (inMemory === undefined) {
		inMemory = new Map();
		memory.set(scope, inMemory);
		while (memory.size > MAX_SCOPES) memory.delete(memory.keys().next().value as string);
	}
	for (const [key, seenAt] of inMemory) if (seenAt < nowMs - windowMs) inMemory.delete(key);

	const duplicates = keys.map((key) => stored[key] !== undefined || inMemory.has(key));
	for (const key of keys) {
		// Re-inserted, so both memories stay oldest first and trimming drops from the front.
		delete stored[key];
		stored[key] = nowMs;
		inMemory.delete(key);
		inMemory.set(key, nowMs);
	}
	while (inMemory.size > MAX_REMEMBERED) inMemory.delete(inMemory.keys().next().value as string);
	// Only the stored keys and this request's own: a key of a delivery whose run n8n did not start
	// (forgetDeliveryKeys) must not reach the database through another request's save.
	const storedKeys = Object.keys(stored);
	for (let i = 0; i < storedKeys.length - MAX_REMEMBERED; i++) delete stored[storedKeys[i]];
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
