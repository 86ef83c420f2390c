import * as nodeCrypto from 'node:crypto';
import { type Hmac, type KeyObject, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';

/** Text parts shorter than this are joined before one update; longer ones go in alone (no copy of megabytes). */
const SHORT_TEXT = 16 * 1024;
/** Signed strings of up to this many parts take the one-join path (SmartRecruiters' has 11: six values, five dots). */
const FEW_PARTS = 16;

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** Bytes of each algorithm's digest, and of the block its key is padded to (RFC 2104's B). */
export const DIGEST_BYTES: Record<HmacAlgorithm, number> = { sha1: 20, sha256: 32, sha512: 64 };
const BLOCK_BYTES: Record<HmacAlgorithm, number> = { sha1: 64, sha256: 64, sha512: 128 };

export function hmac(algorithm: HmacAlgorithm, key: Buffer | string, content: Buffer | string | Array<Buffer | string>): Buffer {
	const small = oneShotHmac(algorithm, key, Array.isArray(content) ? content : [content]);
	if (small !== undefined) return small;
	const mac = createHmac(algorithm, typeof key === 'string' ? hmacKeyOf(key) : key);
	if (!Array.isArray(content)) return digestBytes(mac.update(content));
	if (content.length <= FEW_PARTS && content.every(isShortText)) {
		// The usual signed string (timestamp, separators, a small body): one join, one update.
		updateWithText(mac, content as string[]);
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
 * HMAC as RFC 2104 defines it, H((K ^ opad) || H((K ^ ipad) || message)), through two one-shot
 * hashes (crypto.hash, Node 20.12 and later): createHmac builds a stream object on every call, about
 * a microsecond, as long as hashing a 2 KB body takes. Same bytes as createHmac (test/unit/hmac.test.ts
 * checks them against createHmac, openssl and RFC 4231). Undefined where it does not apply: a message
 * that may not fit the scratch buffer (its hash outweighs the setup), or a Node without crypto.hash.
 */
function oneShotHmac(algorithm: HmacAlgorithm, key: Buffer | string, parts: Array<Buffer | string>): Buffer | undefined {
	if (oneShotHash === undefined) return undefined;
	let bound = 0;
	// A UTF-16 unit takes at most 3 bytes of UTF-8, so this bound needs no pass over the text.
	for (const part of parts) bound += typeof part === 'string' ? part.length * 3 : part.length;
	const block = BLOCK_BYTES[algorithm];
	if (block + bound > SCRATCH_BYTES) return undefined;
	const pads = typeof key === 'string' ? padsOfText[algorithm](key) : padsOf(algorithm, key);
	const message = (scratch ??= Buffer.allocUnsafeSlow(SCRATCH_BYTES));
	pads.inner.copy(message, 0);
	let end = block;
	for (const part of parts) end += typeof part === 'string' ? message.write(part, end, 'utf8') : part.copy(message, end);
	const innerDigest = oneShotHash(algorithm, message.subarray(0, end), 'binary');
	// The key's pad does not stay in the shared buffer after the call.
	message.fill(0, 0, block);
	pads.outer.write(innerDigest, block, 'binary');
	return Buffer.from(oneShotHash(algorithm, pads.outer, 'binary'), 'binary');
}

type OneShotHash = (algorithm: string, data: Buffer, outputEncoding: 'binary') => string;
/** Read off the module: Node before 20.12 (Zapier's older runtimes) has no crypto.hash and takes createHmac. */
const oneShotHash = (nodeCrypto as { hash?: OneShotHash }).hash;

/** Messages whose UTF-8 bound fits this take the one-shot path; the buffer is allocated on first use and reused (calls are synchronous). */
const SCRATCH_BYTES = 64 * 1024;
let scratch: Buffer | undefined;

/** K ^ ipad, and K ^ opad followed by room for the inner digest; a key longer than the block is hashed first. */
interface HmacPads {
	inner: Buffer;
	outer: Buffer;
}

function padsOf(algorithm: HmacAlgorithm, key: Buffer): HmacPads {
	const block = BLOCK_BYTES[algorithm];
	const bytes = key.length > block ? Buffer.from((oneShotHash as OneShotHash)(algorithm, key, 'binary'), 'binary') : key;
	const inner = Buffer.alloc(block, 0x36);
	const outer = Buffer.alloc(block + DIGEST_BYTES[algorithm], 0x5c);
	for (let i = 0; i < bytes.length; i++) {
		inner[i] ^= bytes[i];
		outer[i] ^= bytes[i];
	}
	return { inner, outer };
}

/** Text secrets are the usual keys: their pads are derived once per secret and algorithm. */
const padsOfText: Record<HmacAlgorithm, (secret: string) => HmacPads> = {
	sha1: memoizeKeyDerivation((secret) => padsOf('sha1', Buffer.from(secret, 'utf8'))),
	sha256: memoizeKeyDerivation((secret) => padsOf('sha256', Buffer.from(secret, 'utf8'))),
	sha512: memoizeKeyDerivation((secret) => padsOf('sha512', Buffer.from(secret, 'utf8'))),
};

/**
 * A key object per secret text: createHmac converts a text key to bytes on every call, a fixed cost
 * that shows on small bodies. Same bytes (UTF-8), so the same MAC.
 */
const hmacKeyOf = memoizeKeyDerivation((secret: string): KeyObject => createSecretKey(Buffer.from(secret, 'utf8')));

function isShortText(part: Buffer | string): boolean {
	return typeof part === 'string' && part.length < SHORT_TEXT;
}

/**
 * Each part counts as its own UTF-8 bytes, as separate updates would. Joining first gives the same
 * bytes unless a lone high surrogate ends one part and a lone low one starts the next (the join pairs
 * them into one character): those go in one by one, so both HMAC paths agree on every input.
 */
function updateWithText(mac: Hmac, parts: string[]): void {
	if (splitsSurrogatePair(parts)) {
		for (const part of parts) if (part !== '') mac.update(part);
		return;
	}
	const text = parts.length === 1 ? parts[0] : parts.join('');
	if (text !== '') mac.update(text);
}

function splitsSurrogatePair(parts: string[]): boolean {
	let endsHigh = false;
	for (const part of parts) {
		if (part === '') continue;
		const first = part.charCodeAt(0);
		if (endsHigh && first >= 0xdc00 && first <= 0xdfff) return true;
		const last = part.charCodeAt(part.length - 1);
		endsHigh = last >= 0xd800 && last <= 0xdbff;
	}
	return false;
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
