/**
 * createSandbox: a local emulator of the HR platforms HireHooks receives from. It serves
 * SmartRecruiters' OAuth, Webhooks Subscriptions API and entity endpoints under their real paths,
 * plays the "paste the URL" step and test buttons of the manual platforms, and delivers signed
 * events (signed by core's signDelivery) with each platform's retry schedule, compressed.
 * Demo, sample events and end-to-end tests only: it never ships inside the n8n nodes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { platformIds, type PlatformId } from '../core';
import { adminRoutes } from './admin';
import { Deliverer, type DeliveryRecord } from './deliveries';
import { Emitter, type EmitInput, type EmitResult } from './emit';
import { FaultTable, type Fault } from './faults';
import { Outbound } from './http/outbound';
import { HttpError, Router, type SandboxRequest, type SandboxResponse } from './http/server-kit';
import { ManualEndpoints, type Endpoint } from './manual/endpoints';
import { effectiveDelays, retryPolicies, type RetryScheduleOptions } from './retry-policies';
import { type SmartRecruitersAuthOptions, SmartRecruitersAuth } from './smartrecruiters/auth';
import { EntityStore } from './smartrecruiters/entities';
import { DEFAULT_HANDSHAKE_TIMEOUT_MS, DEFAULT_MAX_SUBSCRIPTIONS, SmartRecruitersWebhooks, type Subscription } from './smartrecruiters/subscriptions';
import { TimerSet } from './timers';

export interface SandboxClock {
	/** Milliseconds since the epoch: signature timestamps, token and key expiry, the delivery log. */
	now(): number;
}

export interface SandboxOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Loopback only: 127.0.0.1 (default), ::1 or localhost. */
	host?: string;
	/** Base URL that receivers use to reach the sandbox (link headers), when not its own URL. */
	publicUrl?: string;
	clock?: SandboxClock;
	retrySchedule?: RetryScheduleOptions;
	timeouts?: {
		/** SmartRecruiters activation handshake (real: 20 s). */
		handshakeMs?: number;
		/** Per-platform wait for a delivery's answer (real: retry-policies.ts). */
		deliveryMs?: Partial<Record<PlatformId, number>>;
	};
	smartRecruiters?: SmartRecruitersAuthOptions & {
		/** Subscriptions per subscriber (real: 20). */
		maxSubscriptions?: number;
		/** Count any 2xx as delivered; SmartRecruiters itself counts only 202. */
		acceptAny2xx?: boolean;
	};
	log?: (line: string) => void;
}

export interface SandboxState {
	readonly subscriptions: ReadonlyMap<string, Subscription>;
	readonly endpoints: ReadonlyMap<string, Endpoint>;
	deliveries(filter?: { platform?: string; status?: string; event?: string; targetId?: string }): DeliveryRecord[];
	delivery(id: string): DeliveryRecord | undefined;
	faults(): Fault[];
	/** The credentials the sandbox accepts. */
	readonly credentials: { clientId: string; clientSecret: string; apiKey: string };
}

