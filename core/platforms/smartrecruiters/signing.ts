/**
 * SmartRecruiters notifications (developers.smartrecruiters.com, "Generate a secret key for a webhook
 * subscription"): `smartrecruiters-signature: v1=<hex>[;v1=<hex>...]`, HMAC-SHA256 with the
 * subscription's secret key over timestamp, body, event-id, event-name, event-version and link
 * header values joined by ".", each the raw header value, empty when absent. Bodies are thin (ids);
 * the `link` header points at the entity.
 */
import { NOT_JSON, parseJsonText } from '../../attempt';
import { randomUUID } from 'node:crypto';
import { bytesEqual, decodeHex, hmac } from '../../crypto';
import { requireHeader, singleHeader } from '../../delivery';
import { RAW_BODY_HINT, WebhookVerificationError } from '../../errors';
import { secretList, whitespaceHint } from '../../secrets';
import { checkSignedTime, isoOfUnixSeconds } from '../../time';
import type { HandshakeResponse, NormalizedDelivery, ParsedEvent, SignInput, SignOptions, SignedDelivery, VerifyOptions } from '../../types';

export interface SmartRecruitersSecrets {
	/** The subscription's secret key from POST /subscriptions/{id}/secret-key (not the X-Hook-Secret). */
	secret: string | string[];
}

export const SMARTRECRUITERS_DEFAULT_TOLERANCE_SECONDS = 5 * 60;
/** SmartRecruiters keeps up to 16 live keys, each may be signed in several schemes. */
export const SMARTRECRUITERS_MAX_SIGNATURES = 64;
export const SMARTRECRUITERS_DEFAULT_EVENT_VERSION = 'v201907';
const SECRET_LABEL = 'subscription secret key';

export function smartRecruitersSignedContent(
	timestamp: string,
	body: Buffer | string,
	eventId: string,
	eventName: string,
	eventVersion: string,
	link: string,
): Array<Buffer | string> {
	return [timestamp, '.', body, '.', eventId, '.', eventName, '.', eventVersion, '.', link];
}

/** The `link` header value: `<url>; rel=self`. */
export function smartRecruitersLinkHeader(url: string): string {
	return `<${url}>; rel=self`;
}

/** The URL of a `link` header, with or without angle brackets. */
export function parseSmartRecruitersLink(header: string | undefined): string | undefined {
	if (header === undefined) return undefined;
	const match = /^\s*<([^>]*)>/.exec(header) ?? /^\s*([^;\s]+)/.exec(header);
	return match?.[1] || undefined;
}

export function signSmartRecruitersDelivery(input: SignInput, secrets: SmartRecruitersSecrets, options: SignOptions = {}): SignedDelivery {
	const body = JSON.stringify(input.data ?? {});
	const meta = input.meta ?? {};
	const timestamp = String(Math.floor((options.now ?? new Date()).getTime() / 1000));
	const eventId = input.id ?? randomUUID();
	const version = typeof meta.version === 'string' ? meta.version : SMARTRECRUITERS_DEFAULT_EVENT_VERSION;
	const link = typeof meta.link === 'string' ? smartRecruitersLinkHeader(meta.link) : '';
	const signatures = secretList(secrets.secret, SECRET_LABEL).map(
		(secret) => 'v1=' + hmac('sha256', secret, smartRecruitersSignedContent(timestamp, body, eventId, input.event, version, link)).toString('hex'),
	);
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'event-name': input.event,
		'event-version': version,
		'event-id': eventId,
		'smartrecruiters-timestamp': timestamp,
		'smartrecruiters-signature': signatures.join(';'),
	};
	if (link !== '') headers.link = link;
	return { method: 'POST', headers, body };
}

/** The activation handshake: answered with the same X-Hook-Secret, never run as an event. */
export function smartRecruitersHandshake(delivery: NormalizedDelivery): HandshakeResponse | undefined {
	const hookSecret = singleHeader(delivery, 'x-hook-secret');
	if (hookSecret === undefined) return undefined;
	return { status: 200, headers: { 'X-Hook-Secret': hookSecret } };
}

/**
 * The signed string joins values that may hold dots, so only values that split it one way are
 * accepted, as SmartRecruiters documents them: a Unix timestamp (digits), a JSON object body (its
 * closing brace ends it: no valid object continues past "}" with "."), an event-id without dots
 * ("123", a UUID), dotted event-name words ("application.status.updated"), an event-version without
 * dots ("v201910") and a link header that is empty or starts with "<" (RFC 8288, "<url>; rel=self"),
 * a character the name and version never hold. Reading from the body's end: the id runs to the next
 * dot, the link starts at the first "<", and the version is the last dot-free part before it.
 * Anything else could carry a valid signature under another event id or name, so it is refused.
 */
const SIGNED_TIMESTAMP = /^\d{1,12}$/;
const SIGNED_EVENT_ID = /^[^.\s]{1,256}$/;
const SIGNED_EVENT_NAME = /^[A-Za-z0-9_-]{1,64}(?:\.[A-Za-z0-9_-]{1,64}){0,15}$/;
const SIGNED_EVENT_VERSION = /^[A-Za-z0-9_-]{0,64}$/;
const SIGNED_LINK = /^(?:<[^\s<>]*>.*)?$/s;

function refuseAmbiguous(header: string, what: string): never {
	throw new WebhookVerificationError(
		'malformed_header',
		`The ${header} header is not ${what}. SmartRecruiters signs its headers joined by ".", so only values that split one way are accepted: check that nothing rewrites the notification's headers.`,
	);
}

