/**
 * SmartRecruiters notifications (developers.smartrecruiters.com, "Generate a secret key for a webhook
 * subscription"): `smartrecruiters-signature: v1=<hex>[;v1=<hex>...]`, HMAC-SHA256 with the
 * subscription's secret key over timestamp, body, event-id, event-name, event-version and link
 * header values joined by ".", each the raw header value, empty when absent. Bodies are thin (ids);
 * the `link` header points at the entity.
 */
import { attempt } from '../../attempt';
import { randomUUID } from 'node:crypto';
import { bytesEqual, decodeHex, hmac } from '../../crypto';
import { requireHeader, singleHeader } from '../../delivery';
import { RAW_BODY_HINT, WebhookVerificationError } from '../../errors';
import { describeSkew } from '../../schemes/svix';
import { secretList, whitespaceHint } from '../../secrets';
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

export function smartRecruitersSignedContent(timestamp: string, body: Buffer | string, eventId: string, eventName: string, eventVersion: string, link: string): Array<Buffer | string> {
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

export function verifySmartRecruitersDelivery(delivery: NormalizedDelivery, secrets: SmartRecruitersSecrets, options: VerifyOptions): ParsedEvent[] {
	const secretValues = secretList(secrets?.secret, SECRET_LABEL);
	const hint = 'SmartRecruiters signs notifications once the subscription has a secret key (POST /subscriptions/{id}/secret-key); the trigger creates one when it subscribes.';
	const signatureHeader = requireHeader(delivery, 'smartrecruiters-signature', hint);
	const timestamp = requireHeader(delivery, 'smartrecruiters-timestamp', hint);
	const eventName = requireHeader(delivery, 'event-name', 'Every SmartRecruiters notification names its event in this header.');
	const eventId = singleHeader(delivery, 'event-id') ?? '';
	const eventVersion = singleHeader(delivery, 'event-version') ?? '';
	const link = singleHeader(delivery, 'link') ?? '';

	if (!/^\d{1,12}$/.test(timestamp.trim())) {
		throw new WebhookVerificationError('malformed_header', 'The smartrecruiters-timestamp header must be a Unix time in seconds.');
	}
	const tolerance = options.toleranceSeconds ?? SMARTRECRUITERS_DEFAULT_TOLERANCE_SECONDS;
	const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
	const skew = now - Number(timestamp.trim());
	if (Math.abs(skew) > tolerance) {
		throw new WebhookVerificationError(
			'timestamp_out_of_tolerance',
			`The notification was signed ${describeSkew(skew)}, outside the ${tolerance} s window: a replayed or delayed delivery, or a clock that is off on one side.`,
		);
	}
	const entries = signatureHeader.split(';').map((s) => s.trim()).filter(Boolean);
	if (entries.length > SMARTRECRUITERS_MAX_SIGNATURES) {
		throw new WebhookVerificationError('malformed_header', `smartrecruiters-signature holds ${entries.length} signatures, more than the ${SMARTRECRUITERS_MAX_SIGNATURES} we accept.`);
	}
	const received = entries
		.map((entry) => /^v1=([0-9a-fA-F]{64})$/.exec(entry)?.[1])
		.filter((hex): hex is string => hex !== undefined)
		.map((hex) => decodeHex(hex) as Buffer);
	if (received.length === 0) {
		throw new WebhookVerificationError('malformed_header', 'smartrecruiters-signature holds no "v1=<64 hex digits>" signature.');
	}
	const content = smartRecruitersSignedContent(timestamp, delivery.raw, eventId, eventName, eventVersion, link);
	const matched = secretValues.some((secret) => {
		const expected = hmac('sha256', secret, content);
		return received.some((candidate) => bytesEqual(candidate, expected));
	});
	if (!matched) {
		throw new WebhookVerificationError(
			'signature_mismatch',
			`No v1 signature matches the ${SECRET_LABEL}. A new key replaces the old one after 24 hours: re-activate the workflow to fetch the current key. ${RAW_BODY_HINT}${whitespaceHint(secretValues, SECRET_LABEL)}`,
		);
	}
	const parsed = attempt((): unknown => (delivery.text === '' ? {} : JSON.parse(delivery.text)));
	if (!parsed.ok) throw new WebhookVerificationError('malformed_body', 'The notification body is not JSON.');
	const data = parsed.value;
	return [
		{
			event: eventName,
			id: eventId || undefined,
			data,
			meta: {
				version: eventVersion || undefined,
				link: parseSmartRecruitersLink(link || undefined),
				signedAt: new Date(Number(timestamp.trim()) * 1000).toISOString(),
			},
		},
	];
}
