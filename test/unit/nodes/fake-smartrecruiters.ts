/**
 * An in-memory SmartRecruiters Webhooks API for the node tests, speaking the harness's FakeServer
 * protocol. Activation really performs the X-Hook-Secret handshake against the trigger (through
 * `handshake`), the way SmartRecruiters calls the callback URL during PUT /activation.
 */
import { randomBytes } from 'node:crypto';
import type { FakeHttpResponse, FakeServer, RecordedRequest } from './harness';

export const SR_BASE_URL = 'http://127.0.0.1:9';
const PREFIX = `${SR_BASE_URL}/webhooks-api/v201907/subscriptions`;

export interface FakeSubscription {
	id: string;
	callbackUrl: string;
	events: string[];
	status: 'active' | 'inactive';
	secretKeys: string[];
}

export class FakeSmartRecruiters {
	readonly subscriptions = new Map<string, FakeSubscription>();
	readonly calls: string[] = [];
	/** Answers the next request matching `route` ("METHOD /path-suffix") with this status instead. */
	readonly failures: Array<{ route: RegExp; status: number; body?: unknown }> = [];
	/** The next request matching is carried out, but its answer is lost (the client sees a timeout). */
	readonly lostAnswers: RegExp[] = [];
	/** Performs the handshake against the callback URL; the default refuses (nothing listening). */
	handshake: (callbackUrl: string, token: string) => Promise<{ status: number; echoed?: string }> = async () => ({ status: 404 });
	/** Entities served for `link` URLs. */
	readonly entities = new Map<string, unknown>();
	private counter = 0;

	readonly server: FakeServer = async (request: RecordedRequest): Promise<FakeHttpResponse> => {
		const answer = await this.answer(request);
		const lost = this.lostAnswers.findIndex((route) => route.test(this.calls[this.calls.length - 1]));
		if (lost >= 0) {
			this.lostAnswers.splice(lost, 1);
			throw Object.assign(new Error('timeout of 10000ms exceeded'), { code: 'ECONNABORTED' });
		}
		return answer;
	};

	private async answer(request: RecordedRequest): Promise<FakeHttpResponse> {
		const path = request.url.startsWith(PREFIX) ? request.url.slice(PREFIX.length) : request.url;
		const route = `${request.method} ${path}`;
		this.calls.push(route);
		const failure = this.failures.findIndex((f) => f.route.test(route));
		if (failure >= 0) {
			const [{ status, body }] = this.failures.splice(failure, 1);
			return { statusCode: status, body: body ?? { message: `Fake failure ${status}` } };
		}
		if (this.entities.has(request.url) && request.method === 'GET') return { statusCode: 200, body: this.entities.get(request.url) };
		if (!request.url.startsWith(PREFIX)) return { statusCode: 404, body: { message: 'No such resource' } };

		const match = /^\/([^/]+)(\/activation|\/secret-key)?$/.exec(path);
		if (path === '' && request.method === 'POST') {
			const body = request.body as { callbackUrl?: string; events?: string[] };
			if (!body?.callbackUrl || !Array.isArray(body.events) || body.events.length === 0) return { statusCode: 400, body: { message: 'callbackUrl and events are required' } };
			const subscription: FakeSubscription = { id: `sub-${++this.counter}`, callbackUrl: body.callbackUrl, events: body.events, status: 'inactive', secretKeys: [] };
			this.subscriptions.set(subscription.id, subscription);
			return { statusCode: 201, body: this.view(subscription) };
		}
		if (path === '' && request.method === 'GET') {
			return { statusCode: 200, body: { content: [...this.subscriptions.values()].map((s) => this.view(s)) } };
		}
		const subscription = match ? this.subscriptions.get(decodeURIComponent(match[1])) : undefined;
		if (subscription === undefined) return { statusCode: 404, body: { message: 'Subscription not found' } };
		if (match![2] === undefined && request.method === 'GET') return { statusCode: 200, body: this.view(subscription) };
		if (match![2] === undefined && request.method === 'DELETE') {
			this.subscriptions.delete(subscription.id);
			return { statusCode: 204 };
		}
		if (match![2] === '/activation' && request.method === 'PUT') {
			const token = randomBytes(8).toString('hex');
			const answer = await this.handshake(subscription.callbackUrl, token);
			if (answer.status !== 200 || answer.echoed !== token) {
				return { statusCode: 400, body: { message: `Callback ${subscription.callbackUrl} did not answer the handshake (HTTP ${answer.status})` } };
			}
			subscription.status = 'active';
			return { statusCode: 204 };
		}
		if (match![2] === '/secret-key' && request.method === 'POST') {
			const secretKey = randomBytes(16).toString('base64url');
			subscription.secretKeys.push(secretKey);
			return { statusCode: 201, body: { secretKey } };
		}
		return { statusCode: 405, body: { message: 'Method not allowed' } };
	}

	private view(subscription: FakeSubscription) {
		return {
			id: subscription.id,
			callbackUrl: subscription.callbackUrl,
			events: subscription.events.map((name) => ({ name, version: 'v201907' })),
			status: subscription.status,
		};
	}
}
