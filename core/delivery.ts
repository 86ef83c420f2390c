import type { Delivery, HeaderBag, NormalizedDelivery } from './types';
import { WebhookVerificationError } from './errors';

/** Enough for any real webhook header; a longer value is an attack or garbage, refused before any crypto. */
export const MAX_HEADER_VALUE_LENGTH = 16 * 1024;

export function normalizeDelivery(delivery: Delivery): NormalizedDelivery {
	if (delivery === null || typeof delivery !== 'object') {
		throw new WebhookVerificationError('malformed_body', 'No delivery was given: pass { headers, body } with the raw request body.');
	}
	const headers = new Map<string, string[]>();
	const bag: HeaderBag = delivery.headers !== null && typeof delivery.headers === 'object' ? delivery.headers : {};
	for (const [name, value] of Object.entries(bag)) {
		if (value === undefined || value === null) continue;
		const values = (Array.isArray(value) ? value : [value]).filter((v) => v !== undefined && v !== null).map((v) => String(v));
		if (values.length === 0) continue;
		const key = name.toLowerCase();
		headers.set(key, [...(headers.get(key) ?? []), ...values]);
	}
	return {
		method: typeof delivery.method === 'string' && delivery.method !== '' ? delivery.method.toUpperCase() : 'POST',
		headers,
		body: toBuffer(delivery.body),
	};
}

function toBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (body === undefined || body === null) return Buffer.alloc(0);
	throw new WebhookVerificationError(
		'malformed_body',
		'The body must be the raw request bytes (a Buffer or a string), not a parsed object. ' +
			'Are you passing the raw request body? A re-serialised object no longer matches its signature.',
	);
}

/**
 * The one value of a header. Several values (a duplicated header) are refused: a proxy or attacker
 * that adds a second signature or timestamp must not get to choose which one we read.
 */
export function singleHeader(delivery: NormalizedDelivery, name: string): string | undefined {
	const values = delivery.headers.get(name.toLowerCase());
	if (values === undefined || values.length === 0) return undefined;
	if (values.length > 1) {
		throw new WebhookVerificationError('malformed_header', `The ${name} header was sent ${values.length} times; exactly one is expected.`);
	}
	const value = values[0];
	if (value.length > MAX_HEADER_VALUE_LENGTH) {
		throw new WebhookVerificationError('malformed_header', `The ${name} header is ${value.length} characters long, over the ${MAX_HEADER_VALUE_LENGTH} we accept.`);
	}
	return value;
}

export function requireHeader(delivery: NormalizedDelivery, name: string, hint: string): string {
	const value = singleHeader(delivery, name);
	if (value === undefined || value.trim() === '') {
		throw new WebhookVerificationError('missing_header', `The ${name} header is missing. ${hint}`);
	}
	return value;
}

/** First header of several accepted names (Svix and Standard Webhooks spell theirs differently). */
export function firstHeaderOf(delivery: NormalizedDelivery, names: string[]): { name: string; value: string } | undefined {
	for (const name of names) {
		const value = singleHeader(delivery, name);
		if (value !== undefined && value.trim() !== '') return { name, value };
	}
	return undefined;
}

export function contentType(delivery: NormalizedDelivery): string {
	return (delivery.headers.get('content-type')?.[0] ?? '').split(';')[0].trim().toLowerCase();
}
