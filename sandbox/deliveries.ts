/**
 * The delivery engine and its log. A delivery is one event to one target (a SmartRecruiters
 * subscription or a registered endpoint); each attempt asks its plan for a freshly signed request,
 * because platforms re-sign every attempt with a new timestamp while keeping the event id.
 */
import { randomUUID } from 'node:crypto';
import type { PlatformId } from '../core';
import type { Outbound, OutboundRequest, OutboundResult } from './http/outbound';
import { delayBeforeAttempt } from './retry-policies';
import type { TimerSet } from './timers';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

export interface AttemptRequest {
	url: string;
	method: string;
	headers: Record<string, string>;
	body: string;
}

export interface DeliveryAttempt {
	number: number;
	/** ISO time the attempt started. */
	at: string;
	/** The receiver's HTTP status, when it answered. */
	status?: number;
	latencyMs: number;
	ok: boolean;
	error?: string;
	/** Exactly what was sent (for callbacks-log and debugging). */
	request: AttemptRequest;
	/** The start of the receiver's answer. */
	responseBody?: string;
	/** The receiver answered, but the platform lost the answer (emit option `loseResponses`) and retries. */
	responseLost?: boolean;
}

export interface DeliveryTarget {
	type: 'subscription' | 'endpoint';
	id: string;
	url: string;
}

export interface DeliveryRecord {
	id: string;
	platform: PlatformId;
	event: string;
	/** The event's id, the same on every attempt (and on the wire where the platform sends one). */
	eventId: string;
	target: DeliveryTarget;
	/** Sent from the endpoint's Testing tab ("Send Example"), not by an emitted event. */
	example: boolean;
	createdAt: string;
	status: DeliveryStatus;
	maxAttempts: number;
	attempts: DeliveryAttempt[];
	nextAttemptAt?: string;
	/**
	 * Emit option: this many of the receiver's answers are lost on the way back, as when the
	 * platform times out or the connection drops after the request went out. The receiver did its
	 * work; the platform counts the attempt failed and redelivers the same event id, re-signed.
	 */
	loseResponses?: number;
	/** Emit option: the delays before each retry of this delivery (the last repeats), instead of the platform's. */
	retryDelaysMs?: number[];
}

export interface DeliveryPlan {
	platform: PlatformId;
	event: string;
	eventId: string;
	target: DeliveryTarget;
	example?: boolean;
	maxAttempts: number;
	/** Compressed delays in ms before retry n. */
	delaysMs: number[];
	timeoutMs: number;
	isSuccess(status: number): boolean;
	/** Why a status is a failure, in the platform's terms. */
	describeFailure(status: number): string;
	/** Signs the request for attempt `number` at time `now`. */
	request(number: number, now: Date): Promise<Omit<OutboundRequest, 'timeoutMs'>> | Omit<OutboundRequest, 'timeoutMs'>;
}

/** The log keeps the most recent deliveries; older ones are dropped first. */
const MAX_LOGGED_DELIVERIES = 5000;

export class Deliverer {
	private readonly records: DeliveryRecord[] = [];
	private readonly byId = new Map<string, DeliveryRecord>();
	private readonly retryTimers = new Map<string, NodeJS.Timeout>();
	private running = 0;
	private idleWaiters: Array<() => void> = [];
	private stopped = false;
	/** While set, attempts wait for it before going on the wire (see hold()). */
	private held: Promise<void> | undefined;
	private releaseHeld: (() => void) | undefined;
	private waitingOnHold = 0;
	private drainWaiters: Array<() => void> = [];

	constructor(
		private readonly outbound: Outbound,
		private readonly timers: TimerSet,
		private readonly now: () => number,
		private readonly log: (line: string) => void,
	) {}

	/** Starts a delivery; the promise settles after its first attempt. */
	start(plan: DeliveryPlan): { record: DeliveryRecord; firstAttempt: Promise<DeliveryRecord> } {
		const record: DeliveryRecord = {
			id: `dlv_${randomUUID()}`,
			platform: plan.platform,
			event: plan.event,
			eventId: plan.eventId,
			target: plan.target,
			example: plan.example ?? false,
			createdAt: new Date(this.now()).toISOString(),
			status: 'pending',
			maxAttempts: plan.maxAttempts,
			attempts: [],
		};
		this.records.push(record);
		this.byId.set(record.id, record);
		while (this.records.length > MAX_LOGGED_DELIVERIES) this.byId.delete(this.records.shift()!.id);
		return { record, firstAttempt: this.attempt(record, plan).then(() => record) };
	}

	get(id: string): DeliveryRecord | undefined {
		return this.byId.get(id);
	}

	list(filter: { platform?: string; status?: string; event?: string; targetId?: string } = {}): DeliveryRecord[] {
		return this.records.filter(
			(record) =>
				(filter.platform === undefined || record.platform === filter.platform) &&
				(filter.status === undefined || record.status === filter.status) &&
				(filter.event === undefined || record.event === filter.event) &&
				(filter.targetId === undefined || record.target.id === filter.targetId),
		);
	}

	/** Stops the pending retries of the deliveries that match (a deleted subscription or endpoint). */
	cancelWhere(matches: (record: DeliveryRecord) => boolean): void {
		for (const record of this.records) {
			if (record.status !== 'pending' || !matches(record)) continue;
			record.status = 'cancelled';
			delete record.nextAttemptAt;
			this.timers.cancel(this.retryTimers.get(record.id));
			this.retryTimers.delete(record.id);
		}
		this.checkIdle();
	}

