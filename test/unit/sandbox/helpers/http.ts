/**
 * A minimal HTTP client for the tests: no keep-alive agent, so no socket outlives a test, and the
 * raw status, headers and body come back as they were sent (redirects are not followed).
 */
import http from 'node:http';

export interface HttpResult {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
	json: any;
}

export interface HttpRequestOptions {
	method?: string;
	headers?: Record<string, string>;
	/** Objects are sent as JSON; strings as they are. */
	body?: unknown;
	timeoutMs?: number;
}

export function request(url: string, options: HttpRequestOptions = {}): Promise<HttpResult> {
	const headers: Record<string, string> = { ...(options.headers ?? {}) };
	let payload: string | undefined;
	if (typeof options.body === 'string') payload = options.body;
	else if (options.body !== undefined) {
		payload = JSON.stringify(options.body);
		headers['content-type'] ??= 'application/json';
	}
	return new Promise((resolve, reject) => {
		const outgoing = http.request(url, { method: options.method ?? (payload === undefined ? 'GET' : 'POST'), headers, agent: false }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let json: unknown;
				try {
					json = text === '' ? undefined : JSON.parse(text);
				} catch {
					json = undefined;
				}
				resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
			});
			response.on('error', reject);
		});
		if (options.timeoutMs !== undefined) {
			outgoing.setTimeout(options.timeoutMs, () => outgoing.destroy(new Error(`timeout after ${options.timeoutMs} ms`)));
		}
		outgoing.on('error', reject);
		outgoing.end(payload);
	});
}

/** A client of one sandbox, optionally authenticated. */
export function client(baseUrl: string, auth: Record<string, string> = {}) {
	return (path: string, options: HttpRequestOptions = {}) => request(`${baseUrl}${path}`, { ...options, headers: { ...auth, ...(options.headers ?? {}) } });
}
