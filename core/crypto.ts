import { type Hmac, type KeyObject, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';

/** Text parts shorter than this are joined before one update; longer ones go in alone (no copy of megabytes). */
const SHORT_TEXT = 16 * 1024;
/** Signed strings of up to this many parts take the one-join path (SmartRecruiters' has 11: six values, five dots). */
const FEW_PARTS = 16;

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';

export function hmac(algorithm: HmacAlgorithm, key: Buffer | string, content: Buffer | string | Array<Buffer | string>): Buffer {
	const mac = createHmac(algorithm, typeof key === 'string' ? hmacKeyOf(key) : key);
	if (!Array.isArray(content)) return digestBytes(mac.update(content));
	if (content.length <= FEW_PARTS && content.every(isShortText)) {
		// The usual signed string (timestamp, separators, a small body): one join, one update.
		const text = (content as string[]).join('');
		if (text !== '') mac.update(text);
		return digestBytes(mac);
	}
	// Adjacent short text parts go in as one update: each update call has a fixed cost that shows on
	// small bodies. Long ones go in alone: joining them to another string costs a copy of megabytes.
	// The short ones are joined with join(), which makes one flat string: a string built with += is a
	// chain of pieces that update() reads more slowly (about a microsecond for a 2 KB body).
	const pending: string[] = [];
	for (const part of content) {
		if (typeof part === 'string' && part.length < SHORT_TEXT) pending.push(part);
		else {
			updateWithText(mac, pending);
			pending.length = 0;
			mac.update(part);
		}
	}
	updateWithText(mac, pending);
	return digestBytes(mac);
}

/**
 * A key object per secret text: createHmac converts a text key to bytes on every call, a fixed cost
 * that shows on small bodies. Same bytes (UTF-8), so the same MAC.
 */
const hmacKeyOf = memoizeKeyDerivation((secret: string): KeyObject => createSecretKey(Buffer.from(secret, 'utf8')));

function isShortText(part: Buffer | string): boolean {
	return typeof part === 'string' && part.length < SHORT_TEXT;
}

function updateWithText(mac: Hmac, parts: string[]): void {
	const text = parts.length === 1 ? parts[0] : parts.join('');
	if (text !== '') mac.update(text);
}

/**
 * The digest as bytes, through its 'binary' (latin1) text: one character per byte, so the bytes are
 * the same. digest() without an encoding allocates an unpooled Buffer, about half a microsecond (a
 * tenth of a 2 KB HMAC); Buffer.from of a short string takes pooled memory.
 */
function digestBytes(mac: Hmac): Buffer {
	return Buffer.from(mac.digest('binary'), 'binary');
}

/** Constant-time equality of two byte strings; a length difference is not secret and returns early. */
export function bytesEqual(a: Buffer, b: Buffer): boolean {
	return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

/** Strict decoders: Buffer.from silently skips bad characters, which would let garbage compare. */
export function decodeHex(text: string): Buffer | undefined {
	// Buffer.from stops at the first pair that is not hex, so a full-length result proves every digit valid.
	if (text.length === 0 || text.length % 2 !== 0) return undefined;
	const bytes = Buffer.from(text, 'hex');
	return bytes.length * 2 === text.length ? bytes : undefined;
}

export function decodeBase64(text: string): Buffer | undefined {
	return text.length > 0 && BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
}

export function decodeBase64Url(text: string): Buffer | undefined {
	return text.length > 0 && BASE64URL.test(text) ? Buffer.from(text.replace(/=+$/, ''), 'base64url') : undefined;
}

export function encodeBase64Url(bytes: Buffer): string {
	return bytes.toString('base64url');
}

/**
 * Memoises a key derivation (base64 decoding, SHA-256 of a passphrase) per secret text. Secrets are
 * already in memory; this only avoids redoing the same derivation for every delivery. Bounded.
 */
export function memoizeKeyDerivation<T>(derive: (secret: string) => T, limit = 64): (secret: string) => T {
	const cache = new Map<string, T>();
	return (secret: string) => {
		let value = cache.get(secret);
		if (value === undefined) {
			value = derive(secret);
			if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
			cache.set(secret, value);
		}
		return value;
	};
}
