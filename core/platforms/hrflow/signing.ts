/**
 * HrFlow.ai deliveries (seed hrflow-webhooks.txt). The body is a form (`type`, `origin`, `message`,
 * `profile` or `job` as JSON text) or, in HrFlow's current docs, JSON (an object or an array of them).
 * HTTP-HRFLOW-SIGNATURE carries one of three documented signatures, all HMAC-SHA256 with the secret:
 *  - hex over Python's compact JSON of the fields (the seed's Python `check_signature`);
 *  - hex over the raw body (the seed's Ruby example);
 *  - a "signed request" `base64url(signature).base64url(payload)`, signature over the encoded
 *    payload (the seed's PHP example); the event is then read from the signed payload itself.
 */
import { NOT_JSON, attempt, parseJsonText } from '../../attempt';
import { bytesEqual, decodeBase64Url, decodeHex, encodeBase64Url, hmac } from '../../crypto';
import { firstHeaderOf } from '../../delivery';
import { RAW_BODY_HINT, WebhookVerificationError } from '../../errors';
import {
	type CompactJsonOfText,
	type PyJsonLimits,
	parsePyJson,
	pyJsonToValue,
	pythonCompactJson,
	pythonCompactJsonOfPairs,
	pythonCompactJsonOfText,
	pythonDefaultJson,
	pythonParseQsFirst,
	pythonUrlEncode,
} from '../../python-json';
import { secretList, whitespaceHint } from '../../secrets';
import type { NormalizedDelivery, ParsedEvent, SignInput, SignOptions, SignedDelivery } from '../../types';

export interface HrFlowSecrets {
	/** The webhook secret key (`wsk_...`) from the HrFlow.ai webhook connector settings. */
	secret: string | string[];
}

export type HrFlowBodyFormat = 'form' | 'json' | 'json-array';
export type HrFlowSignatureFormat = 'hex' | 'raw-hex' | 'signed-request';

export interface HrFlowSignOptions extends SignOptions {
	bodyFormat?: HrFlowBodyFormat;
	signatureFormat?: HrFlowSignatureFormat;
}

/** The seed names the header HTTP-HRFLOW-SIGNATURE (as a CGI/Django server sees it); accept the bare name too. */
export const HRFLOW_SIGNATURE_HEADERS = ['http-hrflow-signature', 'hrflow-signature'];
const SECRET_LABEL = 'webhook secret key';
/** The fields whose JSON text is parsed into objects for the user. */
const ENTITY_FIELDS = ['profile', 'job'];

/** The payload fields in wire order: `type` first, then origin, message and the entity. */
function payloadFields(input: SignInput): Record<string, unknown> {
	const data = input.data !== null && typeof input.data === 'object' ? (input.data as Record<string, unknown>) : {};
	const meta = input.meta ?? {};
	const fields: Record<string, unknown> = { type: input.event };
	for (const key of ['origin', 'message']) {
		const value = data[key] ?? meta[key];
		if (value !== undefined) fields[key] = value;
	}
	for (const [key, value] of Object.entries(data)) if (!(key in fields)) fields[key] = value;
	return fields;
}

/** Form values are text: nested objects travel as Python's default json.dumps, as the seed shows. */
function formFields(fields: Record<string, unknown>): Array<[string, string]> {
	return Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : pythonDefaultJson(v)]);
}

export function signHrFlowDelivery(input: SignInput, secrets: HrFlowSecrets, options: HrFlowSignOptions = {}): SignedDelivery {
	return signHrFlowBatch([input], secrets, options);
}

