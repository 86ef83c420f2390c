/**
 * A tiny webhook receiver on 127.0.0.1 for the sandbox tests: records every request with its raw
 * body and answers with whatever the current handler says (optionally after a delay).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
	receivedAt: number;
}

export interface Reply {
	status: number;
	headers?: Record<string, string>;
	body?: string;
	/** Answer this late (a slow receiver). */
	delayMs?: number;
}

export type ReplyHandler = (request: ReceivedRequest) => Reply | Promise<Reply>;

export interface Receiver {
	url: string;
	requests: ReceivedRequest[];
	/** Replace the handler for the next requests. */
	reply(handler: ReplyHandler): void;
	/** Resolves once `count` requests matching `filter` have arrived. */
	waitFor(count: number, filter?: (request: ReceivedRequest) => boolean, timeoutMs?: number): Promise<ReceivedRequest[]>;
	close(): Promise<void>;
}

export async function startReceiver(initial: ReplyHandler = () => ({ status: 200 })): Promise<Receiver> {
	let handler = initial;
	const requests: ReceivedRequest[] = [];
	const waiters = new Set<() => void>();
	const timers = new Set<NodeJS.Timeout>();

	const server = http.createServer((incoming, outgoing) => {
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
		incoming.on('end', async () => {
			const request: ReceivedRequest = {
				method: incoming.method ?? 'GET',
				path: incoming.url ?? '/',
				headers: incoming.headers,
				body: Buffer.concat(chunks),
				receivedAt: Date.now(),
			};
			requests.push(request);
			for (const wake of [...waiters]) wake();
			const reply = await handler(request);
			const answer = (): void => {
				if (outgoing.destroyed) return;
				outgoing.writeHead(reply.status, reply.headers ?? {});
				outgoing.end(reply.body);
			};
			if (reply.delayMs === undefined) answer();
			else {
				const timer = setTimeout(() => {
					timers.delete(timer);
					answer();
				}, reply.delayMs);
				timers.add(timer);
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		reply(next) {
			handler = next;
		},
		waitFor(count, filter = () => true, timeoutMs = 5000) {
			return new Promise((resolve, reject) => {
				const check = (): boolean => {
					const matching = requests.filter(filter);
					if (matching.length < count) return false;
					waiters.delete(check);
					clearTimeout(timer);
					resolve(matching);
					return true;
				};
				const timer = setTimeout(() => {
					waiters.delete(check);
					reject(new Error(`waited ${timeoutMs} ms for ${count} requests, got ${requests.filter(filter).length}`));
				}, timeoutMs);
				if (!check()) waiters.add(check);
			});
		},
		async close() {
			for (const timer of timers) clearTimeout(timer);
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			server.closeAllConnections();
			await closed;
		},
	};
}

/** Header value as a single string (the tests never send duplicates). */
export function headerOf(request: ReceivedRequest, name: string): string | undefined {
	const value = request.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** Polls until `condition` holds (state that changes without a request to wait for). */
export async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}
