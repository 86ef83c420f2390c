/**
 * The sandbox's only HTTP client: deliveries, activation handshakes and callback OAuth tokens all
 * go through it, so stop() can abort whatever is still on the wire. No keep-alive agent: a socket
 * never outlives its request.
 */
import http from 'node:http';
import https from 'node:https';
import type { TimerSet } from '../timers';

export interface OutboundRequest {
	url: string;
	method: string;
	headers: Record<string, string>;
	body?: string;
	timeoutMs: number;
}

export interface OutboundResult {
	/** Absent when no response arrived (connection refused, timeout, abort). */
	status?: number;
	headers: http.IncomingHttpHeaders;
	body: string;
	latencyMs: number;
	error?: string;
	timedOut?: boolean;
	/** The sandbox stopped (or cancelled the delivery) while the request was on the wire. */
	aborted?: boolean;
}

/** Enough of a receiver's answer for the log; a larger body is cut, not buffered. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export class Outbound {
	private readonly inFlight = new Set<AbortController>();
	private closed = false;

	constructor(private readonly timers: TimerSet) {}

	send(request: OutboundRequest): Promise<OutboundResult> {
		if (this.closed) return Promise.resolve({ headers: {}, body: '', latencyMs: 0, aborted: true, error: 'aborted: the sandbox is stopped' });
		const controller = new AbortController();
		this.inFlight.add(controller);
		const started = performance.now();
		let timedOut = false;
		const timer = this.timers.after(request.timeoutMs, () => {
			timedOut = true;
			controller.abort();
		});

		return new Promise<OutboundResult>((resolve) => {
			let settled = false;
			const finish = (result: Omit<OutboundResult, 'latencyMs'>): void => {
				if (settled) return;
				settled = true;
				this.timers.cancel(timer);
				this.inFlight.delete(controller);
				resolve({ ...result, latencyMs: Math.round(performance.now() - started) });
			};
			const failure = (cause: unknown): Omit<OutboundResult, 'latencyMs'> => {
				if (timedOut) return { headers: {}, body: '', timedOut: true, error: `no complete response within ${request.timeoutMs} ms` };
				if (controller.signal.aborted) return { headers: {}, body: '', aborted: true, error: 'aborted: the sandbox stopped or the delivery was cancelled' };
				return { headers: {}, body: '', error: describeNetworkError(cause) };
			};

			let url: URL;
			try {
				url = new URL(request.url);
			} catch {
				finish({ headers: {}, body: '', error: `"${request.url}" is not a valid URL` });
				return;
			}
			const client = url.protocol === 'http:' ? http : url.protocol === 'https:' ? https : undefined;
			if (client === undefined) {
				finish({ headers: {}, body: '', error: `unsupported protocol ${url.protocol} (use http: or https:)` });
				return;
			}
			const headers: Record<string, string> = { ...request.headers };
			if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));

			const outgoing = client.request(url, { method: request.method, headers, agent: false, signal: controller.signal }, (response) => {
				const chunks: Buffer[] = [];
				let size = 0;
				let ended = false;
				response.on('data', (chunk: Buffer) => {
					if (size >= MAX_RESPONSE_BYTES) return;
					chunks.push(chunk);
					size += chunk.length;
				});
				response.on('end', () => {
					ended = true;
					finish({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_BYTES) });
				});
				response.on('error', (error) => finish(failure(error)));
				response.on('close', () => {
					if (!ended) finish(failure(new Error('the receiver closed the connection before the response ended')));
				});
			});
			outgoing.on('error', (error) => finish(failure(error)));
			outgoing.end(request.body);
		});
	}

	/** Aborts what is on the wire; with `close`, later sends fail at once (the sandbox stopped). */
	abortAll(close = false): void {
		this.closed ||= close;
		for (const controller of this.inFlight) controller.abort();
	}

	reopen(): void {
		this.closed = false;
	}

	get active(): number {
		return this.inFlight.size;
	}
}

function describeNetworkError(error: unknown): string {
	const code = (error as { code?: unknown })?.code;
	const message = error instanceof Error ? error.message : String(error);
	if (code === 'ECONNREFUSED') return `connection refused (${message}): is the receiver running?`;
	if (code === 'ECONNRESET') return `connection reset by the receiver (${message})`;
	return message;
}
