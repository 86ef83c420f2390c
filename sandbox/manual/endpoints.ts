/**
 * Platforms without a public subscription API (TalentPools, HrFlow.ai, PeopleForce, the generic
 * signed sender): the user pastes a URL into the platform's settings. This admin API plays that
 * step and the platforms' test buttons (TalentPools' Testing tab "Send Example", HrFlow's "Check").
 */
import { randomUUID } from 'node:crypto';
import { platforms, signDelivery, signSvix, type PlatformId, type SignInput, type SignOptions } from '../../core';
import { examplesOf } from '../../core/platforms/examples';
import type { Deliverer, DeliveryRecord } from '../deliveries';
import type { OutboundRequest } from '../http/outbound';
import { sandboxError } from '../http/server-kit';
import { isSuccessStatus, retryPolicies } from '../retry-policies';

/** A platform whose users paste the URL (subscription kind 'manual'); manualPlatformIds lists them. */
export type ManualPlatformId = PlatformId;

export const manualPlatformIds = (Object.keys(platforms) as PlatformId[]).filter((id): id is ManualPlatformId => platforms[id].subscription.kind === 'manual');

export interface Endpoint {
	id: string;
	platform: ManualPlatformId;
	url: string;
	/** Empty: every event. */
	events: string[];
	/** The platform's secrets as core's sign/verify take them. */
	secrets: Record<string, unknown>;
	maxAttempts: number;
	/** Generic sender's form: Method and Content-Type; HrFlow: the body format. */
	method?: string;
	contentType?: string;
	bodyFormat?: string;
	createdAt: string;
}

export interface EndpointInput {
	platform?: unknown;
	url?: unknown;
	events?: unknown;
	secrets?: unknown;
	method?: unknown;
	contentType?: unknown;
	maxAttempts?: unknown;
	bodyFormat?: unknown;
}

/**
 * Secrets the platform itself hands out when none are given (TalentPools' whsec_ signing secret and
 * encryption key, HrFlow's wsk_ key), in the format of its examples. Platforms that make the secret
 * optional (PeopleForce, the generic sender) send unsigned without one.
 */
function generatedSecrets(id: ManualPlatformId): Record<string, unknown> {
	return platforms[id].secretOptional ? {} : examplesOf(id).randomSecrets();
}

/** Wire variants each sender lets the user choose; anything else is refused with a hint. */
const choices = {
	method: { platform: 'signed-webhook', values: ['POST', 'PUT', 'PATCH', 'DELETE', 'GET'] },
	contentType: { platform: 'signed-webhook', values: ['application/json', 'application/x-www-form-urlencoded'] },
	bodyFormat: { platform: 'hrflow', values: ['form', 'json', 'json-array'] },
} as const;

export interface ManualEndpointsOptions {
	deliverer: Deliverer;
	now: () => number;
	delaysMs: (platform: ManualPlatformId) => number[];
	timeoutMs: (platform: ManualPlatformId) => number;
}

export class ManualEndpoints {
	private readonly endpoints = new Map<string, Endpoint>();

	constructor(private readonly options: ManualEndpointsOptions) {}

	get all(): ReadonlyMap<string, Endpoint> {
		return this.endpoints;
	}

	clear(): void {
		this.endpoints.clear();
	}

	register(input: EndpointInput): Endpoint {
		const platform = input.platform;
		if (typeof platform !== 'string' || !(manualPlatformIds as string[]).includes(platform)) {
			const hint = platform === 'smartrecruiters' ? ' SmartRecruiters subscribes through its Webhooks API: POST /webhooks-api/v201907/subscriptions.' : '';
			throw sandboxError(400, `"platform" must be one of ${manualPlatformIds.join(', ')}.${hint}`);
		}
		const id = platform as ManualPlatformId;
		const definition = platforms[id];
		if (typeof input.url !== 'string' || !isHttpUrl(input.url)) throw sandboxError(400, '"url" must be an absolute http(s) URL: the URL you would paste into the platform.');
		const events = input.events === undefined || input.events === null ? [] : input.events;
		if (!Array.isArray(events) || events.some((event) => typeof event !== 'string' || event === ''))
			throw sandboxError(400, '"events" must be an array of event names (empty: all events).');
		if (definition.catchAllEvent === undefined) {
			const unknown = (events as string[]).filter((event) => !definition.events.some((known) => known.name === event));
			if (unknown.length > 0)
				throw sandboxError(400, `${definition.displayName} has no event ${unknown.map((event) => `"${event}"`).join(', ')}. GET /_sandbox/catalogue lists them.`);
		}
		if (input.secrets !== undefined && (input.secrets === null || typeof input.secrets !== 'object' || Array.isArray(input.secrets))) {
			throw sandboxError(400, `"secrets" must be an object with ${definition.displayName}'s secret fields (${definition.secretFields.map((field) => field.key).join(', ')}).`);
		}
		const endpoint: Endpoint = {
			id: `ep_${randomUUID()}`,
			platform: id,
			url: input.url,
			events: events as string[],
			secrets: (input.secrets as Record<string, unknown> | undefined) ?? generatedSecrets(id),
			maxAttempts: retryPolicies[id].maxAttempts,
			createdAt: new Date(this.options.now()).toISOString(),
		};
		if (input.maxAttempts !== undefined) {
			if (!Number.isInteger(input.maxAttempts) || (input.maxAttempts as number) < 1 || (input.maxAttempts as number) > 50)
				throw sandboxError(400, '"maxAttempts" must be an integer from 1 to 50.');
			endpoint.maxAttempts = input.maxAttempts as number;
		}
		for (const [field, choice] of Object.entries(choices) as Array<[keyof typeof choices, (typeof choices)[keyof typeof choices]]>) {
			const value = input[field];
			if (value === undefined || value === null) continue;
			if (choice.platform !== id) throw sandboxError(400, `"${field}" is a setting of ${platforms[choice.platform].displayName} only.`);
			const normalized = field === 'method' && typeof value === 'string' ? value.toUpperCase() : value;
			if (!(choice.values as readonly unknown[]).includes(normalized)) throw sandboxError(400, `"${field}" must be one of ${choice.values.join(', ')}.`);
			endpoint[field] = normalized as string;
		}
		// Signing a sample now turns a malformed secret into a 400 here, not a failed delivery later.
		try {
			const sample = definition.events[0];
			signDelivery(id, { event: sample.name, data: sample.sample, meta: sample.sampleMeta }, endpoint.secrets, this.signOptions(endpoint, new Date()));
		} catch (error) {
			throw sandboxError(400, `The secrets do not sign ${definition.displayName} deliveries: ${error instanceof Error ? error.message : String(error)}`);
		}
		this.endpoints.set(endpoint.id, endpoint);
		return endpoint;
	}

