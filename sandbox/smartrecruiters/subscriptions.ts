/**
 * SmartRecruiters' Webhooks Subscriptions API v201907 (base /webhooks-api/v201907; operations as in
 * SmartRecruiters' generated clients: subscriptions.create/getAll/get/delete/activate,
 * generateSecretKey, getSecretKey, searchCallbackLog) and the notifications it sends:
 *  - create returns the subscription `inactive`; nothing is delivered before activation;
 *  - activation POSTs an `X-Hook-Secret` to the callback URL and wants HTTP 200 with the same
 *    header within 20 s, then answers 204 (developers.smartrecruiters.com/docs/activating-webhook-subscriptions);
 *  - a new secret key deprecates the previous ones, which stay valid for 24 h; at most 16 live keys;
 *    notifications are signed with every live key;
 *  - only 202 within 5 s counts as delivered; retries follow retry-policies.ts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { platforms, signDelivery, type SignInput, type SignedDelivery } from '../../core';
import type { Deliverer, DeliveryRecord } from '../deliveries';
import type { Outbound, OutboundRequest } from '../http/outbound';
import { json, parseBody, type RouteDefinition, type SandboxRequest, type SandboxResponse } from '../http/server-kit';
import { isSuccessStatus, retryPolicies } from '../retry-policies';
import { badRequest, notFound, smartRecruitersError, unprocessable } from './api-errors';
import type { SmartRecruitersAuth } from './auth';

export const WEBHOOKS_API_BASE = '/webhooks-api/v201907';
const DAY_MS = 24 * 60 * 60 * 1000;
export const MAX_LIVE_SECRET_KEYS = 16;
export const DEFAULT_MAX_SUBSCRIPTIONS = 20;
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 20_000;
const WEBHOOKS_SCOPE = 'webhooks_manage';
const EVENT_NAME = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/;

export type CallbackAuthentication =
	| { type: 'basic'; username: string; password: string }
	| { type: 'header'; headerName: string; headerValue: string }
	| { type: 'oauth2'; clientId: string; clientSecret: string; tokenServiceUrl: string };

export interface SecretKey {
	value: string;
	createdAt: number;
	/** Set when a newer key replaces this one: 24 h later. */
	expiresAt?: number;
}

export interface Subscription {
	id: string;
	callbackUrl: string;
	events: Array<{ name: string; version: string }>;
	status: 'inactive' | 'active';
	alertingEmailAddress?: string;
	callbackAuthentication?: CallbackAuthentication;
	keys: SecretKey[];
	createdAt: number;
	activatedAt?: number;
}

export interface SmartRecruitersApiOptions {
	auth: SmartRecruitersAuth;
	outbound: Outbound;
	deliverer: Deliverer;
	now: () => number;
	log: (line: string) => void;
	handshakeTimeoutMs: number;
	deliveryTimeoutMs: number;
	delaysMs: number[];
	maxSubscriptions: number;
	/** Count any 2xx as delivered instead of SmartRecruiters' 202 only. */
	acceptAny2xx: boolean;
}

export interface NotificationInput {
	event: string;
	data: unknown;
	eventId: string;
	/** Event version; the subscription's, then the catalogue's, when absent. */
	version?: string;
	/** Absolute URL of the changed resource. */
	link?: string;
}

/** The catalogue's event version: one fact, kept in core. */
function catalogueVersion(event: string): string {
	const version = platforms.smartrecruiters.events.find((definition) => definition.name === event)?.sampleMeta?.version;
	return typeof version === 'string' ? version : 'v201907';
}

export function liveKeys(subscription: Subscription, now: number): string[] {
	return subscription.keys.filter((key) => key.expiresAt === undefined || key.expiresAt > now).map((key) => key.value);
}

function publicSubscription(subscription: Subscription): Record<string, unknown> {
	return { id: subscription.id, callbackUrl: subscription.callbackUrl, events: subscription.events, status: subscription.status };
}

