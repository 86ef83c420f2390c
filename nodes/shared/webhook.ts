/**
 * The HTTP side every HireHooks trigger shares: raw body → one core call that verifies (or, when the
 * user switched it off, parses) the delivery or recognises a handshake → pick the selected events →
 * the delivery ledger (delivery-ledger.ts) sorts out redeliveries and retries still in flight →
 * one item per new event → n8n registers the run and answers the platform.
 *
 * A delivery that starts a run is answered by n8n, not here: the webhook description
 * (description.ts, `defaultWebhook`/`platformWebhook`) asks for n8n's onReceived answer with the
 * platform's success status (SmartRecruiters 202, others 200) and no body, which n8n 2.x sends once
 * it has registered the run and without waiting for the workflow. A 2xx therefore means the run is
 * registered: when n8n fails to register it (overloaded, stopping, its database fails), the platform
 * sees an error or a dropped connection and delivers again, instead of an event lost after a 2xx.
 * Everything else is answered here with `noWebhookResponse`: rejections 401/400 (500 when the node
 * is misconfigured) with the error code as the body, handshakes, redeliveries or unselected events
 * (the success status, empty body), and retries that arrive before n8n answered the first attempt
 * (503 delivery_in_progress), none of which starts a run.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	type Delivery,
	type HandshakeResponse,
	type ReceivedDelivery,
	type VerifiedEvent,
	type VerifyOptions,
	WebhookVerificationError,
	parseUnverifiedDelivery,
	receiveDelivery,
	redeliveryKeys,
} from '../../core';
import type { SecretsRead, SecretsReader } from './credentials';
import { deliveryLedger, redeliveryWindowSeconds } from './delivery-ledger';
import type { AnyPlatform } from './description';
import { isEventSelected, readTriggerOptions, selectedEvents } from './options';
import { outputItemOf } from './output';

export interface WebhookHandlerConfig {
	platform: AnyPlatform;
	/** Reads the secrets the core verifies with; called only when verification is on. */
	secrets: SecretsReader;
	/** Fetches the full entity of an event ("Resolve Full Entity"); its result becomes `resolved`. */
	resolve?: (context: IWebhookFunctions, event: VerifiedEvent) => Promise<unknown>;
}

