/**
 * A generic signed webhook (seed workspace-signed-webhooks.txt, a Laravel webhook-server style
 * sender): hex HMAC-SHA256 of the raw body in X-Signature by default. Header, algorithm, encoding
 * and prefix are settings, so GitHub's `X-Hub-Signature-256: sha256=...` works the same way.
 * The sender lets users pick the method and content type, so any method and JSON, form or text
 * bodies are accepted; which one a body is, is read from its signed bytes, not from the Content-Type.
 */
import { attempt } from '../../attempt';
import type { HmacAlgorithm } from '../../crypto';
import { WebhookVerificationError, afterSignature } from '../../errors';
import { type BodyHmacScheme, bodyHmacSignature, type SignatureEncoding, verifyBodyHmac } from '../../schemes/body-hmac';
import { secretList } from '../../secrets';
import type { NormalizedDelivery, ParsedEvent, SignInput, SignOptions, SignedDelivery } from '../../types';

export interface SignedWebhookSecrets {
	secret: string | string[];
	header?: string;
	algorithm?: HmacAlgorithm;
	encoding?: SignatureEncoding;
	prefix?: string;
}

export interface SignedWebhookSignOptions extends SignOptions {
	method?: string;
	contentType?: 'application/json' | 'application/x-www-form-urlencoded';
}

const SECRET_LABEL = 'webhook secret';
const ALGORITHMS: HmacAlgorithm[] = ['sha1', 'sha256', 'sha512'];
const ENCODINGS: SignatureEncoding[] = ['hex', 'base64'];
/** Payload fields that name the event, in the order senders commonly use them. */
const EVENT_FIELDS = ['event', 'type', 'action', 'event_type', 'eventType'];
const TIME_FIELDS = ['occurred_at', 'occurredAt', 'timestamp', 'created_at'];
export const SIGNED_WEBHOOK_DEFAULT_EVENT = 'webhook';

/**
 * The seed's PHP reads the signature as $_SERVER['HTTP_X_SIGNATURE'], the CGI name of X-Signature, and
 * users copy that name. No sender puts underscores in a header name here (proxies such as nginx drop
 * such headers), so the CGI spelling is taken for the header it stands for.
 */
export function headerNameOf(setting: string): string {
	const cgi = /^HTTP_([A-Za-z0-9]+(?:_[A-Za-z0-9]+)*)$/.exec(setting);
	return cgi === null ? setting : cgi[1].split('_').map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase()).join('-');
}

export function signedWebhookScheme(secrets: Partial<SignedWebhookSecrets>): BodyHmacScheme {
	const algorithm = secrets.algorithm ?? 'sha256';
	const encoding = secrets.encoding ?? 'hex';
	if (!ALGORITHMS.includes(algorithm)) throw new WebhookVerificationError('invalid_secret', `The algorithm must be one of ${ALGORITHMS.join(', ')}.`);
	if (!ENCODINGS.includes(encoding)) throw new WebhookVerificationError('invalid_secret', `The encoding must be one of ${ENCODINGS.join(', ')}.`);
	const header = headerNameOf((secrets.header ?? '').trim()) || 'X-Signature';
	if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(header)) throw new WebhookVerificationError('invalid_secret', 'The signature header name is not a valid HTTP header name.');
	return { header, algorithm, encoding, prefix: secrets.prefix ?? '' };
}

export function signSignedWebhookDelivery(input: SignInput, secrets: Partial<SignedWebhookSecrets>, options: SignedWebhookSignOptions = {}): SignedDelivery {
	const payload = withEventName(input);
	const type = options.contentType ?? 'application/json';
	const body =
		type === 'application/json'
			? JSON.stringify(payload)
			: new URLSearchParams(Object.entries(payload).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
	const headers: Record<string, string> = { 'content-type': type };
	const secret = (Array.isArray(secrets.secret) ? secrets.secret[0] : secrets.secret) ?? '';
	if (secret !== '') {
		const scheme = signedWebhookScheme(secrets);
		headers[scheme.header] = bodyHmacSignature(body, secret, scheme);
	}
	return { method: (options.method ?? 'POST').toUpperCase(), headers, body };
}

function withEventName(input: SignInput): Record<string, unknown> {
	const data = input.data !== null && typeof input.data === 'object' && !Array.isArray(input.data) ? (input.data as Record<string, unknown>) : { value: input.data };
	if (input.event === SIGNED_WEBHOOK_DEFAULT_EVENT || EVENT_FIELDS.some((f) => typeof data[f] === 'string')) return data;
	return { event: input.event, ...data };
}

export function verifySignedWebhookDelivery(delivery: NormalizedDelivery, secrets: SignedWebhookSecrets): ParsedEvent[] {
	const secretValues = secretList(secrets?.secret, SECRET_LABEL);
	const scheme = signedWebhookScheme(secrets);
	verifyBodyHmac(delivery, secretValues, scheme, {
		secretLabel: SECRET_LABEL,
		missingHint: `The sender adds it only when its webhook has a secret; if it signs in another header (GitHub: X-Hub-Signature-256), set that header name in the credential.`,
	});
	return afterSignature(() => parseSignedWebhookDelivery(delivery));
}

export function parseSignedWebhookDelivery(delivery: NormalizedDelivery): ParsedEvent[] {
	const data = parsePayload(delivery);
	const record = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
	const eventField = EVENT_FIELDS.find((f) => typeof record[f] === 'string' && record[f] !== '');
	const timeField = TIME_FIELDS.map((f) => record[f]).find((v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)));
	return [
		{
			event: eventField ? (record[eventField] as string) : SIGNED_WEBHOOK_DEFAULT_EVENT,
			occurredAt: typeof timeField === 'string' ? new Date(timeField).toISOString() : undefined,
			data,
			meta: { method: delivery.method },
		},
	];
}

/**
 * The item is a function of the signed bytes alone: the Content-Type header is not signed, so a
 * replayer could otherwise turn the same signed body from JSON into form fields or text. JSON when it
 * starts like JSON, form fields when every "&"-separated part is a urlencoded `name=value` (a form
 * holds no raw spaces or quotes), else the text.
 */
function parsePayload(delivery: NormalizedDelivery): unknown {
	const text = delivery.text;
	// The first visible character, without copying the body (trim() would).
	const first = (/\S/.exec(text.length > 64 ? text.slice(0, 64) : text) ?? /\S/.exec(text))?.[0];
	if (first === undefined) return {};
	if (first === '[' || first === '{' || first === '"') {
		const parsed = attempt((): unknown => JSON.parse(text));
		if (!parsed.ok) throw new WebhookVerificationError('malformed_body', 'The body looks like JSON but does not parse.');
		return parsed.value;
	}
	if (URLENCODED_FORM.test(text)) return Object.fromEntries(new URLSearchParams(text));
	return { body: text };
}

const URLENCODED_FORM = /^[\w.~*+%[\]-]+=[\w.~*+%=!'()-]*(?:&[\w.~*+%[\]-]+=[\w.~*+%=!'()-]*)*$/;
