/**
 * SmartRecruiters Webhooks Subscriptions API (Customer API, `/webhooks-api/v201907`), independent of
 * n8n and Zapier: every call goes through an injected requester, so the n8n node (helpers
 * .httpRequestWithAuthentication), a Zapier app (z.request) and the sandbox's tests share it.
 *
 * Endpoints (developers.smartrecruiters.com, "Webhooks"): POST /subscriptions → 201 {id, callbackUrl,
 * events, status}; GET /subscriptions?limit&page_id → {content, nextPageId}; GET|DELETE
 * /subscriptions/{id}; PUT /subscriptions/{id}/activation → 204 once the callback answered the
 * X-Hook-Secret handshake (200 echoing the header within 20 s); POST /subscriptions/{id}/secret-key
 * → 201 {secretKey}. Notifications carry a `link` header to the changed entity (resolveLink).
 */
import { attempt, attemptAsync } from '../../attempt';

export const SMARTRECRUITERS_DEFAULT_BASE_URL = 'https://api.smartrecruiters.com';
export const SMARTRECRUITERS_WEBHOOKS_API_PATH = '/webhooks-api/v201907';
/** The scopes an OAuth2 app needs: manage subscriptions, then read what notifications point at. */
export const SMARTRECRUITERS_OAUTH2_SCOPES = ['webhooks_manage', 'jobs_read', 'candidates_read', 'approvals_read'];
/** Per request. The API answers in well under a second; a request still open after this is lost. */
export const SMARTRECRUITERS_REQUEST_TIMEOUT_MS = 10_000;
/** PUT /activation waits for the X-Hook-Secret handshake, which SmartRecruiters allows 20 s. */
export const SMARTRECRUITERS_ACTIVATION_TIMEOUT_MS = 30_000;
/** Waits before the 2nd and 3rd attempt of a call that failed transiently: a blip passes, an outage fails within seconds. */
export const SMARTRECRUITERS_RETRY_DELAYS_MS = [500, 2000];

export type SmartRecruitersHttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface SmartRecruitersApiRequest {
	method: SmartRecruitersHttpMethod;
	/** Absolute URL. */
	url: string;
	/** JSON body (the requester serialises it). */
	body?: unknown;
	headers?: Record<string, string>;
	qs?: Record<string, string | number>;
	/** Give up waiting for the answer after this long (the requester then throws). */
	timeoutMs?: number;
}

/** Any HTTP answer, 2xx or not: a requester throws only when no response arrived at all. */
export interface SmartRecruitersApiResponse {
	statusCode: number;
	body?: unknown;
	headers?: Record<string, string | string[] | undefined>;
}

export type SmartRecruitersRequester = (request: SmartRecruitersApiRequest) => Promise<SmartRecruitersApiResponse>;

export type SmartRecruitersApiOperation =
	| 'createSubscription'
	| 'getSubscription'
	| 'listSubscriptions'
	| 'deleteSubscription'
	| 'activateSubscription'
	| 'generateSecretKey'
	| 'getSecretKey'
	| 'resolveLink';

export interface SmartRecruitersSubscription {
	id: string;
	callbackUrl?: string;
	/** Event names; the API answers with names or `{ name, version }` objects, both are read. */
	events: string[];
	/** `active` once the handshake succeeded, `inactive` before. */
	status?: string;
}

export interface CreateSubscriptionInput {
	callbackUrl: string;
	events: string[];
	/** SmartRecruiters mails this address when callbacks keep failing. */
	alertingEmailAddress?: string;
}

const OPERATION_LABELS: Record<SmartRecruitersApiOperation, string> = {
	createSubscription: 'creating the webhook subscription',
	getSubscription: 'reading the webhook subscription',
	listSubscriptions: 'listing webhook subscriptions',
	deleteSubscription: 'deleting the webhook subscription',
	activateSubscription: 'activating the webhook subscription',
	generateSecretKey: 'generating the subscription secret key',
	getSecretKey: 'reading the subscription secret key',
	resolveLink: 'fetching the entity of the notification',
};

/** A SmartRecruiters API call that failed; `status` is the HTTP status, undefined when no response came. */
export class SmartRecruitersApiError extends Error {
	readonly operation: SmartRecruitersApiOperation;
	readonly status: number | undefined;
	/** The API's own error text, when it sent one. */
	readonly apiMessage: string | undefined;

