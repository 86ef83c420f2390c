import type { Delivery, HeaderBag, NormalizedDelivery } from './types';
import { WebhookVerificationError } from './errors';

/** Enough for any real webhook header; a longer value is an attack or garbage, refused before any crypto. */
export const MAX_HEADER_VALUE_LENGTH = 16 * 1024;

export function normalizeDelivery(delivery: Delivery): NormalizedDelivery {
	if (delivery === null || typeof delivery !== 'object') {
		throw new WebhookVerificationError('malformed_body', 'No delivery was given: pass { headers, body } with the raw request body.');
	}
	const bag: HeaderBag = delivery.headers !== null && typeof delivery.headers === 'object' ? delivery.headers : {};
	const method = typeof delivery.method === 'string' && delivery.method !== '' ? delivery.method.toUpperCase() : 'POST';
	return new RawBodyDelivery(method, bag, mapUnlessLowerCase(bag), rawBody(delivery.body));
}

/**
 * Undefined when every header name is already lower-case and every value one string (or absent): what
 * Node's http server, n8n and most callers pass. Such a bag holds each name once, so it is read in
 * place (no map of every header per delivery). Any other bag is mapped, as soon as one name needs it.
 */
function mapUnlessLowerCase(bag: HeaderBag): HeaderValues | undefined {
	for (const name in bag) {
		const value = bag[name];
		if (typeof value === 'string' ? name.toLowerCase() !== name : value !== undefined && value !== null) return headerMapOf(bag);
	}
	return undefined;
}

/** Values by lower-case name: the one string of a header sent once, the list of one sent several times. */
type HeaderValues = Map<string, string | string[]>;

/**
 * Header names lower-cased, every value kept (a name sent in several spellings or as an array keeps all
 * its values, so duplicates are seen). The usual bag, one string per distinct name, takes one pass
 * without a lookup or a list per header; any other shows up as a size mismatch and takes the general pass.
 */
function headerMapOf(bag: HeaderBag): HeaderValues {
	const fast = new Map<string, string>();
	let stored = 0;
	for (const name in bag) {
		const value = bag[name];
		if (typeof value !== 'string') {
			if (value === undefined || value === null) continue;
			return generalHeaderMapOf(bag);
		}
		fast.set(name.toLowerCase(), value);
		stored++;
	}
	return fast.size === stored ? fast : generalHeaderMapOf(bag);
}

function generalHeaderMapOf(bag: HeaderBag): Map<string, string[]> {
	const headers = new Map<string, string[]>();
	for (const name in bag) {
		const value = bag[name];
		if (value === undefined || value === null) continue;
		const values = typeof value === 'string' ? [value] : (Array.isArray(value) ? value : [value]).filter((v) => v !== undefined && v !== null).map((v) => String(v));
		if (values.length === 0) continue;
		const key = name.toLowerCase();
		const earlier = headers.get(key);
		// Pushed in place: thousands of spellings of one name must not copy the list each time.
		if (earlier === undefined) headers.set(key, typeof value === 'string' ? values : [...values]);
		else for (const v of values) earlier.push(v);
	}
	return headers;
}

/**
 * Keeps the body as it came (bytes or text) and converts at most once, on first need: HMACs take
 * either form, so a 5 MB body is neither copied nor decoded for nothing. The header map is built on
 * first need too: a lower-case bag answers the few lookups a platform makes directly (valuesOf), which
 * costs less than building a map of every header on each delivery.
 */
class RawBodyDelivery implements NormalizedDelivery {
	private bytes?: Buffer;
	private decoded?: string;
	private listed?: Map<string, string[]>;

	constructor(
		readonly method: string,
		private readonly bag: HeaderBag,
		/** Undefined while the bag is read in place (mapUnlessLowerCase). */
		private readonly map: HeaderValues | undefined,
		readonly raw: Buffer | string,
	) {}

	/** Every header as a list of values, built on first read (the platforms read valuesOf). */
	get headers(): Map<string, string[]> {
		if (this.listed === undefined) {
			this.listed = new Map();
			for (const [name, values] of this.map ?? headerMapOf(this.bag)) this.listed.set(name, typeof values === 'string' ? [values] : values);
		}
		return this.listed;
	}

	/** The header's value by lower-case name: one string for a header sent once, a list for one sent several times. */
	valuesOf(name: string): string | string[] | undefined {
		if (this.map !== undefined) return this.map.get(name);
		const value = this.bag[name];
		return typeof value === 'string' ? value : undefined;
	}

	get body(): Buffer {
		if (this.bytes === undefined) this.bytes = typeof this.raw === 'string' ? Buffer.from(this.raw, 'utf8') : this.raw;
		return this.bytes;
	}

	get text(): string {
		if (this.decoded === undefined) this.decoded = typeof this.raw === 'string' ? this.raw : this.raw.toString('utf8');
		return this.decoded;
	}
}

function rawBody(body: unknown): Buffer | string {
	if (Buffer.isBuffer(body) || typeof body === 'string') return body;
	if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (body === undefined || body === null) return '';
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
	const values = valuesOf(delivery, lowerCaseName(name));
	if (values === undefined || values.length === 0) return undefined;
	if (typeof values !== 'string' && values.length > 1) {
		throw new WebhookVerificationError('malformed_header', `The ${name} header was sent ${values.length} times; exactly one is expected.`);
	}
	const value = typeof values === 'string' ? values : values[0];
	if (value.length > MAX_HEADER_VALUE_LENGTH) {
		throw new WebhookVerificationError('malformed_header', `The ${name} header is ${value.length} characters long, over the ${MAX_HEADER_VALUE_LENGTH} we accept.`);
	}
	return value;
}

/**
 * Header names are a handful of constants, each asked for on every delivery: lower-cased once, not a
 * new string per lookup.
 */
const lowerCaseNames = new Map<string, string>();
function lowerCaseName(name: string): string {
	let lower = lowerCaseNames.get(name);
	if (lower === undefined) {
		lower = name.toLowerCase();
		// Callers pass constants; the bound only stops a caller that passes request data from growing it.
		if (lowerCaseNames.size < 1000) lowerCaseNames.set(name, lower);
	}
	return lower;
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
	const values = valuesOf(delivery, 'content-type');
	return ((typeof values === 'string' ? values : values?.[0]) ?? '').split(';')[0].trim().toLowerCase();
}

/** One string, a list (a duplicated header) or nothing; any NormalizedDelivery, the usual one without building its map. */
function valuesOf(delivery: NormalizedDelivery, lowerCaseName: string): string | string[] | undefined {
	return delivery instanceof RawBodyDelivery ? delivery.valuesOf(lowerCaseName) : delivery.headers.get(lowerCaseName);
}
