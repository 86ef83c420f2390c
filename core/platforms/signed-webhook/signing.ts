/**
 * A generic signed webhook: a named preset (presets.ts: Laravel/Spatie as in the seed
 * workspace-signed-webhooks.txt, GitHub, Stripe, Slack, Shopify, Standard Webhooks) or the user's own
 * settings ("custom": header, signed-content template, timestamp, algorithm, encoding, prefix,
 * several signatures). One sign/verify pair serves them all, so the tests and the sandbox sign with
 * the code that verifies. Without a preset (library callers from before presets) the settings are
 * read as "custom", whose defaults are the Laravel ones.
 * The sender lets users pick the method and content type, so any method and JSON, form or text
 * bodies are accepted; which one a body is, is read from its signed bytes, not from the Content-Type.
 */
import { NOT_JSON, parseJsonText } from '../../attempt';
import { randomBytes, randomUUID } from 'node:crypto';
import { bytesEqual, DIGEST_BYTES, decodeBase64, decodeHex, type HmacAlgorithm, hmac } from '../../crypto';
import { requireHeader, singleHeader } from '../../delivery';
import { RAW_BODY_HINT, WebhookVerificationError, afterSignature } from '../../errors';
import type { BodyHmacScheme, SignatureEncoding } from '../../schemes/body-hmac';
import { signSvix, verifySvix } from '../../schemes/svix';
import { secretList, whitespaceHint } from '../../secrets';
import { checkSignedTime } from '../../time';
import type { HandshakeResponse, NormalizedDelivery, ParsedEvent, SignInput, SignOptions, SignedDelivery, VerifyOptions } from '../../types';
import {
	SIGNED_TIMESTAMP_TOLERANCE_SECONDS,
	type SignedWebhookPreset,
	type SignedWebhookPresetId,
	type SignedWebhookScheme,
	type TemplateHmacScheme,
	type TimestampFormat,
	signedWebhookPresetIds,
	signedWebhookPresets,
} from './presets';
import { compileSignedContent, signedContentOf, templateUses } from './template';

export type SignatureSeparator = 'none' | 'space' | 'comma' | 'semicolon';

export interface SignedWebhookSecrets {
	/** A named sender, or "custom" for the settings below. Absent: "custom". */
	preset?: SignedWebhookPresetId;
	secret: string | string[];
	/** The settings below apply to "custom" only. */
	header?: string;
	algorithm?: HmacAlgorithm;
	encoding?: SignatureEncoding;
	prefix?: string;
	/** Signed-content template, `{body}` by default (template.ts). */
	signedContent?: string;
	signatureSeparator?: SignatureSeparator;
	timestampHeader?: string;
	timestampFormat?: TimestampFormat;
	/** A header that identifies a delivery across the sender's retries. */
	idHeader?: string;
}

export interface SignedWebhookSignOptions extends SignOptions {
	method?: string;
	contentType?: 'application/json' | 'application/x-www-form-urlencoded';
	/** Values for headers that a custom template signs ({header:<name>}); random when absent. */
	headers?: Record<string, string>;
}

const SECRET_LABEL = 'webhook secret';
const ALGORITHMS: HmacAlgorithm[] = ['sha1', 'sha256', 'sha512'];
const ENCODINGS: SignatureEncoding[] = ['hex', 'base64'];
const TIMESTAMP_FORMATS: TimestampFormat[] = ['unix', 'unix-ms', 'iso'];
const SEPARATORS: Record<SignatureSeparator, string> = { none: '', space: ' ', comma: ',', semicolon: ';' };
/** Payload fields that name the event, in the order senders commonly use them. */
const EVENT_FIELDS = ['event', 'type', 'action', 'event_type', 'eventType'];
const TIME_FIELDS = ['occurred_at', 'occurredAt', 'timestamp', 'created_at'];
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
/** Senders put a few signatures in one header during rotation; more is an attack, refused before any HMAC. */
export const MAX_SIGNATURES_PER_HEADER = 32;
const MAX_SLACK_CHALLENGE_LENGTH = 1024;
export const SIGNED_WEBHOOK_DEFAULT_EVENT = 'webhook';

/**
 * The seed's PHP reads the signature as $_SERVER['HTTP_X_SIGNATURE'], the CGI name of X-Signature, and
 * users copy that name. No sender puts underscores in a header name here (proxies such as nginx drop
 * such headers), so the CGI spelling is taken for the header it stands for.
 */