	constructor(operation: SmartRecruitersApiOperation, status: number | undefined, message: string, apiMessage?: string) {
		super(message);
		this.name = 'SmartRecruitersApiError';
		this.operation = operation;
		this.status = status;
		this.apiMessage = apiMessage;
	}
}

export function isSmartRecruitersApiError(error: unknown): error is SmartRecruitersApiError {
	return error instanceof SmartRecruitersApiError;
}

/**
 * A call that failed on the way rather than on its merits: no answer (a timeout, a connection reset
 * or refused), a 5xx, 408 or 429. Any other 4xx is an answer about the request; repeating it is useless.
 */
export function isTransientSmartRecruitersError(error: unknown): boolean {
	if (!isSmartRecruitersApiError(error)) return false;
	const status = error.status;
	return status === undefined || status >= 500 || status === 408 || status === 429;
}

/**
 * Bounded retries of transient failures. Core has no timers of its own (n8n's lint forbids
 * setTimeout in code that runs inside n8n), so the caller injects `sleep`: n8n-workflow's in the
 * node, a fake in tests.
 */
export interface SmartRecruitersRetryPolicy {
	/** The wait before each retry; as many retries as entries. */
	delaysMs: readonly number[];
	sleep: (ms: number) => Promise<void>;
	/** Told before each retry, e.g. to log it (the error's message names no secret). */
	onRetry?: (retry: { operation: SmartRecruitersApiOperation; attempt: number; delayMs: number; error: SmartRecruitersApiError }) => void;
}

/** Runs `attempt` until it succeeds, fails for good, or the policy's retries are spent; `beforeRetry` runs after each wait. */
export async function withSmartRecruitersRetries<T>(
	operation: SmartRecruitersApiOperation,
	attempt: () => Promise<T>,
	policy: SmartRecruitersRetryPolicy | undefined,
	beforeRetry?: () => Promise<void>,
): Promise<T> {
	const delays = policy?.delaysMs ?? [];
	for (let index = 0; ; index++) {
		const result = await attemptAsync(attempt);
		if (result.ok) return result.value;
		const error = result.error;
		if (policy === undefined || index >= delays.length || !isTransientSmartRecruitersError(error)) throw error;
		policy.onRetry?.({ operation, attempt: index + 1, delayMs: delays[index], error: error as SmartRecruitersApiError });
		await policy.sleep(delays[index]);
		if (beforeRetry !== undefined) await beforeRetry();
	}
}

export interface SmartRecruitersWebhooksClient {
	readonly baseUrl: string;
	createSubscription(input: CreateSubscriptionInput): Promise<SmartRecruitersSubscription>;
	/** undefined when the subscription does not exist (404). */
	getSubscription(id: string): Promise<SmartRecruitersSubscription | undefined>;
	/** Every subscription of the account, following nextPageId (at most `maxPages` pages). */
	listSubscriptions(options?: { limit?: number; maxPages?: number }): Promise<SmartRecruitersSubscription[]>;
	/** true when deleted, false when it was already gone (404). */
	deleteSubscription(id: string): Promise<boolean>;
	/** Resolves once SmartRecruiters' X-Hook-Secret handshake with the callback URL succeeded. */
	activateSubscription(id: string): Promise<void>;
	/** A new signing key; the previous one keeps working for 24 hours. */
	generateSecretKey(id: string): Promise<string>;
	/** The newest signing key, undefined when none was generated. */
	getSecretKey(id: string): Promise<string | undefined>;
	/** GET the `link` of a notification. Only URLs on the client's base URL origin are fetched. */
	resolveLink(url: string): Promise<unknown>;
}

export interface SmartRecruitersWebhooksClientOptions {
	request: SmartRecruitersRequester;
	baseUrl?: string;
	/** Retries of transient failures; none without one. createSubscription is never retried here: a POST that got no answer may have created one, so its caller decides (after looking). */
	retry?: SmartRecruitersRetryPolicy;
	/** Per-request timeouts handed to the requester (defaults: SMARTRECRUITERS_REQUEST_TIMEOUT_MS, SMARTRECRUITERS_ACTIVATION_TIMEOUT_MS). */
	timeoutsMs?: { request?: number; activation?: number };
}

