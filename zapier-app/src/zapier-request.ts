/**
 * A Zapier hook's `bundle.rawRequest` as the core's Delivery. The raw body is `content`, untouched.
 * Zapier renames the request headers the way CGI/WSGI servers name them: `svix-id` arrives as
 * `Http-Svix-Id`, `X-PeopleForce-Signature` as `Http-X-Peopleforce-Signature` (the seed's Catch Raw Hook
 * shows "Headers Http Svix Signature"; Zapier CLI apps read `rawRequest.headers['Http-X-...']`), while
 * Content-Type and Content-Length keep their names. Strip one `Http-` and lower-case to get the wire
 * name back; a header that really starts with "HTTP-" (HrFlow's HTTP-HRFLOW-SIGNATURE) arrives as
 * `Http-Http-Hrflow-Signature` and comes back as `http-hrflow-signature`.
 */
import type { Delivery, HeaderBag } from '../../core';

export interface ZapierRawRequest {
	method?: string;
	querystring?: string;
	headers?: Record<string, string | string[] | undefined>;
	content?: string;
}

const ZAPIER_HEADER_PREFIX = /^http-/i;

export function wireHeaderName(zapierName: string): string {
	return zapierName.replace(ZAPIER_HEADER_PREFIX, '').toLowerCase();
}

export function deliveryFromRawRequest(raw: ZapierRawRequest | undefined): Delivery {
	const headers: Record<string, string[]> = {};
	for (const [name, value] of Object.entries(raw?.headers ?? {})) {
		if (value === undefined || value === null) continue;
		const wireName = wireHeaderName(name);
		const values = headers[wireName] ?? [];
		for (const v of Array.isArray(value) ? value : [value]) {
			// The same header under both spellings is one header; two different values stay two, and the core refuses them.
			if (!values.includes(String(v))) values.push(String(v));
		}
		headers[wireName] = values;
	}
	const bag: HeaderBag = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
	return { method: raw?.method, headers: bag, body: typeof raw?.content === 'string' ? raw.content : '' };
}