export function headerNameOf(setting: string): string {
	const cgi = /^HTTP_([A-Za-z0-9]+(?:_[A-Za-z0-9]+)*)$/.exec(setting);
	return cgi === null
		? setting
		: cgi[1]
				.split('_')
				.map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
				.join('-');
}

export function presetOf(secrets: Partial<SignedWebhookSecrets> | undefined): SignedWebhookPreset {
	const id = secrets?.preset ?? 'custom';
	if (!signedWebhookPresetIds.includes(id)) {
		throw new WebhookVerificationError('invalid_secret', `The preset must be one of ${signedWebhookPresetIds.join(', ')}.`);
	}
	return signedWebhookPresets[id];
}

/** The preset's fixed scheme, or the one the custom settings describe (checked here, before any delivery is read). */
export function schemeOf(secrets: Partial<SignedWebhookSecrets>): SignedWebhookScheme {
	const preset = presetOf(secrets);
	if (preset.scheme !== undefined) return preset.scheme;
	if (lastCustom !== undefined && sameSettings(secrets, lastCustom.settings)) return lastCustom.scheme;
	const scheme = customSchemeOf(secrets);
	const { header, algorithm, encoding, prefix, signedContent, signatureSeparator, timestampHeader, timestampFormat } = secrets;
	const settings = { header, algorithm, encoding, prefix, signedContent, signatureSeparator, timestampHeader, timestampFormat };
	// Only text (or absent) settings are kept: they compare by value, so equal settings mean the same scheme.
	if (Object.values(settings).every((value) => value === undefined || typeof value === 'string')) lastCustom = { settings, scheme };
	return scheme;
}

type CustomSettings = Pick<SignedWebhookSecrets, 'header' | 'algorithm' | 'encoding' | 'prefix' | 'signedContent' | 'signatureSeparator' | 'timestampHeader' | 'timestampFormat'>;

/** Named comparisons, no loop over keys: this runs on every delivery. */
function sameSettings(secrets: Partial<SignedWebhookSecrets>, kept: CustomSettings): boolean {
	return (
		secrets.header === kept.header &&
		secrets.algorithm === kept.algorithm &&
		secrets.encoding === kept.encoding &&
		secrets.prefix === kept.prefix &&
		secrets.signedContent === kept.signedContent &&
		secrets.signatureSeparator === kept.signatureSeparator &&
		secrets.timestampHeader === kept.timestampHeader &&
		secrets.timestampFormat === kept.timestampFormat
	);
}

/**
 * The last custom scheme and the settings it was built from: a trigger verifies every delivery with
 * the same credential, and checking and building the scheme again costs about 2% of a 2 KB
 * verification. Compared setting by setting, so a changed setting never gets a stale scheme.
 */
let lastCustom: { settings: CustomSettings; scheme: TemplateHmacScheme } | undefined;

function customSchemeOf(secrets: Partial<SignedWebhookSecrets>): TemplateHmacScheme {
	const body = signedWebhookScheme(secrets);
	const signedContent = (secrets.signedContent ?? '').trim() || '{body}';
	const parts = compileSignedContent(signedContent);
	const separator = secrets.signatureSeparator ?? 'none';
	if (!Object.prototype.hasOwnProperty.call(SEPARATORS, separator)) {
		throw new WebhookVerificationError('invalid_secret', `The signature separator must be one of ${Object.keys(SEPARATORS).join(', ')}.`);
	}
	const timestampHeader = (secrets.timestampHeader ?? '').trim();
	const format = secrets.timestampFormat ?? 'unix';
	if (!TIMESTAMP_FORMATS.includes(format)) throw new WebhookVerificationError('invalid_secret', `The timestamp format must be one of ${TIMESTAMP_FORMATS.join(', ')}.`);
	if (timestampHeader !== '' && !HEADER_NAME.test(timestampHeader))
		throw new WebhookVerificationError('invalid_secret', 'The timestamp header name is not a valid HTTP header name.');
	if (timestampHeader === '' && templateUses(parts, 'timestamp')) {
		throw new WebhookVerificationError('invalid_secret', 'The Signed Content template uses {timestamp}: set the Timestamp Header it comes from.');
	}
	return {
		kind: 'template-hmac',
		signatureHeader: body.header,
		algorithm: body.algorithm,
		encoding: body.encoding,
		prefix: body.prefix,
		layout: separator === 'none' ? { kind: 'single' } : { kind: 'list', separator: SEPARATORS[separator] },
		signedContent,
		...(timestampHeader === '' ? {} : { timestamp: { header: timestampHeader, format } }),
	};
}