export function createSmartRecruitersWebhooksClient(options: SmartRecruitersWebhooksClientOptions): SmartRecruitersWebhooksClient {
	const baseUrl = normalizeBaseUrl(options.baseUrl);
	const subscriptionsUrl = `${baseUrl}${SMARTRECRUITERS_WEBHOOKS_API_PATH}/subscriptions`;
	const subscriptionUrl = (id: string) => `${subscriptionsUrl}/${encodeURIComponent(requireId(id))}`;
	const timeoutFor = (operation: SmartRecruitersApiOperation): number =>
		operation === 'activateSubscription'
			? (options.timeoutsMs?.activation ?? SMARTRECRUITERS_ACTIVATION_TIMEOUT_MS)
			: (options.timeoutsMs?.request ?? SMARTRECRUITERS_REQUEST_TIMEOUT_MS);

	async function call(operation: SmartRecruitersApiOperation, request: SmartRecruitersApiRequest, accept: number[] = []): Promise<SmartRecruitersApiResponse> {
		const once = () => callOnce(operation, request, accept);
		return operation === 'createSubscription' ? await once() : await withSmartRecruitersRetries(operation, once, options.retry);
	}

	async function callOnce(operation: SmartRecruitersApiOperation, request: SmartRecruitersApiRequest, accept: number[]): Promise<SmartRecruitersApiResponse> {
		const answered = await attemptAsync(() => options.request({ timeoutMs: timeoutFor(operation), ...request, headers: { accept: 'application/json', ...request.headers } }));
		if (!answered.ok) {
			throw new SmartRecruitersApiError(
				operation,
				undefined,
				`SmartRecruiters did not answer while ${OPERATION_LABELS[operation]} (${describeCause(answered.error)}). Check the base URL in the credential and the network.`,
			);
		}
		const response: SmartRecruitersApiResponse = answered.value;
		const status = Number(response?.statusCode);
		if ((status >= 200 && status < 300) || accept.includes(status)) return { ...response, statusCode: status };
		throw errorFor(operation, status, response?.body);
	}

	return {
		baseUrl,

		async createSubscription(input) {
			const body: Record<string, unknown> = { callbackUrl: input.callbackUrl, events: input.events };
			if (input.alertingEmailAddress) body.alertingEmailAddress = input.alertingEmailAddress;
			const response = await call('createSubscription', { method: 'POST', url: subscriptionsUrl, body, headers: { 'content-type': 'application/json' } });
			const subscription = toSubscription(response.body);
			if (subscription === undefined) {
				throw new SmartRecruitersApiError('createSubscription', response.statusCode, 'SmartRecruiters answered the subscription request without a subscription id.');
			}
			return subscription;
		},

		async getSubscription(id) {
			const response = await call('getSubscription', { method: 'GET', url: subscriptionUrl(id) }, [404]);
			if (response.statusCode === 404) return undefined;
			return toSubscription(response.body) ?? { id, events: [] };
		},

		async listSubscriptions({ limit = 100, maxPages = 20 } = {}) {
			const all: SmartRecruitersSubscription[] = [];
			let pageId: string | undefined;
			for (let page = 0; page < maxPages; page++) {
				const qs: Record<string, string | number> = { limit };
				if (pageId !== undefined) qs.page_id = pageId;
				const response = await call('listSubscriptions', { method: 'GET', url: subscriptionsUrl, qs });
				const body = asRecord(response.body);
				const content = Array.isArray(body?.content) ? body.content : Array.isArray(response.body) ? response.body : [];
				for (const item of content) {
					const subscription = toSubscription(item);
					if (subscription !== undefined) all.push(subscription);
				}
				pageId = typeof body?.nextPageId === 'string' && body.nextPageId !== '' ? body.nextPageId : undefined;
				if (pageId === undefined || content.length === 0) break;
			}
			return all;
		},

		async deleteSubscription(id) {
			const response = await call('deleteSubscription', { method: 'DELETE', url: subscriptionUrl(id) }, [404]);
			return response.statusCode !== 404;
		},

		async activateSubscription(id) {
			await call('activateSubscription', { method: 'PUT', url: `${subscriptionUrl(id)}/activation` });
		},

		async generateSecretKey(id) {
			const response = await call('generateSecretKey', { method: 'POST', url: `${subscriptionUrl(id)}/secret-key` });
			const secretKey = asRecord(response.body)?.secretKey;
			if (typeof secretKey !== 'string' || secretKey === '') {
				throw new SmartRecruitersApiError('generateSecretKey', response.statusCode, 'SmartRecruiters answered the secret-key request without a secretKey.');
			}
			return secretKey;
		},

		async getSecretKey(id) {
			const response = await call('getSecretKey', { method: 'GET', url: `${subscriptionUrl(id)}/secret-key` }, [404]);
			const secretKey = asRecord(response.body)?.secretKey;
			return response.statusCode === 404 || typeof secretKey !== 'string' || secretKey === '' ? undefined : secretKey;
		},

		async resolveLink(url) {
			const link = attempt(() => new URL(url));
			if (!link.ok) throw new SmartRecruitersApiError('resolveLink', undefined, 'The notification link is not a URL.');
			const target = link.value;
			// The credential travels with the request: never to a host other than the configured API.
			if (target.origin !== new URL(baseUrl).origin) {
				throw new SmartRecruitersApiError(
					'resolveLink',
					undefined,
					`The notification link points to ${target.origin}, not to the credential's base URL ${new URL(baseUrl).origin}; it was not fetched.`,
				);
			}
			const response = await call('resolveLink', { method: 'GET', url: target.toString() });
			return response.body;
		},
	};
}

