import { createHmac, timingSafeEqual } from 'node:crypto';

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';

export function hmac(algorithm: HmacAlgorithm, key: Buffer | string, content: Buffer | string | Array<Buffer | string>): Buffer {
	const mac = createHmac(algorithm, key);
	for (const part of Array.isArray(content) ? content : [content]) mac.update(part);
	return mac.digest();
}

/** Constant-time equality of two byte strings; a length difference is not secret and returns early. */
export function bytesEqual(a: Buffer, b: Buffer): boolean {
	return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

/** Strict decoders: Buffer.from silently skips bad characters, which would let garbage compare. */
export function decodeHex(text: string): Buffer | undefined {
	return HEX.test(text) ? Buffer.from(text, 'hex') : undefined;
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