/** Header, algorithm, encoding and prefix of the custom settings (Laravel's when unset). */
export function signedWebhookScheme(secrets: Partial<SignedWebhookSecrets>): BodyHmacScheme {
	const algorithm = secrets.algorithm ?? 'sha256';
	const encoding = secrets.encoding ?? 'hex';
	if (!ALGORITHMS.includes(algorithm)) throw new WebhookVerificationError('invalid_secret', `The algorithm must be one of ${ALGORITHMS.join(', ')}.`);
	if (!ENCODINGS.includes(encoding)) throw new WebhookVerificationError('invalid_secret', `The encoding must be one of ${ENCODINGS.join(', ')}.`);
	const header = headerNameOf((secrets.header ?? '').trim()) || 'X-Signature';
	if (!HEADER_NAME.test(header)) throw new WebhookVerificationError('invalid_secret', 'The signature header name is not a valid HTTP header name.');
	return { header, algorithm, encoding, prefix: secrets.prefix ?? '' };
}

function idHeaderOf(preset: SignedWebhookPreset, secrets: Partial<SignedWebhookSecrets>): string | undefined {
	if (preset.id !== 'custom') return preset.idHeader;
	const header = (secrets.idHeader ?? '').trim();
	if (header === '') return undefined;
	if (!HEADER_NAME.test(header)) throw new WebhookVerificationError('invalid_secret', 'The delivery ID header name is not a valid HTTP header name.');
	return header;
}

// ---------------------------------------------------------------------------------------------
// Sign
// ---------------------------------------------------------------------------------------------