	/** Forgets the whole log (reset); pending retries are cancelled first. */
	clear(): void {
		this.cancelWhere(() => true);
		this.records.length = 0;
		this.byId.clear();
	}

	/** Resolves when no attempt is running and no retry is scheduled. */
	whenIdle(): Promise<void> {
		if (this.isIdle()) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	/**
	 * Holds every new attempt (first ones and retries) until resume(), as a load balancer drains a
	 * backend before it is restarted; resolves once no attempt is on the wire. What an operator does
	 * before restarting n8n under load: n8n 2.41 keeps answering webhooks during its own shutdown
	 * and may drop runs it registered in that window.
	 */
	hold(): Promise<void> {
		if (this.held === undefined) this.held = new Promise((resolve) => (this.releaseHeld = resolve));
		if (this.running === 0) return Promise.resolve();
		return new Promise((resolve) => this.drainWaiters.push(resolve));
	}

	/** Lets held attempts go on (see hold()). */
	resume(): void {
		this.releaseHeld?.();
		this.held = undefined;
		this.releaseHeld = undefined;
	}

	/** No new attempt starts after this; in-flight ones are aborted by the caller's Outbound. */
	stop(): void {
		this.stopped = true;
		this.resume();
		this.cancelWhere(() => true);
	}

	/** After a stop, for a sandbox that starts again. */
	reopen(): void {
		this.stopped = false;
	}

	private async attempt(record: DeliveryRecord, plan: DeliveryPlan): Promise<void> {
		this.retryTimers.delete(record.id);
		delete record.nextAttemptAt;
		if (this.held !== undefined) {
			this.waitingOnHold++;
			try {
				await this.held;
			} finally {
				this.waitingOnHold--;
			}
		}
		if (this.stopped || record.status !== 'pending') return this.checkIdle();
		this.running++;
		try {
			const number = record.attempts.length + 1;
			const startedAt = this.now();
			let request: Omit<OutboundRequest, 'timeoutMs'> | undefined;
			let buildError: string | undefined;
			try {
				request = await plan.request(number, new Date(startedAt));
			} catch (error) {
				// Counted as a failed attempt: a callback OAuth token service may be back on the retry.
				buildError = `could not build the request: ${error instanceof Error ? error.message : String(error)}`;
			}
			const result: OutboundResult =
				request === undefined ? { headers: {}, body: '', latencyMs: 0, error: buildError } : await this.outbound.send({ ...request, timeoutMs: plan.timeoutMs });
			const lost = result.status !== undefined && record.attempts.filter((earlier) => earlier.responseLost === true).length < (record.loseResponses ?? 0);
			const ok = !lost && result.status !== undefined && plan.isSuccess(result.status);
			const sent = request ?? { url: plan.target.url, method: 'POST', headers: {}, body: '' };
			const attempt: DeliveryAttempt = {
				number,
				at: new Date(startedAt).toISOString(),
				status: result.status,
				latencyMs: result.latencyMs,
				ok,
				error: ok
					? undefined
					: lost
						? `the receiver answered ${result.status}, but the answer was lost on the way back (emit option loseResponses): retried as after a timeout`
						: (result.error ?? plan.describeFailure(result.status ?? 0)),
				request: { url: sent.url, method: sent.method, headers: sent.headers, body: sent.body ?? '' },
				responseBody: result.body === '' ? undefined : result.body.slice(0, 2000),
			};
			if (lost) attempt.responseLost = true;
			record.attempts.push(attempt);
			this.log(`${plan.platform} ${plan.event} → ${sent.url} attempt ${number}/${plan.maxAttempts}: ${result.status ?? '-'} ${ok ? 'ok' : attempt.error} (${result.latencyMs} ms)`);

			if (record.status !== 'pending') return;
			if (ok) record.status = 'delivered';
			else if (result.aborted === true || this.stopped) record.status = 'cancelled';
			else if (number >= plan.maxAttempts) record.status = 'failed';
			else {
				const delay = delayBeforeAttempt(record.retryDelaysMs ?? plan.delaysMs, number);
				record.nextAttemptAt = new Date(this.now() + delay).toISOString();
				this.retryTimers.set(
					record.id,
					this.timers.after(delay, () => void this.attempt(record, plan)),
				);
			}
		} finally {
			this.running--;
			this.checkIdle();
		}
	}

	private isIdle(): boolean {
		return this.running === 0 && this.retryTimers.size === 0 && this.waitingOnHold === 0;
	}

	private checkIdle(): void {
		if (this.running === 0 && this.drainWaiters.length > 0) {
			const drained = this.drainWaiters;
			this.drainWaiters = [];
			for (const resolve of drained) resolve();
		}
		if (!this.isIdle()) return;
		const waiters = this.idleWaiters;
		this.idleWaiters = [];
		for (const resolve of waiters) resolve();
	}
}

/** A record as the admin API shows it: request bodies only when asked for. */
export function publicRecord(record: DeliveryRecord, details = false): Record<string, unknown> {
	return {
		...record,
		url: record.target.url,
		attempts: record.attempts.map(({ request, responseBody, ...attempt }) => (details ? { ...attempt, request, responseBody } : attempt)),
	};
}
