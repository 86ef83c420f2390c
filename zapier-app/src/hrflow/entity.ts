/**
 * HrFlow.ai events carry only keys (profile key + source key, job key + board key). With the optional
 * API key and user email in the connection, each item also gets the full profile or job from the
 * Profile and Job APIs, as the n8n node's "Resolve Full Entity" does: under `resolved`, or the reason
 * under `resolveError` (the event still runs: losing it would be worse than a missing detail).
 */
import type { AuthField, Bundle, ZObject } from 'zapier-platform-core';
import type { VerifiedEvent } from '../../../core';

export const HRFLOW_API = 'https://api.hrflow.ai';

export const hrFlowApiFields: AuthField[] = [
	{
		key: 'apiKey',
		label: 'API Key (optional)',
		type: 'password',
		required: false,
		helpText: 'An HrFlow.ai API key with read access (Settings → API keys). With it, every item carries the full profile or job (`resolved`); without it, only their keys.',
	},
	{
		key: 'userEmail',
		label: 'API User Email (optional)',
		type: 'string',
		required: false,
		helpText: 'The email of the HrFlow.ai user the API key belongs to (sent as X-USER-EMAIL).',
	},
];

interface KeyedRef {
	key?: unknown;
	source?: { key?: unknown };
	board?: { key?: unknown };
}

/** The Profile or Job API call that returns what an event refers to. */
export function hrFlowEntityRequest(event: Pick<VerifiedEvent, 'data'>): { url: string; params: Record<string, string> } | undefined {
	const data = (event.data ?? {}) as { profile?: KeyedRef; job?: KeyedRef };
	if (typeof data.profile?.key === 'string' && typeof data.profile.source?.key === 'string') {
		return { url: `${HRFLOW_API}/v1/profile/indexing`, params: { source_key: data.profile.source.key, key: data.profile.key } };
	}
	if (typeof data.job?.key === 'string' && typeof data.job.board?.key === 'string') {
		return { url: `${HRFLOW_API}/v1/job/indexing`, params: { board_key: data.job.board.key, key: data.job.key } };
	}
	return undefined;
}

/** Adds `resolved` (or `resolveError`) to each item when the connection has an API key. */
export async function resolveHrFlowEntities<T extends { data: unknown }>(z: ZObject, bundle: Bundle, items: T[]): Promise<Array<T & { resolved?: unknown; resolveError?: string }>> {
	const apiKey = typeof bundle.authData?.apiKey === 'string' ? bundle.authData.apiKey.trim() : '';
	if (apiKey === '') return items;
	const userEmail = typeof bundle.authData?.userEmail === 'string' ? bundle.authData.userEmail.trim() : '';
	const out: Array<T & { resolved?: unknown; resolveError?: string }> = [];
	for (const item of items) {
		const request = hrFlowEntityRequest(item);
		if (request === undefined) {
			out.push({ ...item, resolveError: 'The event references no profile or job with both keys.' });
			continue;
		}
		const response = await z.request({ url: request.url, method: 'GET', params: request.params, headers: { 'X-API-KEY': apiKey, 'X-USER-EMAIL': userEmail }, skipThrowForStatus: true });
		if (response.status >= 200 && response.status < 300) {
			const body = response.data as { data?: unknown } | undefined;
			out.push({ ...item, resolved: body?.data ?? body ?? null });
		} else {
			const hint = response.status === 401 || response.status === 403 ? ' Check the API key and API user email in the Zapier connection.' : '';
			out.push({ ...item, resolveError: `HrFlow.ai ${new URL(request.url).pathname} answered HTTP ${response.status}.${hint}` });
			z.console.log(`[HireHooks] HrFlow.ai entity not fetched (HTTP ${response.status}); the item carries resolveError.`);
		}
	}
	return out;
}