/** Several events in one JSON array delivery (bodyFormat 'json-array'); one event otherwise. */
export function signHrFlowBatch(inputs: SignInput[], secrets: HrFlowSecrets, options: HrFlowSignOptions = {}): SignedDelivery {
	const secret = secretList(secrets.secret, SECRET_LABEL)[0];
	const bodyFormat = options.bodyFormat ?? (inputs.length > 1 ? 'json-array' : 'form');
	const signatureFormat = options.signatureFormat ?? 'hex';
	if (bodyFormat === 'form' && inputs.length !== 1) throw new TypeError('A form body carries exactly one HrFlow event.');

	let body: string;
	let signedJson: string;
	if (bodyFormat === 'form') {
		const fields = formFields(payloadFields(inputs[0]));
		body = pythonUrlEncode(fields);
		signedJson = pythonCompactJsonOfPairs(fields);
	} else {
		const payload = bodyFormat === 'json' ? payloadFields(inputs[0]) : inputs.map(payloadFields);
		body = pythonDefaultJson(payload);
		signedJson = pythonCompactJson(payload);
	}

	let signature: string;
	if (signatureFormat === 'signed-request') {
		// The signed request carries the event itself, entity objects unflattened, whatever the body.
		const payload = inputs.length === 1 && bodyFormat !== 'json-array' ? payloadFields(inputs[0]) : inputs.map(payloadFields);
		const encodedPayload = encodeBase64Url(Buffer.from(pythonCompactJson(payload), 'utf8'));
		signature = `${encodeBase64Url(hmac('sha256', secret, encodedPayload))}.${encodedPayload}`;
	} else {
		signature = hmac('sha256', secret, signatureFormat === 'raw-hex' ? body : signedJson).toString('hex');
	}
	return {
		method: 'POST',
		headers: {
			'content-type': bodyFormat === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
			'HTTP-HRFLOW-SIGNATURE': signature,
		},
		body,
	};
}

/**
 * Work before the signature is known to be good is bounded: the raw-body HMAC is tried first (one
 * pass, no parsing); only then is the body re-printed as Python's compact JSON, in one pass with at
 * most these many members and this depth (a full HrFlow profile has a few thousand members and
 * nests under ten deep), or split into at most this many form fields (HrFlow sends five).
 */
export const HRFLOW_JSON_LIMITS: PyJsonLimits = { maxDepth: 64, maxMembers: 50_000 };
export const HRFLOW_MAX_FORM_FIELDS = 100;

export function verifyHrFlowDelivery(delivery: NormalizedDelivery, secrets: HrFlowSecrets): ParsedEvent[] {
	const secretValues = secretList(secrets?.secret, SECRET_LABEL);
	const header = firstHeaderOf(delivery, HRFLOW_SIGNATURE_HEADERS);
	if (header === undefined) {
		throw new WebhookVerificationError(
			'missing_header',
			'The HTTP-HRFLOW-SIGNATURE header is missing. HrFlow.ai signs every webhook once a secret key is set in the webhook connector settings.',
		);
	}
	const signature = header.value.trim();
	if (signature.includes('.')) return verifySignedRequest(signature, secretValues);

	const received = decodeHex(signature);
	if (received === undefined || received.length !== 32) {
		throw new WebhookVerificationError('malformed_header', 'HTTP-HRFLOW-SIGNATURE is neither a 64-digit hex signature nor a "<signature>.<payload>" signed request.');
	}
	// The seed's Ruby example: the raw body is signed, nothing needs parsing before the check.
	if (secretValues.some((secret) => bytesEqual(received, hmac('sha256', secret, delivery.raw)))) return eventsOfBody(delivery);
	// The seed's Python check_signature: Python's compact JSON of what the body holds.
	const signed = signedJsonOfBody(delivery);
	if (secretValues.some((secret) => bytesEqual(received, hmac('sha256', secret, signed.compact)))) {
		const events = signed.fields !== undefined ? [eventFromFields(Object.fromEntries(signed.fields))] : eventsOfBody(delivery, signed.nonFiniteLiterals);
		events[0].signedContent = signed.compact;
		return events;
	}
	throw new WebhookVerificationError(
		'signature_mismatch',
		`HTTP-HRFLOW-SIGNATURE does not match the ${SECRET_LABEL}. Check that it is the key of this webhook (it starts with "wsk_"). ${RAW_BODY_HINT}${whitespaceHint(secretValues, SECRET_LABEL)}`,
	);
}

function verifySignedRequest(signature: string, secrets: string[]): ParsedEvent[] {
	const [encodedSignature, encodedPayload] = signature.split('.', 2);
	const received = decodeBase64Url(encodedSignature);
	const payloadBytes = decodeBase64Url(encodedPayload);
	if (received === undefined || payloadBytes === undefined) {
		throw new WebhookVerificationError('malformed_header', 'HTTP-HRFLOW-SIGNATURE looks like a signed request but is not "<base64url signature>.<base64url payload>".');
	}
	if (!secrets.some((secret) => bytesEqual(received, hmac('sha256', secret, encodedPayload)))) {
		throw new WebhookVerificationError(
			'signature_mismatch',
			`The signed request in HTTP-HRFLOW-SIGNATURE does not match the ${SECRET_LABEL}.${whitespaceHint(secrets, SECRET_LABEL)}`,
		);
	}
	const payload = attempt(() => parsePyJson(payloadBytes.toString('utf8')));
	if (!payload.ok) throw new WebhookVerificationError('malformed_body', 'The signed request payload is not JSON.');
	const events = eventsFromJson(pyJsonToValue(payload.value));
	// The body is not signed in this mode: the redelivery key comes from the signed payload alone.
	events[0].signedContent = encodedPayload;
	return events;
}

