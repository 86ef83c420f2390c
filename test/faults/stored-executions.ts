/**
 * What n8n stored, read from the queue-mode stack's PostgreSQL: n8n 2.41's public API returns the
 * items of a run marked as using private ("dynamic") credentials as `{}` (`redactionInfo.reason:
 * dynamic_credentials`, and `redactExecutionData=false` is refused for them), and under database
 * stress it marks ordinary runs so. The stored run holds its event all the same.
 */
import type { Stack } from '../e2e/helpers';

/** The field every event the fault suites emit carries in its data; the trigger's item shows it under data (version 3) or flat (versions 1 and 2). */
export const FAULT_ID = 'hireHooksFaultId';

export interface StoredExecution {
	id: number;
	status: string;
	/** The distinct matches of the pattern anywhere in the execution's stored data. */
	ids: string[];
}

/**
 * Executions as PostgreSQL holds them, with the ids matching `idPattern` (a PostgreSQL regular
 * expression with one capturing group) in their data; undefined when the stack has no PostgreSQL.
 */
export function storedExecutions(stack: Stack, idPattern: string, where: { workflowId: string } | { executionIds: number[] }): StoredExecution[] | undefined {
	const postgres = (stack.n8n as unknown as { postgres?: { query(sql: string): string[][] } }).postgres;
	if (postgres === undefined) return undefined;
	const condition =
		'workflowId' in where ? `e."workflowId" = '${where.workflowId.replace(/'/g, "''")}'` : `e.id IN (${where.executionIds.map((id) => Number(id)).join(',') || 'NULL'})`;
	const rows = postgres.query(
		`SELECT e.id, e.status, array_to_string(ARRAY(SELECT DISTINCT m[1] FROM regexp_matches(coalesce(d.data, ''), '${idPattern.replace(/'/g, "''")}', 'g') AS m), ',') FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id WHERE ${condition}`,
	);
	return rows.map(([id, status, ids]) => ({ id: Number(id), status, ids: ids === '' ? [] : ids.split(',') }));
}
