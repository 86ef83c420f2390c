/**
 * A tiny router and the request/response shapes the sandbox's handlers use. Handlers are plain
 * functions from a parsed request to a response value; the HTTP plumbing lives in sandbox.ts.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface SandboxRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
	params: Record<string, string>;
	/** The matched route's name, e.g. "subscriptions.create". */
	route: string;
}

export interface SandboxResponse {
	status: number;
	headers?: Record<string, string>;
	/** Objects are sent as JSON, strings as text; absent for 204 and redirects. */
	body?: unknown;
}

export type Handler = (request: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

export interface RouteDefinition {
	name: string;
	method: string;
	/** Path with `{param}` placeholders, e.g. `/webhooks-api/v201907/subscriptions/{id}`. */
	pattern: string;
	handler: Handler;
}

/** Thrown by handlers and helpers; becomes the response as is. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
		readonly headers: Record<string, string> = {},
	) {
		super(typeof body === 'object' && body !== null && 'message' in body ? String((body as { message: unknown }).message) : `HTTP ${status}`);
	}
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse {
	return { status, body, headers };
}

/** The sandbox's own error shape (admin API); platform emulations use their platform's shape. */
export function sandboxError(status: number, message: string, extra: Record<string, unknown> = {}): HttpError {
	return new HttpError(status, { error: message, ...extra });
}

interface CompiledRoute extends RouteDefinition {
	regex: RegExp;
	keys: string[];
}

export type RouteMatch = { route: RouteDefinition; params: Record<string, string> } | { allowed: string[] } | undefined;

export class Router {
	private readonly routes: CompiledRoute[] = [];

	add(route: RouteDefinition): void {
		const keys: string[] = [];
		const source = route.pattern
			.split('/')
			.map((segment) => {
				const param = /^\{(\w+)\}$/.exec(segment);
				if (param === null) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
				keys.push(param[1]);
				return '([^/]+)';
			})
			.join('/');
		this.routes.push({ ...route, regex: new RegExp(`^${source}/?$`), keys });
	}

	match(method: string, path: string): RouteMatch {
		const allowed: string[] = [];
		for (const route of this.routes) {
			const found = route.regex.exec(path);
			if (found === null) continue;
			if (route.method !== method) {
				allowed.push(route.method);
				continue;
			}
			const params: Record<string, string> = {};
			route.keys.forEach((key, index) => {
				params[key] = decodeURIComponent(found[index + 1]);
			});
			return { route, params };
		}
		return allowed.length > 0 ? { allowed } : undefined;
	}

	/** Name and "METHOD /pattern" of every route, for the fault API and the usage text. */
	list(): Array<{ name: string; method: string; pattern: string }> {
		return this.routes.map(({ name, method, pattern }) => ({ name, method, pattern }));
	}
}

/** The body as JSON or as a form (OAuth token requests), `{}` when empty. */
export function parseBody(request: SandboxRequest): Record<string, unknown> {
	const text = request.rawBody.toString('utf8');
	if (text.trim() === '') return {};
	const type = String(request.headers['content-type'] ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();
	if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw sandboxError(400, `The request body is not valid JSON${type === '' ? ' (and no content-type says otherwise)' : ''}.`);
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw sandboxError(400, 'The request body must be a JSON object.');
	return parsed as Record<string, unknown>;
}

export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw sandboxError(400, `"${key}" must be a string.`);
	return value;
}