export async function handleWebhook(context: IWebhookFunctions, config: WebhookHandlerConfig): Promise<IWebhookResponseData> {
	const { platform } = config;
	const request = context.getRequestObject();
	const response = context.getResponseObject();
	const nodeName = context.getNode().name;

	const rawBody = await readRawBody(request);
	const delivery: Delivery = { method: request.method, headers: request.headers, body: rawBody ?? Buffer.alloc(0) };
	const options = readTriggerOptions(context.getNodeParameter('options', {}) as IDataObject, platform);
	const verify = !platform.secretOptional || context.getNodeParameter('verifySignatures', true) !== false;

	const outcome = await receive(context, config, delivery, rawBody === undefined, verify, {
		toleranceSeconds: options.toleranceSeconds,
		eventToleranceSeconds: options.eventToleranceSeconds,
		maxBodyBytes: options.maxBodyBytes,
	});
	if (outcome instanceof WebhookVerificationError) {
		const log = outcome.status >= 500 ? context.logger.error : context.logger.warn;
		log.call(context.logger, `${platform.displayName} Trigger "${nodeName}" rejected a delivery (${outcome.code}): ${outcome.message}`, {
			platform: platform.id,
			code: outcome.code,
			status: outcome.status,
		});
		if (isTestUrl(context)) {
			// On "Listen for test event" the user sent this and is watching the editor, which a 401 never
			// reaches: n8n starts a run only for what the node returns or throws. Thrown, the refusal is a
			// failed run in the editor, and n8n answers the sender itself (500, no details).
			throw refusalForEditor(context, platform, outcome);
		}
		response.setHeader('content-type', 'text/plain; charset=utf-8');
		response.status(outcome.status).send(outcome.code);
		return { noWebhookResponse: true };
	}
	if (outcome.kind === 'handshake') return answerHandshake(context, platform, outcome.handshake);
	const verified = outcome.verified;

	const selected = selectedEvents(context.getNodeParameter('events', []));
	const allKeys = redeliveryKeys(verified);
	const wantedIndexes = verified.events.flatMap((event, index) => (isEventSelected(event.event, selected, options.otherEvents) ? [index] : []));
	const wanted = wantedIndexes.map((index) => verified.events[index]);
	const keys = wantedIndexes.map((index) => allKeys[index]);
	const ledger = deliveryLedger(context, { windowSeconds: redeliveryWindowSeconds(platform, options.toleranceSeconds) });
	const admission = ledger.admit(keys);
	if (admission.verdict === 'in_flight') {
		// Neither acknowledged nor run: the platform tries again later and then gets the right answer
		// (a redelivery, or a run if n8n refused the first attempt).
		response.setHeader('retry-after', '10');
		response.status(503).send('delivery_in_progress');
		context.logger.info(`${platform.displayName} Trigger "${nodeName}" asked for a later retry: an earlier attempt of this delivery is still being registered by n8n`);
		return { noWebhookResponse: true };
	}
	const freshIndexes = wantedIndexes.filter((_index, at) => admission.isNew[at]);
	const fresh = freshIndexes.map((index) => verified.events[index]);

	if (fresh.length === 0) {
		response.status(platform.successStatus).send('');
		const reason = wanted.length === 0 ? `no selected event (${verified.events.map((e) => e.event).join(', ')})` : 'a redelivery of events already received';
		context.logger.debug(`${platform.displayName} Trigger "${nodeName}" acknowledged ${reason} without starting a run`);
		return { noWebhookResponse: true };
	}
	// Watched from now on, so that whatever happens next, n8n's answer decides whether the keys stay seen.
	ledger.settleOnAnswer(admission, response);

	const items = freshIndexes.map((index) =>
		outputItemOf(context.getNode().typeVersion, verified, index, verify, { headers: options.includeHeaders ? request.headers : undefined }),
	);
	if (options.resolveEntity && config.resolve !== undefined) {
		for (const [index, event] of fresh.entries()) {
			try {
				items[index].json.resolved = ((await config.resolve(context, event)) ?? null) as IDataObject;
			} catch (error) {
				const message = error instanceof Error ? error.message : 'unknown error';
				items[index].json.resolveError = message;
				context.logger.warn(`${platform.displayName} Trigger "${nodeName}" could not resolve the entity of ${event.event}: ${message}`);
			}
		}
	}
	// No answer here: n8n answers (see the top of this file) once the run is registered.
	return { workflowData: [items] };
}

/**
 * A request on the editor's test URL (/webhook-test/...): n8n runs test webhooks in 'manual' mode and
 * production ones in 'webhook' mode; the path is the fallback for hosts that do not say.
 */
export function isTestUrl(context: IWebhookFunctions): boolean {
	const mode = typeof context.getMode === 'function' ? context.getMode() : undefined;
	if (mode !== undefined) return mode === 'manual';
	const url = context.getRequestObject().originalUrl ?? '';
	return url.includes('/webhook-test/');
}

/** The refusal as the editor shows it: the code and the credential fields to check, never a value. */
export function refusalForEditor(context: IWebhookFunctions, platform: AnyPlatform, error: WebhookVerificationError): NodeOperationError {
	const fields = platform.secretFields.filter((field) => field.refusedAs?.includes(error.code)).map((field) => `"${field.label}"`);
	const check = fields.length > 0 ? ` Check ${fields.join(' and ')} in the ${platform.displayName} credential.` : '';
	return new NodeOperationError(context.getNode(), `Test delivery refused (${error.code}): ${error.message}${check}`, {
		description: `On the production URL this delivery would be answered ${error.status} and start no run. The error code is what the sender got there; see the README's troubleshooting codes.`,
	});
}