/**
 * JSON or form, decided by the signed bytes alone (HrFlow's forms start with "type=", its JSON with
 * "{" or "["), never by the unsigned Content-Type, which a replayer could change.
 */
function isJsonBody(text: string): boolean {
	return /^[ \t\n\r]*[[{]/.test(text);
}

function signedJsonOfBody(delivery: NormalizedDelivery): CompactJsonOfText & { fields?: Array<[string, string]> } {
	const text = delivery.text;
	if (isJsonBody(text)) {
		const compact = attempt(() => pythonCompactJsonOfText(text, HRFLOW_JSON_LIMITS, typeof delivery.raw === 'string' ? undefined : delivery.raw));
		if (!compact.ok) throw new WebhookVerificationError('malformed_body', `The body is not valid JSON (${(compact.error as Error).message}).`);
		return compact.value;
	}
	const fields = formFieldsOf(text);
	return { compact: [pythonCompactJsonOfPairs(fields)], nonFiniteLiterals: false, fields };
}

function formFieldsOf(text: string): Array<[string, string]> {
	let ampersands = 0;
	for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) {
		if (++ampersands >= HRFLOW_MAX_FORM_FIELDS) {
			throw new WebhookVerificationError('malformed_body', `The form body has more than ${HRFLOW_MAX_FORM_FIELDS} fields; HrFlow sends five.`);
		}
	}
	const fields = pythonParseQsFirst(text);
	if (fields.length === 0) {
		throw new WebhookVerificationError('malformed_body', 'The body is neither JSON nor a form with HrFlow fields (type, origin, message, profile or job).');
	}
	return fields;
}

/** The events of a body whose signature matched. `nonFinite`: it holds NaN/Infinity, which Python writes and JSON.parse refuses. */
function eventsOfBody(delivery: NormalizedDelivery, nonFinite = false): ParsedEvent[] {
	const text = delivery.text;
	if (!isJsonBody(text)) return [eventFromFields(Object.fromEntries(formFieldsOf(text)))];
	// Signed raw bytes may still hold Python's NaN/Infinity literals, which only parsePyJson reads.
	const fast = nonFinite ? NOT_JSON : parseJsonText(text);
	if (fast !== NOT_JSON) return eventsFromJson(fast);
	const python = attempt(() => pyJsonToValue(parsePyJson(text)));
	if (!python.ok) throw new WebhookVerificationError('malformed_body', `The body is not valid JSON (${(python.error as Error).message}).`);
	return eventsFromJson(python.value);
}

function eventsFromJson(value: unknown): ParsedEvent[] {
	const items = Array.isArray(value) ? value : [value];
	if (items.length === 0) throw new WebhookVerificationError('malformed_body', 'The JSON body is an empty array: there is no event in it.');
	return items.map((item) => {
		if (item === null || typeof item !== 'object' || Array.isArray(item)) {
			throw new WebhookVerificationError('malformed_body', 'Every HrFlow event in the body must be a JSON object with a "type".');
		}
		return eventFromFields(item as Record<string, unknown>);
	});
}

function eventFromFields(fields: Record<string, unknown>): ParsedEvent {
	if (typeof fields.type !== 'string' || fields.type === '') {
		throw new WebhookVerificationError('malformed_body', 'The HrFlow payload has no "type" field, so the event cannot be named.');
	}
	const data: Record<string, unknown> = { ...fields };
	for (const key of ENTITY_FIELDS) {
		if (typeof data[key] === 'string') {
			try {
				data[key] = JSON.parse(data[key] as string);
			} catch {
				// keep the text: it was signed as text, and the user can still see it
			}
		}
	}
	return {
		event: fields.type,
		data,
		meta: { origin: fields.origin, message: fields.message },
	};
}

/** For tests and docs: the exact string HrFlow's Python signs for a form body. */
export function hrFlowSignedContentOfForm(body: string): string {
	return pythonCompactJsonOfPairs(pythonParseQsFirst(body));
}
