/**
 * Figures of the fault runs, one JSON file per suite under bench/results/faults/, read by
 * `npm run bench` (bench/run.js) into the results file's "Faults and bad input" table.
 * A row is written only after its assertions passed, so the table never shows a run that failed.
 */
import fs from 'node:fs';
import path from 'node:path';

export const FAULT_RESULTS_DIR = path.join(__dirname, '..', '..', 'bench', 'results', 'faults');

export interface FaultRow {
	/** Which check this is: the newest passed row of a kind and mode replaces the older one. */
	kind: 'deliveries' | 'bad-input' | 'secrets' | 'subscriptions';
	/** What was run, in words a user understands ("10,000 deliveries with lost responses and an n8n restart"). */
	scenario: string;
	/** "regular" or "queue" (n8n's queue mode: Redis, a worker, a webhook process). */
	mode: 'regular' | 'queue';
	/** The load the run held, e.g. "10,000 deliveries in 212 s (47/s)". */
	loadHeld: string;
	/** The faults injected and survived, e.g. "1,000 lost responses, 2 restarts". */
	faultsSurvived: string;
	/** Malformed, forged, stale and replayed requests sent (0 where the scenario sends none). */
	badInputsTried: number;
	/** Events the platform sent that produced no execution. Must be 0. */
	eventsLost: number;
	/** Events that produced more than one execution. Must be 0. */
	eventsDoubled: number;
	/** Anything else measured (executions, distinct events, orphans, seconds...). */
	figures: Record<string, number | string>;
}

/**
 * Record a passed row of `suite`. It replaces the row of the same kind and mode: the table shows each
 * check's newest passed run, whatever its size (a 10,000-delivery run replaces a 2,000 one).
 */
export function recordFaultRow(suite: string, row: FaultRow): void {
	fs.mkdirSync(FAULT_RESULTS_DIR, { recursive: true });
	const file = path.join(FAULT_RESULTS_DIR, `${suite}.json`);
	let rows: Array<FaultRow & { at: string }> = [];
	try {
		rows = JSON.parse(fs.readFileSync(file, 'utf8')).rows ?? [];
	} catch {
		rows = [];
	}
	rows = rows.filter((r) => !(r.kind === row.kind && r.mode === row.mode));
	rows.push({ ...row, at: new Date().toISOString() });
	fs.writeFileSync(file, `${JSON.stringify({ suite, rows }, null, 2)}\n`);
}
