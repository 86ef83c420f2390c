/**
 * Runs a step and hands back its value or what it threw, so that the caller turns a failure into its
 * own coded error outside a catch block: n8n's lint (require-node-api-error) lets a catch block throw
 * only n8n's NodeApiError or NodeOperationError, and the core stays independent of n8n.
 */
export type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function attempt<T>(step: () => T): Attempt<T> {
	try {
		return { ok: true, value: step() };
	} catch (error) {
		return { ok: false, error };
	}
}

export async function attemptAsync<T>(step: () => Promise<T>): Promise<Attempt<T>> {
	try {
		return { ok: true, value: await step() };
	} catch (error) {
		return { ok: false, error };
	}
}

/** What parseJsonText returns for text that is not JSON (no JSON text parses to a symbol). */
export const NOT_JSON: unique symbol = Symbol('not JSON');

/**
 * JSON.parse without a closure or result object per call: every delivery's body goes through it, and
 * on 2 KB bodies those allocations show (bench/results/RESULTS.md, core table).
 */
export function parseJsonText(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return NOT_JSON;
	}
}