export interface Sandbox {
	/** http://host:port, once started. */
	readonly url: string;
	readonly port: number;
	readonly state: SandboxState;
	start(): Promise<Sandbox>;
	/** Closes the server and every connection, aborts deliveries on the wire, clears every timer. */
	stop(): Promise<void>;
	/** Same as POST /_sandbox/emit. */
	emit(input: EmitInput): EmitResult;
	/** Resolves when no delivery attempt runs and no retry is scheduled. */
	whenIdle(): Promise<void>;
	/** Holds every new delivery attempt (a drain before the receiver restarts); resolves once none is on the wire. */
	holdDeliveries(): Promise<void>;
	/** Lets held attempts go on. */
	resumeDeliveries(): void;
	/** Same as POST /_sandbox/reset. */
	reset(options?: { auth?: boolean }): void;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const MAX_REQUEST_BYTES = 1024 * 1024;

export function createSandbox(options: SandboxOptions = {}): Sandbox {
	const host = options.host ?? '127.0.0.1';
	if (!LOOPBACK.has(host)) throw new Error(`The sandbox binds to the loopback interface only (127.0.0.1, ::1 or localhost), not "${host}".`);
	const now = options.clock ? () => options.clock!.now() : () => Date.now();
	const log = options.log ?? (() => undefined);
	const retrySchedule = options.retrySchedule ?? {};
	const timeoutMs = (platform: PlatformId): number => options.timeouts?.deliveryMs?.[platform] ?? retryPolicies[platform].timeoutMs;

	const timers = new TimerSet();
	const outbound = new Outbound(timers);
	const deliverer = new Deliverer(outbound, timers, now, log);
	const faults = new FaultTable();
	const auth = new SmartRecruitersAuth(options.smartRecruiters ?? {}, now);
	const entities = new EntityStore();
	const smartRecruiters = new SmartRecruitersWebhooks({
		auth,
		outbound,
		deliverer,
		now,
		log,
		handshakeTimeoutMs: options.timeouts?.handshakeMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
		deliveryTimeoutMs: timeoutMs('smartrecruiters'),
		delaysMs: effectiveDelays('smartrecruiters', retrySchedule),
		maxSubscriptions: options.smartRecruiters?.maxSubscriptions ?? DEFAULT_MAX_SUBSCRIPTIONS,
		acceptAny2xx: options.smartRecruiters?.acceptAny2xx ?? false,
	});
	const endpoints = new ManualEndpoints({ deliverer, now, delaysMs: (platform) => effectiveDelays(platform, retrySchedule), timeoutMs });

	let server: http.Server | undefined;
	let port = 0;
	let startedAt = 0;
	const inFlight = new Set<Promise<void>>();
	const baseUrl = (): string => (options.publicUrl ?? sandbox.url).replace(/\/+$/, '');
	const emitter = new Emitter({ endpoints, smartRecruiters, entities, baseUrl, now, log });

	const router = new Router();
	const resolveRoute = (route: string): string | undefined => {
		const found = router.list().find((candidate) => candidate.name === route || `${candidate.method} ${candidate.pattern}` === route);
		// The control plane cannot be faulted, or a fault could lock the tests out of clearing it.
		return found === undefined || /^sandbox\.(faults|reset|health|routes)/.test(found.name) ? undefined : found.name;
	};
	const reset = ({ auth: withAuth = false }: { auth?: boolean } = {}): void => {
		deliverer.clear();
		smartRecruiters.clear();
		endpoints.clear();
		faults.clear();
		entities.reset();
		if (withAuth) auth.clear();
		log(`reset${withAuth ? ' (tokens too)' : ''}`);
	};
	const authorizeApi = (request: SandboxRequest): void => void auth.authenticate(request);
	for (const route of [
		...auth.routes(),
		...smartRecruiters.routes(),
		...entities.routes(authorizeApi),
		...adminRoutes({
			emitter,
			timers,
			deliverer,
			endpoints,
			faults,
			retrySchedule,
			timeoutMs,
			routes: () => router.list(),
			resolveRoute,
			reset,
			health: () => ({
				status: 'ok',
				url: sandbox.url,
				uptimeMs: Date.now() - startedAt,
				platforms: platformIds,
				subscriptions: smartRecruiters.all.size,
				endpoints: endpoints.all.size,
				deliveries: deliverer.list().length,
				pendingDeliveries: deliverer.list({ status: 'pending' }).length,
				faults: faults.list().length,
			}),
		}),
	]) {
		router.add(route);
	}

	async function handle(incoming: http.IncomingMessage, outgoing: http.ServerResponse): Promise<void> {
		const url = new URL(incoming.url ?? '/', 'http://sandbox.invalid');
		const method = (incoming.method ?? 'GET').toUpperCase();
		let response: SandboxResponse;
		try {
			const rawBody = await readBody(incoming);
			const match = router.match(method, url.pathname);
			if (match === undefined) throw new HttpError(404, { error: `No sandbox route for ${method} ${url.pathname}. GET /_sandbox/routes lists them.` });
			if (!('route' in match))
				throw new HttpError(405, { error: `${method} is not allowed on ${url.pathname}; use ${match.allowed.join(' or ')}.` }, { allow: match.allowed.join(', ') });
			const fault = faults.take(match.route.name);
			if (fault !== undefined) {
				log(`fault on ${match.route.name}: ${JSON.stringify({ status: fault.status, delayMs: fault.delayMs, reset: fault.reset })}`);
				if (fault.delayMs !== undefined) await timers.sleep(fault.delayMs);
				if (fault.reset === true) {
					incoming.socket.destroy();
					return;
				}
			}
			if (fault?.status !== undefined) {
				response = {
					status: fault.status,
					body: fault.body ?? {
						message: `Injected fault: ${match.route.name} answers ${fault.status}.`,
						errors: [{ code: 'SANDBOX_FAULT', message: 'Injected by POST /_sandbox/faults.' }],
					},
				};
			} else {
				response = await match.route.handler({
					method,
					path: url.pathname,
					query: url.searchParams,
					headers: incoming.headers,
					rawBody,
					params: match.params,
					route: match.route.name,
				});
			}
		} catch (error) {
			if (error instanceof HttpError) response = { status: error.status, body: error.body, headers: error.headers };
			else {
				log(`internal error on ${method} ${url.pathname}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
				response = { status: 500, body: { error: `The sandbox failed: ${error instanceof Error ? error.message : String(error)}` } };
			}
		}
		send(outgoing, response);
	}

	const sandbox: Sandbox = {
		get url() {
			if (server === undefined) throw new Error('The sandbox is not started: await sandbox.start() first.');
			return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
		},
		get port() {
			return port;
		},
		state: {
			get subscriptions() {
				return smartRecruiters.all;
			},
			get endpoints() {
				return endpoints.all;
			},
			deliveries: (filter) => deliverer.list(filter),
			delivery: (id) => deliverer.get(id),
			faults: () => faults.list(),
			credentials: { clientId: auth.clientId, clientSecret: auth.clientSecret, apiKey: auth.apiKey },
		},
		async start() {
			if (server !== undefined) return sandbox;
			outbound.reopen();
			deliverer.reopen();
			const created = http.createServer((incoming, outgoing) => {
				const running = handle(incoming, outgoing).catch((error: unknown) => log(`request failed: ${String(error)}`));
				inFlight.add(running);
				void running.finally(() => inFlight.delete(running));
			});
			await new Promise<void>((resolve, reject) => {
				created.once('error', reject);
				created.listen(options.port ?? 0, host, () => {
					created.off('error', reject);
					resolve();
				});
			});
			server = created;
			port = (created.address() as AddressInfo).port;
			startedAt = Date.now();
			log(`sandbox listening on ${sandbox.url}`);
			return sandbox;
		},
		async stop() {
			const closing = server;
			if (closing === undefined) return;
			deliverer.stop();
			outbound.abortAll(true);
			timers.clear();
			const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
			closing.closeAllConnections();
			await settleWithin([...inFlight], 2000);
			await closed;
			timers.clear();
			server = undefined;
			log('sandbox stopped');
		},
		emit: (input) => emitter.emit(input),
		whenIdle: () => deliverer.whenIdle(),
		holdDeliveries: () => deliverer.hold(),
		resumeDeliveries: () => deliverer.resume(),
		reset,
	};
	return sandbox;
}

function readBody(incoming: http.IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		incoming.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
		});
		incoming.on('end', () =>
			size > MAX_REQUEST_BYTES ? reject(new HttpError(413, { error: `The request body is over ${MAX_REQUEST_BYTES} bytes.` })) : resolve(Buffer.concat(chunks)),
		);
		incoming.on('error', reject);
	});
}

function send(outgoing: http.ServerResponse, response: SandboxResponse): void {
	if (outgoing.headersSent || outgoing.destroyed) return;
	const headers: Record<string, string> = { ...(response.headers ?? {}) };
	let payload: string | undefined;
	if (response.body !== undefined && response.status !== 204) {
		if (typeof response.body === 'string') {
			payload = response.body;
			headers['content-type'] ??= 'text/plain; charset=utf-8';
		} else {
			payload = JSON.stringify(response.body);
			headers['content-type'] ??= 'application/json';
		}
	}
	outgoing.writeHead(response.status, headers);
	outgoing.end(payload);
}

/** Waits for the promises, but never longer than `ms`: a stuck handler must not block stop(). */
async function settleWithin(promises: Array<Promise<unknown>>, ms: number): Promise<void> {
	if (promises.length === 0) return;
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([Promise.allSettled(promises), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
	clearTimeout(timer);
}
