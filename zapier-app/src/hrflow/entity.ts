/**
 * HrFlow.ai events carry only keys (profile key + source key, job key + board key). With the optional
 * API key and user email in the connection, each item also gets the full profile or job from the
 * Profile and Job APIs, as the n8n node's "Resolve Full Entity" does: under `resolved`, or the reason
 * under `resolveError` (the event still runs: losing it would be worse than a missing detail).
 */
import type { AuthField, Bundle, ZObject } from 'zapier-platform-core';
import { HRFLOW_DEFAULT_BASE_URL, HRFLOW_NO_ENTITY_MESSAGE, hrFlowEntityRequest } from '../../../core/platforms/hrflow/api';

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

/** Adds `resolved` (or `resolveError`) to each item when the connection has an API key. */
export async function resolveHrFlowEntities<T extends { data: unknown }>(
	z: ZObject,
	bundle: Bundle,
	items: T[],
): Promise<Array<T & { resolved?: unknown; resolveError?: string }>> {
	const apiKey = typeof bundle.authData?.apiKey === 'string' ? bundle.authData.apiKey.trim() : '';
	if (apiKey === '') return items;
	const userEmail = typeof bundle.authData?.userEmail === 'string' ? bundle.authData.userEmail.trim() : '';
	const out: Array<T & { resolved?: unknown; resolveError?: string }> = [];
	for (const item of items) {
		const request = hrFlowEntityRequest(item.data);
		if (request === undefined) {
			out.push({ ...item, resolveError: HRFLOW_NO_ENTITY_MESSAGE });
			continue;
		}
		const response = await z.request({
			url: `${HRFLOW_DEFAULT_BASE_URL}${request.path}`,
			method: 'GET',
			params: request.query,
			headers: { 'X-API-KEY': apiKey, 'X-USER-EMAIL': userEmail },
			skipThrowForStatus: true,
		});
		if (response.status >= 200 && response.status < 300) {
			const body = response.data as { data?: unknown } | undefined;
			out.push({ ...item, resolved: body?.data ?? body ?? null });
		} else {
			const hint = response.status === 401 || response.status === 403 ? ' Check the API key and API user email in the Zapier connection.' : '';
			out.push({ ...item, resolveError: `HrFlow.ai ${request.path} answered HTTP ${response.status}.${hint}` });
			z.console.log(`[HireHooks] HrFlow.ai entity not fetched (HTTP ${response.status}); the item carries resolveError.`);
		}
	}
	return out;
}