export function signSignedWebhookDelivery(input: SignInput, secrets: Partial<SignedWebhookSecrets>, options: SignedWebhookSignOptions = {}): SignedDelivery {
	const preset = presetOf(secrets);
	const payload = withEventAndId(input, preset);
	const type = options.contentType ?? 'application/json';
	const body =
		type === 'application/json'
			? JSON.stringify(payload)
			: new URLSearchParams(Object.entries(payload).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
	const headers: Record<string, string> = { 'content-type': type };
	if (preset.eventHeader !== undefined) headers[preset.eventHeader] = input.event;
	const idHeader = idHeaderOf(preset, secrets);
	if (idHeader !== undefined) headers[idHeader] = input.id ?? randomUUID();
	const secretValues = (Array.isArray(secrets.secret) ? secrets.secret : [secrets.secret]).filter((s): s is string => typeof s === 'string' && s !== '');
	if (secretValues.length > 0) {
		const now = options.now ?? new Date();
		const scheme = schemeOf(secrets);
		if (scheme.kind === 'standard-webhooks') {
			const signed = signSvix(body, secretValues, { id: input.id, now });
			headers['webhook-id'] = signed['svix-id'];
			headers['webhook-timestamp'] = signed['svix-timestamp'];
			headers['webhook-signature'] = signed['svix-signature'];
		} else {
			Object.assign(headers, templateSignatureHeaders(scheme, body, secretValues, now, headers, options.headers));
		}
	}
	return { method: (options.method ?? 'POST').toUpperCase(), headers, body };
}

function templateSignatureHeaders(
	scheme: TemplateHmacScheme,
	body: string,
	secrets: string[],
	now: Date,
	existing: Record<string, string>,
	extra: Record<string, string> = {},
): Record<string, string> {
	const headers: Record<string, string> = { ...extra };
	const timestamp = scheme.timestamp !== undefined || scheme.layout.kind === 'pairs' ? formatTimestamp(now, scheme.timestamp?.format ?? 'unix') : undefined;
	if (scheme.timestamp !== undefined && timestamp !== undefined) headers[scheme.timestamp.header] = timestamp;
	const known = new Map([...Object.entries(existing), ...Object.entries(headers)].map(([name, value]): [string, string] => [name.toLowerCase(), value]));
	const content = signedContentOf(compileSignedContent(scheme.signedContent), {
		body,
		timestamp,
		header: (name) => {
			let value = known.get(name);
			if (value === undefined) {
				value = randomUUID();
				known.set(name, value);
				headers[name] = value;
			}
			return value;
		},
	});
	const digests = secrets.map((secret) => hmac(scheme.algorithm, secret, content).toString(scheme.encoding));
	const layout = scheme.layout;
	headers[scheme.signatureHeader] =
		layout.kind === 'pairs'
			? [`${layout.timestampKey}=${timestamp}`, ...digests.map((digest) => `${layout.signatureKey}=${digest}`)].join(',')
			: layout.kind === 'list'
				? digests.map((digest) => scheme.prefix + digest).join(layout.separator)
				: scheme.prefix + digests[0];
	return headers;
}

function formatTimestamp(now: Date, format: TimestampFormat): string {
	if (format === 'iso') return now.toISOString();
	if (format === 'unix-ms') return String(now.getTime());
	return String(Math.floor(now.getTime() / 1000));
}

function withEventAndId(input: SignInput, preset: SignedWebhookPreset): Record<string, unknown> {
	const data: Record<string, unknown> =
		input.data !== null && typeof input.data === 'object' && !Array.isArray(input.data) ? { ...(input.data as Record<string, unknown>) } : { value: input.data };
	if (preset.idFields !== undefined && !preset.idFields.some((field) => typeof fieldAt(data, field) === 'string')) {
		data[preset.idFields[0]] = input.id ?? `evt_${randomBytes(12).toString('hex')}`;
	}
	if (preset.eventHeader !== undefined || input.event === SIGNED_WEBHOOK_DEFAULT_EVENT) return data;
	const fields = preset.eventFields ?? EVENT_FIELDS;
	if (fields.some((field) => typeof fieldAt(data, field) === 'string')) return data;
	const topLevel = fields.find((field) => !field.includes('.')) ?? 'event';
	return { [topLevel]: input.event, ...data };
}

// ---------------------------------------------------------------------------------------------
// Verify
// ---------------------------------------------------------------------------------------------

export function verifySignedWebhookDelivery(delivery: NormalizedDelivery, secrets: SignedWebhookSecrets, options: VerifyOptions): ParsedEvent[] {
	const preset = presetOf(secrets);
	const secretValues = secretList(secrets?.secret, SECRET_LABEL);
	const scheme = schemeOf(secrets);
	let id: string | undefined;
	if (scheme.kind === 'standard-webhooks') {
		id = verifySvix(delivery, secretValues, { now: options.now, toleranceSeconds: options.toleranceSeconds, secretLabel: SECRET_LABEL }).id;
	} else {
		verifyTemplateHmac(delivery, secretValues, scheme, preset, options);
	}
	return afterSignature(() => readEvents(delivery, preset, idHeaderOf(preset, secrets), id));
}

function verifyTemplateHmac(delivery: NormalizedDelivery, secrets: string[], scheme: TemplateHmacScheme, preset: SignedWebhookPreset, options: VerifyOptions): void {
	const value = singleHeader(delivery, scheme.signatureHeader)?.trim();
	if (value === undefined || value === '') {
		const hint =
			preset.id === 'custom'
				? "The sender adds it only when its webhook has a secret; if it signs in another header, set that header name in the credential, or pick the sender's preset."
				: `${preset.label} sends it on every signed delivery: check that the credential's preset matches the sender and that nothing in between strips the header.`;
		throw new WebhookVerificationError('missing_header', `The ${scheme.signatureHeader} header is missing. ${hint}`);
	}
	const { signatures, timestamp } = readSignatureHeader(value, scheme);
	const timestampText =
		timestamp ?? (scheme.timestamp === undefined ? undefined : requireHeader(delivery, scheme.timestamp.header, `${preset.label} signs a timestamp sent in this header.`).trim());
	if (timestampText !== undefined) checkTimestamp(timestampText, scheme.timestamp?.format ?? 'unix', scheme.timestamp?.header ?? scheme.signatureHeader, options);
	const content = signedContentOf(compileSignedContent(scheme.signedContent), {
		body: delivery.raw,
		timestamp: timestampText,
		header: (name) => requireHeader(delivery, name, 'The Signed Content template of the credential names it.'),
	});
	for (const secret of secrets) {
		const expected = hmac(scheme.algorithm, secret, content);
		for (const candidate of signatures) if (bytesEqual(candidate, expected)) return;
	}
	throw new WebhookVerificationError(
		'signature_mismatch',
		`${signatures.length > 1 ? `None of the ${signatures.length} signatures` : 'The signature'} in ${scheme.signatureHeader} matches the ${SECRET_LABEL}. Check that the credential's preset and secret are those of this sender's webhook. ${RAW_BODY_HINT}${whitespaceHint(secrets, SECRET_LABEL)}`,
	);
}

/** The decodable signatures of the header (and Stripe's `t=`), each checked for the digest's length. */
function readSignatureHeader(value: string, scheme: TemplateHmacScheme): { signatures: Buffer[]; timestamp?: string } {
	const layout = scheme.layout;
	let entries: string[];
	let timestamp: string | undefined;
	if (layout.kind === 'pairs') {
		const pairs = value.split(',');
		if (pairs.length > MAX_SIGNATURES_PER_HEADER + 4) throw tooMany(scheme, pairs.length);
		const timestamps: string[] = [];
		entries = [];
		for (const pair of pairs) {
			const equals = pair.indexOf('=');
			if (equals <= 0) continue;
			const key = pair.slice(0, equals).trim();
			if (key === layout.timestampKey) timestamps.push(pair.slice(equals + 1).trim());
			else if (key === layout.signatureKey) entries.push(pair.slice(equals + 1).trim());
		}
		if (timestamps.length !== 1) {
			throw new WebhookVerificationError(
				'malformed_header',
				`The ${scheme.signatureHeader} header must hold one "${layout.timestampKey}=" timestamp (it holds ${timestamps.length}).`,
			);
		}
		timestamp = timestamps[0];
	} else {
		entries =
			layout.kind === 'list'
				? value
						.split(layout.separator)
						.map((entry) => entry.trim())
						.filter(Boolean)
				: [value];
	}
	if (entries.length > MAX_SIGNATURES_PER_HEADER) throw tooMany(scheme, entries.length);
	// One loop rather than map/map/filter: this runs on every delivery.
	const prefix = scheme.prefix.toLowerCase();
	const signatures: Buffer[] = [];
	for (const entry of entries) {
		const encoded = scheme.prefix !== '' && entry.toLowerCase().startsWith(prefix) ? entry.slice(scheme.prefix.length) : entry;
		const bytes = scheme.encoding === 'hex' ? decodeHex(encoded) : decodeBase64(encoded);
		if (bytes !== undefined && bytes.length === DIGEST_BYTES[scheme.algorithm]) signatures.push(bytes);
	}
	if (signatures.length === 0) {
		const expected = layout.kind === 'pairs' ? `"${layout.signatureKey}=<${scheme.encoding}>"` : `"${scheme.prefix}<${scheme.encoding}>"`;
		throw new WebhookVerificationError(
			'malformed_header',
			`The ${scheme.signatureHeader} header holds no ${scheme.encoding} HMAC-${scheme.algorithm.toUpperCase()} signature (expected ${expected}). Check the preset, or the algorithm and encoding settings.`,
		);
	}
	return { signatures, timestamp };
}

function tooMany(scheme: TemplateHmacScheme, count: number): WebhookVerificationError {
	return new WebhookVerificationError(
		'malformed_header',
		`The ${scheme.signatureHeader} header holds ${count} entries, more than the ${MAX_SIGNATURES_PER_HEADER} signatures we accept.`,
	);
}

function checkTimestamp(text: string, format: TimestampFormat, header: string, options: VerifyOptions): void {
	let seconds: number;
	if (format === 'iso') {
		const ms = text.length <= 40 && /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
		if (Number.isNaN(ms)) throw new WebhookVerificationError('malformed_header', `The ${header} timestamp must be an ISO-8601 date and time.`);
		seconds = Math.floor(ms / 1000);
	} else {
		const digits = format === 'unix-ms' ? /^\d{1,15}$/ : /^\d{1,12}$/;
		if (!digits.test(text))
			throw new WebhookVerificationError('malformed_header', `The ${header} timestamp must be a Unix time in ${format === 'unix-ms' ? 'milliseconds' : 'seconds'}.`);
		seconds = format === 'unix-ms' ? Math.floor(Number(text) / 1000) : Number(text);
	}
	checkSignedTime(seconds, options.toleranceSeconds ?? SIGNED_TIMESTAMP_TOLERANCE_SECONDS, options.now);
}

// ---------------------------------------------------------------------------------------------
// Parse
// ---------------------------------------------------------------------------------------------

/** Verification off: no secrets, hence no preset; the payload's own event and time fields. */
export function parseSignedWebhookDelivery(delivery: NormalizedDelivery): ParsedEvent[] {
	return readEvents(delivery, signedWebhookPresets.custom, undefined, undefined);
}

function readEvents(delivery: NormalizedDelivery, preset: SignedWebhookPreset, idHeader: string | undefined, signedId: string | undefined): ParsedEvent[] {
	const data = parsePayload(delivery);
	const record = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
	const headerEvent = preset.eventHeader === undefined ? undefined : singleHeader(delivery, preset.eventHeader)?.trim();
	const fieldEvent = firstTextField(record, preset.eventFields ?? EVENT_FIELDS);
	const headerId = idHeader === undefined ? undefined : singleHeader(delivery, idHeader)?.trim();
	const fieldId = preset.idFields === undefined ? undefined : firstTextField(record, preset.idFields);
	let timeField: string | undefined;
	for (const field of TIME_FIELDS) {
		const value = record[field];
		if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
			timeField = value;
			break;
		}
	}
	const meta: Record<string, unknown> = { method: delivery.method };
	if (preset.id !== 'custom') meta.preset = preset.id;
	return [
		{
			event: headerEvent || fieldEvent || SIGNED_WEBHOOK_DEFAULT_EVENT,
			id: signedId ?? (headerId || undefined) ?? fieldId,
			occurredAt: timeField === undefined ? undefined : new Date(timeField).toISOString(),
			data,
			meta,
		},
	];
}

