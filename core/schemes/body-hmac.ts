/**
 * The plainest webhook signature: an HMAC of the raw body in one header, optionally behind a prefix
 * (`sha256=` for PeopleForce and GitHub; none for Laravel-style `X-Signature`).
 */
import { bytesEqual, DIGEST_BYTES, decodeBase64, decodeHex, type HmacAlgorithm, hmac } from '../crypto';
import { singleHeader } from '../delivery';
import { RAW_BODY_HINT, WebhookVerificationError } from '../errors';
import { whitespaceHint } from '../secrets';
import type { NormalizedDelivery } from '../types';

export type SignatureEncoding = 'hex' | 'base64';

export interface BodyHmacScheme {
	header: string;
	algorithm: HmacAlgorithm;
	encoding: SignatureEncoding;
	/** Text before the digest, e.g. "sha256=". Accepted but not required on receipt. */
	prefix: string;
}

export function bodyHmacSignature(body: Buffer | string, secret: string, scheme: BodyHmacScheme): string {
	const digest = hmac(scheme.algorithm, secret, body);
	return scheme.prefix + digest.toString(scheme.encoding);
}

export function verifyBodyHmac(delivery: NormalizedDelivery, secrets: string[], scheme: BodyHmacScheme, words: { secretLabel: string; missingHint: string }): void {
	const value = singleHeader(delivery, scheme.header)?.trim();
	if (value === undefined || value === '') {
		throw new WebhookVerificationError('missing_header', `The ${scheme.header} header is missing. ${words.missingHint}`);
	}
	const encoded = scheme.prefix !== '' && value.toLowerCase().startsWith(scheme.prefix.toLowerCase()) ? value.slice(scheme.prefix.length) : value;
	const received = scheme.encoding === 'hex' ? decodeHex(encoded) : decodeBase64(encoded);
	if (received === undefined || received.length !== DIGEST_BYTES[scheme.algorithm]) {
		throw new WebhookVerificationError(
			'malformed_header',
			`The ${scheme.header} header is not a ${scheme.encoding} HMAC-${scheme.algorithm.toUpperCase()} signature${scheme.prefix ? ` (expected "${scheme.prefix}<${scheme.encoding}>")` : ''}. Check the algorithm and encoding settings.`,
		);
	}
	for (const secret of secrets) {
		if (bytesEqual(received, hmac(scheme.algorithm, secret, delivery.raw))) return;
	}
	throw new WebhookVerificationError(
		'signature_mismatch',
		`The ${scheme.header} signature does not match the ${words.secretLabel}. ${RAW_BODY_HINT}${whitespaceHint(secrets, words.secretLabel)}`,
	);
}
