/**
 * HrFlow.ai's Profile and Job APIs, as far as the triggers need them: webhook events only reference a
 * profile (key + source key) or a job (key + board key), and "resolve full entity" fetches it. Both
 * the n8n node and the Zapier integration build their request from this one description.
 */

export const HRFLOW_DEFAULT_BASE_URL = 'https://api.hrflow.ai';

/** Said when an event names no profile or job with both keys, so there is nothing to fetch. */
export const HRFLOW_NO_ENTITY_MESSAGE = 'The event references no profile or job with both keys.';

interface KeyedRef {
	key?: unknown;
	source?: { key?: unknown };
	board?: { key?: unknown };
}

/** The GET (path and query, relative to the API base URL) that returns what an event's data refers to; undefined when it names nothing. */
export function hrFlowEntityRequest(data: unknown): { path: string; query: Record<string, string> } | undefined {
	const refs = (data ?? {}) as { profile?: KeyedRef; job?: KeyedRef };
	const profile = refs.profile;
	if (typeof profile?.key === 'string' && typeof profile.source?.key === 'string') {
		return { path: '/v1/profile/indexing', query: { source_key: profile.source.key, key: profile.key } };
	}
	const job = refs.job;
	if (typeof job?.key === 'string' && typeof job.board?.key === 'string') {
		return { path: '/v1/job/indexing', query: { board_key: job.board.key, key: job.key } };
	}
	return undefined;
}
