/**
 * Figures of the fault runs, one JSON file per suite under bench/results/faults/, read by
 * `npm run bench` (bench/run.js) into the results file's "Faults and bad input" table.
 * A row is written only after its assertions passed; a delivery run that lost or doubled events is
 * kept as a failure instead, and the results file lists it under the table.
 */
import fs from 'node:fs';
import path from 'node:path';

export const FAULT_RESULTS_DIR = path.join(__dirname, '..', '..', 'bench', 'results', 'faults');

export interface FaultRow {
	/** Which check this is: the newest passed row of a kind and mode replaces the older one. */
	kind: 'deliveries' | 'bad-input' | 'secrets' | 'subscriptions' | 'db-starvation-short-timeout' | 'db-starvation-long-timeout';
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
	const results = readSuite(suite);
	results.rows = results.rows.filter((r) => !(r.kind === row.kind && r.mode === row.mode));
	results.rows.push({ ...row, at: new Date().toISOString() });
	writeSuite(suite, results);
}

/** A run that lost or doubled events: kept, every one, beside the passed rows (the table must not hide it). */
export interface FaultFailure {
	kind: FaultRow['kind'];
	mode: FaultRow['mode'];
	scenario: string;
	eventsLost: number;
	eventsDoubled: number;
	/** What was seen, in a sentence or two. */
	summary: string;
	/** The suite's log file (under .tooling/logs, with n8n's logs beside it). */
	log: string;
}

export function recordFaultFailure(suite: string, failure: FaultFailure): void {
	const results = readSuite(suite);
	results.failures.push({ ...failure, at: new Date().toISOString() });
	writeSuite(suite, results);
}

interface SuiteResults {
	suite: string;
	rows: Array<FaultRow & { at: string }>;
	failures: Array<FaultFailure & { at: string }>;
}

function suiteFile(suite: string): string {
	return path.join(FAULT_RESULTS_DIR, `${suite}.json`);
}

function readSuite(suite: string): SuiteResults {
	try {
		const stored = JSON.parse(fs.readFileSync(suiteFile(suite), 'utf8')) as Partial<SuiteResults>;
		return { suite, rows: stored.rows ?? [], failures: stored.failures ?? [] };
	} catch {
		return { suite, rows: [], failures: [] };
	}
}

function writeSuite(suite: string, results: SuiteResults): void {
	fs.mkdirSync(FAULT_RESULTS_DIR, { recursive: true });
	const { rows, failures } = results;
	fs.writeFileSync(suiteFile(suite), `${JSON.stringify({ suite, rows, ...(failures.length > 0 ? { failures } : {}) }, null, 2)}\n`);
}
