/**
 * SmartRecruiters API failures in words a Zap's owner can act on, instead of Zapier's raw
 * request/response dump: which call failed, SmartRecruiters' own message, and what to check. A 401
 * asks Zapier to refresh an OAuth2 token, or marks an API key connection as expired; 429 waits.
 */
import type { AfterResponseMiddleware, HttpResponse, ZObject } from 'zapier-platform-core';

function apiMessage(response: HttpResponse): string | undefined {
	let body: unknown = response.data;
	if (body === undefined || typeof body === 'string') {
		try {
			body = JSON.parse(response.content);
		} catch {
			return undefined;
		}
	}
	const record = (body ?? {}) as { message?: unknown; errors?: Array<{ message?: unknown; code?: unknown }> };
	const details = Array.isArray(record.errors)
		? record.errors.map((e) => (typeof e?.message === 'string' ? e.message : typeof e?.code === 'string' ? e.code : '')).filter(Boolean)
		: [];
	const parts = [typeof record.message === 'string' ? record.message : '', ...details].filter((part) => part !== '');
	return parts.length === 0 ? undefined : parts.join('; ').slice(0, 300);
}

export function smartRecruitersErrors(kind: 'apiKey' | 'oauth2'): AfterResponseMiddleware {
	return (response: HttpResponse, z: ZObject) => {
		if (response.status < 400) return response;
		// The path only: query strings carry page cursors and dates, never worth showing.
		const path = (response.request.url ?? '').replace(/^https?:\/\/[^/]+/, '').split('?')[0];
		const call = `${response.request.method ?? 'GET'} ${path}`;
		const said = apiMessage(response);
		const saying = said !== undefined ? ` SmartRecruiters says: "${said}".` : '';
		if (response.status === 401) {
			if (kind === 'oauth2') throw new z.errors.RefreshAuthError(`SmartRecruiters refused the access token for ${call}.`);
			throw new z.errors.ExpiredAuthError(`SmartRecruiters refused the API key (401 on ${call}).${saying} Check that the key is still active, or reconnect with a new one.`);
		}
		if (response.status === 403) {
			const what =
				kind === 'oauth2'
					? 'Reconnect and grant every scope the integration asks for (candidates_read, jobs_read, user_me_read).'
					: 'Give the API key read access to candidates, jobs and users in SmartRecruiters.';
			throw new z.errors.Error(`SmartRecruiters denied ${call} (403).${saying} ${what}`, 'forbidden', 403);
		}
		if (response.status === 429) {
			const retryAfter = Number(response.getHeader('retry-after'));
			throw new z.errors.ThrottledError(
				`SmartRecruiters is limiting requests (429 on ${call}); Zapier retries later.`,
				Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 60,
			);
		}
		throw new z.errors.Error(
			`SmartRecruiters answered ${response.status} to ${call}.${saying}`,
			response.status >= 500 ? 'smartrecruiters_unavailable' : 'smartrecruiters_error',
			response.status,
		);
	};
}
