/**
 * TalentPools deliveries: a Svix-signed request whose JSON body carries an AES-256-CTR encrypted
 * `{eventType, timestamp, data}` (seed talentpools-webhooks.txt). The signature covers the encrypted
 * body; the plaintext timestamp gets its own window: by default as long as Svix retries (a
 * retry keeps the original plaintext), the seed's strict 15 s on request.
 */
import { NOT_JSON, parseJsonText } from '../../attempt';
import { decodeHex } from '../../crypto';
import { WebhookVerificationError, afterSignature } from '../../errors';
import { SECOND, redeliverySpanSeconds } from '../../retries';
import { SVIX_DEFAULT_TOLERANCE_SECONDS, signSvix, verifySvix } from '../../schemes/svix';
import { secretList } from '../../secrets';
import { describeSkew, isoOfUnixSeconds } from '../../time';
import type { NormalizedDelivery, ParsedEvent, SignInput, SignOptions, SignedDelivery, VerifyOptions } from '../../types';
import { decryptTalentPoolsMessage, encryptTalentPoolsMessage } from './encryption';
import { TALENTPOOLS_RETRIES } from './retries';

export interface TalentPoolsSecrets {
	/** The endpoint's Svix signing secret, `whsec_...` (several during rotation). */
	signingSecret: string | string[];
	/** The account's webhook encryption key (several while changing it). */
	encryptionKey: string | string[];
}

/** The seed's strict window on the encrypted event timestamp: opt in with eventToleranceSeconds: 15. */
export const TALENTPOOLS_STRICT_EVENT_TOLERANCE_SECONDS = 15;

const SIGNING_LABEL = 'signing secret';
const ENCRYPTION_LABEL = 'encryption key';

/**
 * The default window on the encrypted timestamp. Svix retries keep the encrypted plaintext and
 * re-sign the svix-timestamp, so any shorter window loses every retry later than it: this one spans
 * the whole retry schedule, each attempt's timeout and the Svix clock-skew allowance, and refuses only
 * events older than anything Svix still retries. Replays stay stopped by the signed svix-timestamp
 * window and the svix-id memory.
 */
export const TALENTPOOLS_DEFAULT_EVENT_TOLERANCE_SECONDS =
	redeliverySpanSeconds({ retries: TALENTPOOLS_RETRIES }) + (TALENTPOOLS_RETRIES.maxAttempts * TALENTPOOLS_RETRIES.timeoutMs) / SECOND + SVIX_DEFAULT_TOLERANCE_SECONDS;

export interface TalentPoolsPlaintext {
	eventType: string;
	timestamp: string;
	data: unknown;
}

export function signTalentPoolsDelivery(input: SignInput, secrets: TalentPoolsSecrets, options: SignOptions = {}): SignedDelivery {
	const now = options.now ?? new Date();
	const occurredAt = input.occurredAt === undefined ? now : new Date(input.occurredAt);
	const plaintext: TalentPoolsPlaintext = { eventType: input.event, timestamp: occurredAt.toISOString(), data: input.data };
	// Encrypt with the first key: during a change of key the platform already uses the new one.
	const encryptionKey = secretList(secrets.encryptionKey, ENCRYPTION_LABEL)[0];
	const body = JSON.stringify({ message: encryptTalentPoolsMessage(JSON.stringify(plaintext), encryptionKey) });
	const svix = signSvix(body, secretList(secrets.signingSecret, SIGNING_LABEL), { id: input.id, now });
	return { method: 'POST', headers: { 'content-type': 'application/json', ...svix }, body };
}

export function verifyTalentPoolsDelivery(delivery: NormalizedDelivery, secrets: TalentPoolsSecrets, options: VerifyOptions): ParsedEvent[] {
	const signingSecrets = secretList(secrets?.signingSecret, SIGNING_LABEL);
	const encryptionKeys = secretList(secrets?.encryptionKey, ENCRYPTION_LABEL);
	const signed = verifySvix(delivery, signingSecrets, { now: options.now, toleranceSeconds: options.toleranceSeconds, secretLabel: SIGNING_LABEL });

	const plaintext = afterSignature(() => {
		const message = encryptedMessage(delivery.text);
		return decryptWithAnyKey(message.iv, message.ciphertext, encryptionKeys);
	});

	const eventTolerance = options.eventToleranceSeconds ?? TALENTPOOLS_DEFAULT_EVENT_TOLERANCE_SECONDS;
	const eventTime = Date.parse(plaintext.timestamp);
	if (eventTolerance > 0) {
		const nowMs = (options.now ?? new Date()).getTime();
		if (Number.isNaN(eventTime) || Math.abs(nowMs - eventTime) > eventTolerance * 1000) {
			throw new WebhookVerificationError(
				'timestamp_out_of_tolerance',
				Number.isNaN(eventTime)
					? 'The encrypted payload has no valid timestamp, so its age cannot be checked.'
					: `The encrypted event timestamp is ${describeSkew(Math.round((nowMs - eventTime) / 1000))}, outside the ${eventTolerance} s window for TalentPools events. Raise the event timestamp tolerance (its default covers every Svix retry) if this was a retry.`,
			);
		}
	}
	return [
		{
			event: plaintext.eventType,
			id: signed.id,
			occurredAt: Number.isNaN(eventTime) ? undefined : new Date(eventTime).toISOString(),
			data: plaintext.data,
			meta: { signedAt: isoOfUnixSeconds(signed.timestamp) },
		},
	];
}

function encryptedMessage(body: string): { iv: Buffer; ciphertext: Buffer } {
	const json = parseJsonText(body);
	if (json === NOT_JSON) throw new WebhookVerificationError('malformed_body', 'The body is not JSON; TalentPools sends {"message":"<iv>.<ciphertext>"}.');
	const parsed = json;
	const text = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>).message : undefined;
	const dot = typeof text === 'string' ? text.indexOf('.') : -1;
	// 32 hex digits of IV, a dot, then the ciphertext in hex.
	const iv = dot === 32 ? decodeHex((text as string).slice(0, 32)) : undefined;
	const ciphertext = iv ? decodeHex((text as string).slice(33)) : undefined;
	if (iv === undefined || ciphertext === undefined) {
		throw new WebhookVerificationError('malformed_body', 'The body has no "message" of the form "<32 hex digits of IV>.<hex ciphertext>", as TalentPools sends.');
	}
	return { iv, ciphertext };
}

function decryptWithAnyKey(iv: Buffer, ciphertext: Buffer, keys: string[]): TalentPoolsPlaintext {
	for (const key of keys) {
		const plaintext = parsePlaintext(decryptTalentPoolsMessage(iv, ciphertext, key));
		if (plaintext !== undefined) return plaintext;
	}
	throw new WebhookVerificationError(
		'decryption_failed',
		'The signature is valid but the message does not decrypt to a TalentPools event: check the encryption key in the credential (it is not the whsec_ signing secret).',
	);
}

function parsePlaintext(bytes: Buffer): TalentPoolsPlaintext | undefined {
	try {
		const value = JSON.parse(bytes.toString('utf8')) as Partial<TalentPoolsPlaintext> | null;
		if (value !== null && typeof value === 'object' && typeof value.eventType === 'string' && value.eventType !== '') {
			return { eventType: value.eventType, timestamp: String(value.timestamp ?? ''), data: value.data ?? null };
		}
	} catch {
		// noise from a wrong key: try the next one
	}
	return undefined;
}