	get(id: string): Endpoint {
		const endpoint = this.endpoints.get(id);
		if (endpoint === undefined) throw sandboxError(404, `No endpoint ${id}. GET /_sandbox/endpoints lists them.`);
		return endpoint;
	}

	remove(id: string): void {
		this.get(id);
		this.endpoints.delete(id);
		this.options.deliverer.cancelWhere((record) => record.target.type === 'endpoint' && record.target.id === id);
	}

	/** Endpoints of the platform whose filter lets the event through. */
	matching(platform: PlatformId, event: string): Endpoint[] {
		return [...this.endpoints.values()].filter((endpoint) => endpoint.platform === platform && (endpoint.events.length === 0 || endpoint.events.includes(event)));
	}

	deliver(endpoint: Endpoint, input: SignInput & { id: string }, example = false): { record: DeliveryRecord; firstAttempt: Promise<DeliveryRecord> } {
		const policy = retryPolicies[endpoint.platform];
		return this.options.deliverer.start({
			platform: endpoint.platform,
			event: input.event,
			eventId: input.id,
			target: { type: 'endpoint', id: endpoint.id, url: endpoint.url },
			example,
			maxAttempts: endpoint.maxAttempts,
			delaysMs: this.options.delaysMs(endpoint.platform),
			timeoutMs: this.options.timeoutMs(endpoint.platform),
			isSuccess: (status) => isSuccessStatus(policy, status),
			describeFailure: (status) => `${platforms[endpoint.platform].displayName} counts only a 2xx answer as delivered; the receiver answered ${status}.`,
			request: this.requestBuilder(endpoint, input),
		});
	}

	private signOptions(endpoint: Endpoint, now: Date): SignOptions {
		const options: SignOptions = { now };
		if (endpoint.method !== undefined) options.method = endpoint.method;
		if (endpoint.contentType !== undefined) options.contentType = endpoint.contentType;
		if (endpoint.bodyFormat !== undefined) options.bodyFormat = endpoint.bodyFormat;
		return options;
	}

	private requestBuilder(endpoint: Endpoint, input: SignInput): (number: number, now: Date) => Omit<OutboundRequest, 'timeoutMs'> {
		let first: { method: string; headers: Record<string, string>; body: string } | undefined;
		return (_number, now) => {
			// Svix stores the message once and re-signs each attempt: same body and svix-id, new timestamp.
			// (TalentPools' encrypted body keeps the event's own timestamp; re-encrypting would change it.)
			if (first !== undefined && endpoint.platform === 'talentpools') {
				const signingSecrets = [endpoint.secrets.signingSecret].flat().filter((secret): secret is string => typeof secret === 'string' && secret !== '');
				const svix = signSvix(first.body, signingSecrets, { id: first.headers['svix-id'], now });
				return { url: endpoint.url, method: first.method, headers: { ...first.headers, ...svix }, body: first.body };
			}
			const signed = signDelivery(endpoint.platform, input, endpoint.secrets, this.signOptions(endpoint, now));
			first ??= signed;
			return { url: endpoint.url, method: signed.method, headers: signed.headers, body: signed.body };
		};
	}
}

function isHttpUrl(text: string): boolean {
	try {
		const url = new URL(text);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

export function publicEndpoint(endpoint: Endpoint): Endpoint & { displayName: string } {
	return { ...endpoint, displayName: platforms[endpoint.platform].displayName };
}
