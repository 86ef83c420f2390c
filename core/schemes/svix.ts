/**
 * Svix / Standard Webhooks signatures (https://www.standardwebhooks.com/, spec "Verifying webhooks"):
 * content `${id}.${timestamp}.${body}`, HMAC-SHA256 keyed with the base64 bytes after `whsec_`,
 * header `v1,<base64>` entries separated by spaces (several during key rotation), 5-minute window.
 */
import { randomBytes } from 'node:crypto';
import { bytesEqual, decodeBase64, hmac, memoizeKeyDerivation } from '../crypto';
import { firstHeaderOf } from '../delivery';
import { RAW_BODY_HINT, WebhookVerificationError } from '../errors';
import { whitespaceHint } from '../secrets';
import type { NormalizedDelivery } from '../types';
import { checkSignedTime } from '../time';

export const SVIX_DEFAULT_TOLERANCE_SECONDS = 5 * 60;
/** Svix allows a few keys during rotation; thousands of entries are an attack, refused before any HMAC. */
export const SVIX_MAX_SIGNATURES = 32;

const ID_HEADERS = ['svix-id', 'webhook-id'];
const TIMESTAMP_HEADERS = ['svix-timestamp', 'webhook-timestamp'];
const SIGNATURE_HEADERS = ['svix-signature', 'webhook-signature'];

export const svixKeyBytes = memoizeKeyDerivation(function svixKeyBytesOf(secret: string): Buffer {
	const encoded = secret.trim().startsWith('whsec_') ? secret.trim().slice('whsec_'.length) : secret.trim();
	const key = decodeBase64(encoded);
	if (key === undefined) {
		throw new WebhookVerificationError(
			'invalid_secret',
			'The signing secret is not a Svix secret: it should look like "whsec_" followed by base64 text. Copy it from the endpoint page of the webhooks dashboard.',
		);
	}
	return key;
});

export function svixSignature(secret: string, id: string, timestamp: string, body: Buffer | string): string {
	return 'v1,' + hmac('sha256', svixKeyBytes(secret), [id, '.', timestamp, '.', body]).toString('base64');
}

export type SvixSignedHeaders = Record<'svix-id' | 'svix-timestamp' | 'svix-signature', string> & Record<string, string>;

export function signSvix(body: string, secrets: string[], options: { id?: string; now?: Date } = {}): SvixSignedHeaders {
	const id = options.id ?? `msg_${randomBytes(12).toString('base64url')}`;
	const timestamp = String(Math.floor((options.now ?? new Date()).getTime() / 1000));
	return {
		'svix-id': id,
		'svix-timestamp': timestamp,
		'svix-signature': secrets.map((secret) => svixSignature(secret, id, timestamp, body)).join(' '),
	};
}

export interface SvixVerified {
	id: string;
	timestamp: number;
}

export function verifySvix(delivery: NormalizedDelivery, secrets: string[], options: { now?: Date; toleranceSeconds?: number; secretLabel: string }): SvixVerified {
	const hint = 'Webhooks from this platform carry svix-id, svix-timestamp and svix-signature headers; check that nothing between the platform and this endpoint strips them.';
	const idHeader = firstHeaderOf(delivery, ID_HEADERS);
	const timestampHeader = firstHeaderOf(delivery, TIMESTAMP_HEADERS);
	const signatureHeader = firstHeaderOf(delivery, SIGNATURE_HEADERS);
	const missing = [idHeader ? '' : 'svix-id', timestampHeader ? '' : 'svix-timestamp', signatureHeader ? '' : 'svix-signature'].filter(Boolean);
	if (!idHeader || !timestampHeader || !signatureHeader) {
		throw new WebhookVerificationError('missing_header', `The ${missing.join(', ')} header${missing.length > 1 ? 's are' : ' is'} missing. ${hint}`);
	}
	if (!/^\d{1,12}$/.test(timestampHeader.value.trim())) {
		throw new WebhookVerificationError('malformed_header', `The ${timestampHeader.name} header must be a Unix time in seconds.`);
	}
	const timestamp = Number(timestampHeader.value.trim());
	checkSignedTime(timestamp, options.toleranceSeconds ?? SVIX_DEFAULT_TOLERANCE_SECONDS, options.now);
	const entries = signatureHeader.value.trim().split(/ +/);
	if (entries.length > SVIX_MAX_SIGNATURES) {
		throw new WebhookVerificationError(
			'malformed_header',
			`The ${signatureHeader.name} header holds ${entries.length} signatures, more than the ${SVIX_MAX_SIGNATURES} we accept.`,
		);
	}
	const received = entries
		.map((entry) => entry.split(','))
		.filter((parts) => parts.length === 2 && parts[0] === 'v1')
		.map((parts) => decodeBase64(parts[1]))
		.filter((bytes): bytes is Buffer => bytes !== undefined);
	const keys = secrets.map(svixKeyBytes);
	for (const key of keys) {
		const expected = hmac('sha256', key, [idHeader.value, '.', timestampHeader.value, '.', delivery.raw]);
		if (received.some((candidate) => bytesEqual(candidate, expected))) return { id: idHeader.value, timestamp };
	}
	throw new WebhookVerificationError(
		'signature_mismatch',
		`No signature in ${signatureHeader.name} matches the ${options.secretLabel}. Check that it is the secret of this endpoint (it starts with "whsec_"). ${RAW_BODY_HINT}${whitespaceHint(secrets, options.secretLabel)}`,
	);
}