function randomAlphanumeric(length: number): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** SmartRecruiters adds no signature before the subscription has a key; the wire format stays core's. */
function unsignedDelivery(input: SignInput, now: Date): SignedDelivery {
	const signed = signDelivery('smartrecruiters', input, { secret: 'unsigned' }, { now });
	const { 'smartrecruiters-signature': _signature, 'smartrecruiters-timestamp': _timestamp, ...headers } = signed.headers;
	return { ...signed, headers };
}

function pageOf<T>(items: T[], request: SandboxRequest): { limit: number; nextPageId?: string; content: T[] } {
	const limitText = request.query.get('limit');
	const limit = limitText === null ? 10 : Number(limitText);
	if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badRequest('limit must be an integer from 1 to 100.');
	const pageId = request.query.get('page_id');
	let offset = 0;
	if (pageId !== null) {
		offset = Number(Buffer.from(pageId, 'base64url').toString('utf8'));
		if (!Number.isInteger(offset) || offset < 0) throw badRequest('page_id is not one this API returned.');
	}
	const content = items.slice(offset, offset + limit);
	const next = offset + limit < items.length ? Buffer.from(String(offset + limit), 'utf8').toString('base64url') : undefined;
	return next === undefined ? { limit, content } : { limit, nextPageId: next, content };
}

export class SmartRecruitersWebhooks {
	private readonly subscriptions = new Map<string, Subscription>();
	private readonly oauthTokens = new Map<string, { token: string; expiresAt: number }>();

	constructor(private readonly options: SmartRecruitersApiOptions) {}

	get all(): ReadonlyMap<string, Subscription> {
		return this.subscriptions;
	}

	clear(): void {
		this.subscriptions.clear();
		this.oauthTokens.clear();
	}