function answerHandshake(context: IWebhookFunctions, platform: AnyPlatform, handshake: HandshakeResponse): IWebhookResponseData {
	// Static data is not written here: n8n saves the whole static data after each request, and
	// the handshake arrives while activation is still writing the subscription into it.
	const response = context.getResponseObject();
	for (const [name, value] of Object.entries(handshake.headers)) response.setHeader(name, value);
	response.status(handshake.status).send(handshake.body ?? '');
	context.logger.info(`${platform.displayName} Trigger "${context.getNode().name}" answered the ${platform.displayName} handshake`);
	return { noWebhookResponse: true };
}

/** n8n reads the body before the node runs; the buffer is there unless a multipart parser took it. */
async function readRawBody(request: ReturnType<IWebhookFunctions['getRequestObject']>): Promise<Buffer | undefined> {
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') {
		try {
			await request.readRawBody();
		} catch {
			return undefined;
		}
	}
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}

/**
 * The delivery verified (or, with verification off, parsed), a handshake to answer, or the coded
 * reason to refuse it, from one core call. The secrets are read before it even for a handshake: the
 * core answers an unsigned one (SmartRecruiters' activation, before its signing key exists) without
 * using them, and no secrets reader writes the static data n8n saves after the request.
 */
async function receive(
	context: IWebhookFunctions,
	config: WebhookHandlerConfig,
	delivery: Delivery,
	bodyLost: boolean,
	verify: boolean,
	options: VerifyOptions,
): Promise<ReceivedDelivery | WebhookVerificationError> {
	const { platform } = config;
	if (bodyLost) {
		return new WebhookVerificationError('malformed_body', 'n8n did not keep the raw request body (multipart bodies are parsed into files), so the delivery cannot be read.');
	}
	// Only platforms whose secret is optional can turn verification off, and none has an unsigned handshake to look for.
	if (!verify) return coded(() => ({ kind: 'events', verified: parseUnverifiedDelivery(platform, delivery, options) }));
	const read = await readSecrets(context, config, false);
	if (read instanceof WebhookVerificationError) return read;
	if (read === undefined) return new WebhookVerificationError('missing_secret', `The ${platform.displayName} credential could not be read, so the delivery cannot be verified.`);
	const outcome = coded(() => receiveDelivery(platform, delivery, read.secrets, options));
	if (!(outcome instanceof WebhookVerificationError) || !read.kept || !SECRET_DEPENDENT_CODES.has(outcome.code)) return outcome;
	// Kept secrets may be stale (the credential was just changed): verify again, but only with secrets that differ.
	const reread = await readSecrets(context, config, true);
	if (reread === undefined || reread instanceof WebhookVerificationError || sameSecrets(reread.secrets, read.secrets)) return outcome;
	return coded(() => receiveDelivery(platform, delivery, reread.secrets, options));
}

/** Whether two reads hold the same secrets (readers return flat records of strings). */
function sameSecrets(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
	const left = a as Record<string, unknown>;
	const right = b as Record<string, unknown>;
	const keys = Object.keys(left);
	return keys.length === Object.keys(right).length && keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && left[key] === right[key]);
}

/** Failures a different secret could turn into a success. */
const SECRET_DEPENDENT_CODES = new Set(['signature_mismatch', 'decryption_failed', 'malformed_body', 'missing_secret', 'invalid_secret']);

async function readSecrets(context: IWebhookFunctions, config: WebhookHandlerConfig, fresh: boolean): Promise<SecretsRead | WebhookVerificationError | undefined> {
	try {
		return await config.secrets(context, { fresh });
	} catch (error) {
		const problem = error instanceof Error ? error.message : 'no credential';
		return new WebhookVerificationError('missing_secret', `The ${config.platform.displayName} credential could not be read (${problem}), so the delivery cannot be verified.`);
	}
}

/** The core throws only WebhookVerificationError (it guards everything else), returned here as a value. */
function coded(run: () => ReceivedDelivery): ReceivedDelivery | WebhookVerificationError {
	try {
		return run();
	} catch (error) {
		return error instanceof WebhookVerificationError ? error : new WebhookVerificationError('malformed_body', 'The delivery could not be read.');
	}
}