function normalizeBaseUrl(value: string | undefined): string {
	const text = (value ?? '').trim() || SMARTRECRUITERS_DEFAULT_BASE_URL;
	const parsed = attempt(() => new URL(text));
	if (!parsed.ok) throw new TypeError(`The SmartRecruiters base URL "${text.slice(0, 80)}" is not a URL.`);
	const url = parsed.value;
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('The SmartRecruiters base URL must be http(s).');
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function requireId(id: string): string {
	if (typeof id !== 'string' || id.trim() === '') throw new TypeError('A SmartRecruiters subscription id is required.');
	return id;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
	if (typeof value === 'string') {
		try {
			return asRecord(JSON.parse(value));
		} catch {
			return undefined;
		}
	}
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function toSubscription(value: unknown): SmartRecruitersSubscription | undefined {
	const record = asRecord(value);
	if (record === undefined || typeof record.id !== 'string' || record.id === '') return undefined;
	const events = Array.isArray(record.events)
		? record.events.map((e) => (typeof e === 'string' ? e : asRecord(e)?.name)).filter((name): name is string => typeof name === 'string' && name !== '')
		: [];
	return {
		id: record.id,
		callbackUrl: typeof record.callbackUrl === 'string' ? record.callbackUrl : undefined,
		events,
		status: typeof record.status === 'string' ? record.status : undefined,
	};
}

/** The API's own explanation: `message`, or the first of `errors[].message`. */
function apiMessageOf(body: unknown): string | undefined {
	const record = asRecord(body);
	const errors = Array.isArray(record?.errors) ? record.errors.map(asRecord) : [];
	const text = [record?.message, ...errors.map((e) => e?.message)].find((m): m is string => typeof m === 'string' && m.trim() !== '');
	return text === undefined ? undefined : text.trim().slice(0, 300);
}

function errorFor(operation: SmartRecruitersApiOperation, status: number, body: unknown): SmartRecruitersApiError {
	const apiMessage = apiMessageOf(body);
	const what = `SmartRecruiters refused ${OPERATION_LABELS[operation]} (HTTP ${Number.isFinite(status) ? status : 'unknown'})`;
	return new SmartRecruitersApiError(
		operation,
		Number.isFinite(status) ? status : undefined,
		`${what}${apiMessage ? `: ${apiMessage}` : ''}. ${hintFor(operation, status)}`.trim(),
		apiMessage,
	);
}

function hintFor(operation: SmartRecruitersApiOperation, status: number): string {
	if (status === 401) return 'Check the credential: the API key (X-SmartToken) or the OAuth2 connection is not accepted.';
	if (status === 403) {
		return operation === 'resolveLink'
			? 'The credential may read webhooks but not this entity: grant jobs_read, candidates_read (or the scope of this entity).'
			: 'The credential lacks the webhooks_manage scope (OAuth2) or the API key lacks webhook permissions.';
	}
	if (status === 429) return 'SmartRecruiters is rate-limiting this account; try again in a minute.';
	if (operation === 'activateSubscription' && status >= 400 && status < 500) {
		return 'SmartRecruiters activates a subscription only after it POSTed an X-Hook-Secret header to the callback URL and got 200 with the same header back within 20 seconds: check that the webhook URL is reachable from the internet.';
	}
	if (status === 404) return 'The subscription does not exist (any more).';
	if (status >= 500) return 'SmartRecruiters had a server error; try again later.';
	return '';
}

function describeCause(error: unknown): string {
	if (error instanceof Error && error.message) return error.message.slice(0, 200);
	return 'no response';
}