	routes(): RouteDefinition[] {
		const base = `${WEBHOOKS_API_BASE}/subscriptions`;
		const guarded = (handler: (request: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>) => (request: SandboxRequest) => {
			const principal = this.options.auth.authenticate(request);
			this.options.auth.requireScope(principal, WEBHOOKS_SCOPE);
			return handler(request);
		};
		return [
			{ name: 'subscriptions.create', method: 'POST', pattern: base, handler: guarded((request) => this.create(request)) },
			{
				name: 'subscriptions.list',
				method: 'GET',
				pattern: base,
				handler: guarded((request) => json(200, pageOf([...this.subscriptions.values()].map(publicSubscription), request))),
			},
			{ name: 'subscriptions.get', method: 'GET', pattern: `${base}/{id}`, handler: guarded((request) => json(200, publicSubscription(this.find(request.params.id)))) },
			{ name: 'subscriptions.delete', method: 'DELETE', pattern: `${base}/{id}`, handler: guarded((request) => this.remove(request.params.id)) },
			{ name: 'subscriptions.activate', method: 'PUT', pattern: `${base}/{id}/activation`, handler: guarded((request) => this.activate(request.params.id)) },
			{ name: 'subscriptions.secretKey.create', method: 'POST', pattern: `${base}/{id}/secret-key`, handler: guarded((request) => this.generateSecretKey(request.params.id)) },
			{ name: 'subscriptions.secretKey.get', method: 'GET', pattern: `${base}/{id}/secret-key`, handler: guarded((request) => this.latestSecretKey(request.params.id)) },
			{ name: 'subscriptions.callbacksLog', method: 'GET', pattern: `${base}/{id}/callbacks-log`, handler: guarded((request) => this.callbacksLog(request)) },
		];
	}

	/** Sends a notification to every active subscription to the event; returns the deliveries started. */
	notify(input: NotificationInput): Array<{ record: DeliveryRecord; firstAttempt: Promise<DeliveryRecord> }> {
		const started = [];
		for (const subscription of this.subscriptions.values()) {
			const subscribed = subscription.events.find((event) => event.name === input.event);
			if (subscription.status !== 'active' || subscribed === undefined) continue;
			started.push(this.deliver(subscription, { ...input, version: input.version ?? subscribed.version }));
		}
		return started;
	}

	private deliver(subscription: Subscription, input: NotificationInput): { record: DeliveryRecord; firstAttempt: Promise<DeliveryRecord> } {
		const policy = retryPolicies.smartrecruiters;
		const acceptAny2xx = this.options.acceptAny2xx;
		return this.options.deliverer.start({
			platform: 'smartrecruiters',
			event: input.event,
			eventId: input.eventId,
			target: { type: 'subscription', id: subscription.id, url: subscription.callbackUrl },
			maxAttempts: policy.maxAttempts,
			delaysMs: this.options.delaysMs,
			timeoutMs: this.options.deliveryTimeoutMs,
			isSuccess: (status) => isSuccessStatus(policy, status, acceptAny2xx),
			describeFailure: (status) =>
				acceptAny2xx
					? `The receiver answered ${status}, not a 2xx.`
					: `SmartRecruiters counts only 202 Accepted (within ${this.options.deliveryTimeoutMs} ms) as delivered; the receiver answered ${status}.`,
			request: async (_number, now) => {
				const signInput: SignInput = {
					event: input.event,
					data: input.data,
					id: input.eventId,
					meta: { version: input.version ?? catalogueVersion(input.event), link: input.link },
				};
				// Every attempt is signed anew: a new timestamp, the keys live at that moment, the same event-id.
				const keys = liveKeys(subscription, now.getTime());
				const signed = keys.length > 0 ? signDelivery('smartrecruiters', signInput, { secret: keys }, { now }) : unsignedDelivery(signInput, now);
				return { url: subscription.callbackUrl, method: signed.method, headers: { ...signed.headers, ...(await this.callbackAuthHeaders(subscription)) }, body: signed.body };
			},
		});
	}

	private create(request: SandboxRequest): SandboxResponse {
		let body: Record<string, unknown>;
		try {
			body = parseBody(request);
		} catch (error) {
			throw badRequest(error instanceof Error ? error.message : 'The request body is not a JSON object.');
		}
		const callbackUrl = body.callbackUrl;
		if (typeof callbackUrl !== 'string' || !isHttpUrl(callbackUrl)) throw badRequest('callbackUrl must be an absolute http(s) URL.');
		if (!Array.isArray(body.events) || body.events.length === 0)
			throw badRequest('events must be a non-empty array of event names or { "name": "<event>", "version": "<version>" } objects.');
		// Both forms are accepted: the generated clients send Event objects, SmartRecruiters' own
		// webhooks demo client (github.com/smartrecruiters/sr-webhooks-client) sends plain names.
		const events = body.events.map((event, index) => {
			const { name, version } = typeof event === 'string' ? { name: event, version: undefined } : ((event ?? {}) as { name?: unknown; version?: unknown });
			if (typeof name !== 'string') throw badRequest(`events[${index}] must be an event name or an object { "name": "job.created", "version"?: "v201910" }.`);
			if (!EVENT_NAME.test(name)) throw badRequest(`events[${index}] "${name}" is not an event name such as "application.created".`);
			if (version !== undefined && typeof version !== 'string') throw badRequest(`events[${index}].version must be a string.`);
			return { name, version: version ?? catalogueVersion(name) };
		});
		const alertingEmailAddress = body.alertingEmailAddress;
		if (alertingEmailAddress !== undefined && (typeof alertingEmailAddress !== 'string' || !alertingEmailAddress.includes('@')))
			throw badRequest('alertingEmailAddress must be an email address.');
		const callbackAuthentication = body.callbackAuthentication === undefined ? undefined : validateCallbackAuthentication(body.callbackAuthentication);
		if (this.subscriptions.size >= this.options.maxSubscriptions) {
			throw unprocessable(`A subscriber can register up to ${this.options.maxSubscriptions} subscriptions; delete one first.`);
		}
		const subscription: Subscription = {
			id: randomUUID(),
			callbackUrl,
			events,
			status: 'inactive',
			alertingEmailAddress,
			callbackAuthentication,
			keys: [],
			createdAt: this.options.now(),
		};
		this.subscriptions.set(subscription.id, subscription);
		this.options.log(`smartrecruiters subscription ${subscription.id} created for ${events.map((event) => event.name).join(', ')} → ${callbackUrl} (inactive)`);
		return json(201, publicSubscription(subscription));
	}

	private find(id: string): Subscription {
		const subscription = this.subscriptions.get(id);
		if (subscription === undefined) throw notFound(`Subscription ${id} not found.`);
		return subscription;
	}

	private remove(id: string): SandboxResponse {
		this.find(id);
		this.subscriptions.delete(id);
		this.oauthTokens.delete(id);
		this.options.deliverer.cancelWhere((record) => record.target.type === 'subscription' && record.target.id === id);
		this.options.log(`smartrecruiters subscription ${id} deleted`);
		return { status: 204 };
	}

	private async activate(id: string): Promise<SandboxResponse> {
		const subscription = this.find(id);
		const hookSecret = randomAlphanumeric(24);
		const timeoutMs = this.options.handshakeTimeoutMs;
		let authHeaders: Record<string, string>;
		try {
			authHeaders = await this.callbackAuthHeaders(subscription);
		} catch (error) {
			throw activationFailed(`the callback authentication failed: ${error instanceof Error ? error.message : String(error)}`);
		}
		const result = await this.options.outbound.send({
			url: subscription.callbackUrl,
			method: 'POST',
			headers: { 'X-Hook-Secret': hookSecret, ...authHeaders },
			body: '',
			timeoutMs,
		});
		const echoedHeader = result.headers['x-hook-secret'];
		const echoed = Array.isArray(echoedHeader) ? echoedHeader[0] : echoedHeader;
		let problem: string | undefined;
		if (result.aborted) problem = 'the sandbox stopped during the handshake';
		else if (result.timedOut) problem = `the callback URL did not answer within ${timeoutMs} ms`;
		else if (result.status === undefined) problem = `the callback URL could not be reached: ${result.error ?? 'no response'}`;
		else if (result.status !== 200) problem = `the callback URL answered ${result.status}; it must answer 200 with the same X-Hook-Secret header`;
		else if (echoed === undefined) problem = 'the callback URL answered 200 but without an X-Hook-Secret header; it must echo the header it received';
		else if (echoed !== hookSecret) problem = 'the callback URL answered 200 with a different X-Hook-Secret value; it must echo the value it received';
		if (problem !== undefined) {
			this.options.log(`smartrecruiters subscription ${id} activation failed: ${problem}`);
			throw activationFailed(problem);
		}
		subscription.status = 'active';
		subscription.activatedAt = this.options.now();
		this.options.log(`smartrecruiters subscription ${id} activated (${result.latencyMs} ms handshake)`);
		return { status: 204 };
	}

	private generateSecretKey(id: string): SandboxResponse {
		const subscription = this.find(id);
		const now = this.options.now();
		if (liveKeys(subscription, now).length >= MAX_LIVE_SECRET_KEYS) {
			throw unprocessable(`A subscription can have up to ${MAX_LIVE_SECRET_KEYS} non-expired secret keys; a replaced key expires 24 hours after its successor is created.`);
		}
		for (const key of subscription.keys) key.expiresAt ??= now + DAY_MS;
		subscription.keys = subscription.keys.filter((key) => key.expiresAt === undefined || key.expiresAt > now);
		const value = randomAlphanumeric(32);
		subscription.keys.push({ value, createdAt: now });
		this.options.log(`smartrecruiters subscription ${id} has a new secret key (${liveKeys(subscription, now).length} live)`);
		return json(201, { secretKey: value });
	}

	private latestSecretKey(id: string): SandboxResponse {
		const latest = this.find(id).keys.at(-1);
		if (latest === undefined) throw notFound(`Subscription ${id} has no secret key yet: POST ${WEBHOOKS_API_BASE}/subscriptions/${id}/secret-key creates one.`);
		return json(200, { secretKey: latest.value });
	}

	private callbacksLog(request: SandboxRequest): SandboxResponse {
		const id = request.params.id;
		this.find(id);
		const status = request.query.get('callbackStatus');
		if (status !== null && status !== 'successful' && status !== 'failed') throw badRequest('callbackStatus must be "successful" or "failed".');
		const after = parseTime(request.query.get('after'), 'after');
		const before = parseTime(request.query.get('before'), 'before');
		const requests = this.options.deliverer
			.list({ targetId: id })
			.flatMap((record) => record.attempts)
			.map((attempt) => ({
				status: attempt.ok ? 'successful' : 'failed',
				timestamp: attempt.at,
				requestDetails: { url: attempt.request.url, body: attempt.request.body, headers: attempt.request.headers },
			}))
			.filter(
				(entry) =>
					(status === null || entry.status === status) &&
					(after === undefined || Date.parse(entry.timestamp) > after) &&
					(before === undefined || Date.parse(entry.timestamp) < before),
			)
			.sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
		return json(200, pageOf(requests, request));
	}

	private async callbackAuthHeaders(subscription: Subscription): Promise<Record<string, string>> {
		const auth = subscription.callbackAuthentication;
		if (auth === undefined) return {};
		if (auth.type === 'basic') return { Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
		if (auth.type === 'header') return { [auth.headerName]: auth.headerValue };
		const cached = this.oauthTokens.get(subscription.id);
		if (cached !== undefined && cached.expiresAt > this.options.now()) return { Authorization: `Bearer ${cached.token}` };
		// The token service gets client_credentials as a form and answers { access_token, expires_in } (in ms, as SmartRecruiters documents it).
		const tokenRequest: OutboundRequest = {
			url: auth.tokenServiceUrl,
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
			body: new URLSearchParams({ client_id: auth.clientId, client_secret: auth.clientSecret, grant_type: 'client_credentials' }).toString(),
			timeoutMs: this.options.deliveryTimeoutMs,
		};
		const result = await this.options.outbound.send(tokenRequest);
		if (result.status === undefined || result.status < 200 || result.status >= 300) throw new Error(`the token service answered ${result.status ?? result.error}`);
		let token: { access_token?: unknown; expires_in?: unknown };
		try {
			token = JSON.parse(result.body) as typeof token;
		} catch {
			throw new Error('the token service did not answer JSON');
		}
		if (typeof token.access_token !== 'string') throw new Error('the token service answered no access_token');
		const lifetime = Number(token.expires_in);
		this.oauthTokens.set(subscription.id, { token: token.access_token, expiresAt: this.options.now() + (Number.isFinite(lifetime) && lifetime > 0 ? lifetime : 60_000) });
		return { Authorization: `Bearer ${token.access_token}` };
	}
}

function activationFailed(reason: string): ReturnType<typeof smartRecruitersError> {
	return smartRecruitersError(400, 'ACTIVATION_FAILED', `Subscription activation failed: ${reason}. The subscription stays inactive.`);
}

function isHttpUrl(text: string): boolean {
	try {
		const url = new URL(text);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

function parseTime(value: string | null, name: string): number | undefined {
	if (value === null) return undefined;
	const time = Date.parse(value);
	if (Number.isNaN(time)) throw badRequest(`${name} must be an ISO 8601 time.`);
	return time;
}

function validateCallbackAuthentication(value: unknown): CallbackAuthentication {
	const auth = (value ?? {}) as Record<string, unknown>;
	const text = (key: string): string => {
		if (typeof auth[key] !== 'string' || auth[key] === '') throw badRequest(`callbackAuthentication.${key} is required for type "${String(auth.type)}".`);
		return auth[key] as string;
	};
	switch (auth.type) {
		case 'basic':
			return { type: 'basic', username: text('username'), password: text('password') };
		case 'header': {
			const headerName = text('headerName');
			if (!/^x-[A-Za-z0-9-]+$/i.test(headerName)) throw badRequest('callbackAuthentication.headerName must be a custom header name starting with "x-".');
			return { type: 'header', headerName, headerValue: text('headerValue') };
		}
		case 'oauth2': {
			const tokenServiceUrl = text('tokenServiceUrl');
			if (!isHttpUrl(tokenServiceUrl)) throw badRequest('callbackAuthentication.tokenServiceUrl must be an absolute http(s) URL.');
			return { type: 'oauth2', clientId: text('clientId'), clientSecret: text('clientSecret'), tokenServiceUrl };
		}
		default:
			throw badRequest('callbackAuthentication.type must be "basic", "header" or "oauth2".');
	}
}