function unambiguousSignedHeaders(timestamp: string, eventId: string, eventName: string, eventVersion: string, link: string): void {
	if (!SIGNED_TIMESTAMP.test(timestamp)) refuseAmbiguous('smartrecruiters-timestamp', 'a Unix time in seconds');
	if (!SIGNED_EVENT_ID.test(eventId)) refuseAmbiguous('event-id', 'an id without dots or spaces');
	if (!SIGNED_EVENT_NAME.test(eventName)) refuseAmbiguous('event-name', 'an event name of dotted words (for example "application.created")');
	if (!SIGNED_EVENT_VERSION.test(eventVersion)) refuseAmbiguous('event-version', 'a version without dots (for example "v201910")');
	if (!SIGNED_LINK.test(link)) refuseAmbiguous('link', 'empty or "<url>; rel=self"');
}

export function verifySmartRecruitersDelivery(delivery: NormalizedDelivery, secrets: SmartRecruitersSecrets, options: VerifyOptions): ParsedEvent[] {
	const secretValues = secretList(secrets?.secret, SECRET_LABEL);
	const hint = 'SmartRecruiters signs notifications once the subscription has a secret key (POST /subscriptions/{id}/secret-key); the trigger creates one when it subscribes.';
	const signatureHeader = requireHeader(delivery, 'smartrecruiters-signature', hint);
	const timestamp = requireHeader(delivery, 'smartrecruiters-timestamp', hint);
	const eventName = requireHeader(delivery, 'event-name', 'Every SmartRecruiters notification names its event in this header.');
	const eventId = requireHeader(delivery, 'event-id', 'Every SmartRecruiters notification carries its id in this header; it is what keeps a redelivery from running twice.');
	const eventVersion = singleHeader(delivery, 'event-version') ?? '';
	const link = singleHeader(delivery, 'link') ?? '';
	unambiguousSignedHeaders(timestamp, eventId, eventName, eventVersion, link);

	checkSignedTime(Number(timestamp), options.toleranceSeconds ?? SMARTRECRUITERS_DEFAULT_TOLERANCE_SECONDS, options.now, 'notification');
	const received = parseSignatures(signatureHeader);
	const content = smartRecruitersSignedContent(timestamp, delivery.raw, eventId, eventName, eventVersion, link);
	if (!anySignatureMatches(secretValues, received, content)) {
		throw new WebhookVerificationError(
			'signature_mismatch',
			`No v1 signature matches the ${SECRET_LABEL}. A new key replaces the old one after 24 hours: re-activate the workflow to fetch the current key. ${RAW_BODY_HINT}${whitespaceHint(secretValues, SECRET_LABEL)}`,
		);
	}
	return [
		{
			event: eventName,
			id: eventId,
			data: jsonObjectBody(delivery),
			meta: {
				version: eventVersion || undefined,
				link: parseSmartRecruitersLink(link || undefined),
				signedAt: isoOfUnixSeconds(Number(timestamp)),
			},
		},
	];
}

/** Loops rather than some() callbacks: this runs on every notification. */
function anySignatureMatches(secrets: string[], received: Buffer[], content: Array<Buffer | string>): boolean {
	for (const secret of secrets) {
		const expected = hmac('sha256', secret, content);
		for (const candidate of received) if (bytesEqual(candidate, expected)) return true;
	}
	return false;
}

const V1_SIGNATURE_LENGTH = 'v1='.length + 64;

function parseSignatures(header: string): Buffer[] {
	// What SmartRecruiters sends: one "v1=<64 hex>", read without the split and trims below.
	if (header.length === V1_SIGNATURE_LENGTH && header.startsWith('v1=')) {
		const only = decodeHex(header.slice(3));
		if (only !== undefined) return [only];
	}
	const parts = header.split(';', SMARTRECRUITERS_MAX_SIGNATURES + 1);
	let entries = 0;
	const received: Buffer[] = [];
	for (const part of parts) {
		const entry = part.trim();
		if (entry === '') continue;
		entries++;
		// "v1=" and 64 hex digits; decodeHex returns the 32 bytes only when every digit is hex.
		const bytes = entry.length === V1_SIGNATURE_LENGTH && entry.startsWith('v1=') ? decodeHex(entry.slice(3)) : undefined;
		if (bytes !== undefined) received.push(bytes);
	}
	if (entries > SMARTRECRUITERS_MAX_SIGNATURES) {
		throw new WebhookVerificationError('malformed_header', `smartrecruiters-signature holds more than the ${SMARTRECRUITERS_MAX_SIGNATURES} signatures we accept.`);
	}
	if (received.length === 0) {
		throw new WebhookVerificationError('malformed_header', 'smartrecruiters-signature holds no "v1=<64 hex digits>" signature.');
	}
	return received;
}

/** The body as an object: an empty body is {}, anything but a JSON object is refused (it is what makes the body's end unambiguous). */
function jsonObjectBody(delivery: NormalizedDelivery): Record<string, unknown> {
	if (delivery.raw.length === 0) return {};
	const parsed = parseJsonText(delivery.text);
	if (parsed === NOT_JSON) throw new WebhookVerificationError('malformed_body', 'The notification body is not JSON.');
	const data = parsed;
	if (data === null || typeof data !== 'object' || Array.isArray(data)) {
		throw new WebhookVerificationError('malformed_body', 'The notification body is not a JSON object, which SmartRecruiters always sends.');
	}
	return data as Record<string, unknown>;
}