/** The first of the fields that holds a non-empty string; a loop, as this runs on every delivery. */
function firstTextField(record: Record<string, unknown>, fields: string[]): string | undefined {
	for (const field of fields) {
		const value = fieldAt(record, field);
		if (typeof value === 'string' && value !== '') return value;
	}
	return undefined;
}

/** A payload field by a dotted path of at most two names (`event.type`); a third name is ignored, as split('.', 2) did. */
function fieldAt(record: Record<string, unknown>, path: string): unknown {
	const dot = path.indexOf('.');
	if (dot === -1) return record[path];
	const value = record[path.slice(0, dot)];
	const end = path.indexOf('.', dot + 1);
	const second = path.slice(dot + 1, end === -1 ? path.length : end);
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[second] : undefined;
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
	const opening = text.charAt(0);
	const first = JSON_OPENINGS.has(opening) ? opening : (/\S/.exec(text.length > 64 ? text.slice(0, 64) : text) ?? /\S/.exec(text))?.[0];
	if (first === undefined) return {};
	if (first === '[' || first === '{' || first === '"') {
		const parsed = parseJsonText(text);
		if (parsed === NOT_JSON) throw new WebhookVerificationError('malformed_body', 'The body looks like JSON but does not parse.');
		return parsed;
	}
	if (URLENCODED_FORM.test(text)) return Object.fromEntries(new URLSearchParams(text));
	return { body: text };
}

/** A body that starts with one of these needs no whitespace search (the usual JSON body). */
const JSON_OPENINGS: ReadonlySet<string> = new Set(['[', '{', '"']);
const URLENCODED_FORM = /^[\w.~*+%[\]-]+=[\w.~*+%=!'()-]*(?:&[\w.~*+%[\]-]+=[\w.~*+%=!'()-]*)*$/;

// ---------------------------------------------------------------------------------------------
// Handshake
// ---------------------------------------------------------------------------------------------

/** Slack's Events API url_verification: echo the challenge once the request verified (Slack signs it). */
export function signedWebhookVerifiedHandshake(_delivery: NormalizedDelivery, secrets: SignedWebhookSecrets, events: ParsedEvent[]): HandshakeResponse | undefined {
	if (presetOf(secrets).challenge !== 'slack-url-verification') return undefined;
	const data = events[0]?.data as Record<string, unknown> | undefined;
	if (data === null || typeof data !== 'object' || data.type !== 'url_verification') return undefined;
	const challenge = data.challenge;
	if (typeof challenge !== 'string' || challenge === '' || challenge.length > MAX_SLACK_CHALLENGE_LENGTH) return undefined;
	return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: challenge };
}
