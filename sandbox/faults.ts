/**
 * Injected faults: the next N calls of a route answer with an error status, arrive late, or lose
 * their connection. Used to test how a client (the n8n node, a Zapier app) handles a platform that
 * misbehaves while subscribing, activating or unsubscribing.
 */
import { randomUUID } from 'node:crypto';
import { sandboxError } from './http/server-kit';

export interface FaultSpec {
	/** A route name ("subscriptions.create") or "METHOD /pattern" as listed by GET /_sandbox/routes. */
	route: string;
	/** How many calls the fault applies to (default 1). */
	times?: number;
	/** Answer with this status instead of running the route. */
	status?: number;
	/** Body of that answer (default: a JSON error naming the fault). */
	body?: unknown;
	/** Wait this long first; without a status the route then runs normally (a slow platform). */
	delayMs?: number;
	/** Drop the connection without answering (after the delay, if any). */
	reset?: boolean;
}

export interface Fault extends Required<Pick<FaultSpec, 'route'>> {
	id: string;
	/** The route name the fault is bound to. */
	routeName: string;
	remaining: number;
	status?: number;
	body?: unknown;
	delayMs?: number;
	reset?: boolean;
}

export class FaultTable {
	private faults: Fault[] = [];

	add(spec: FaultSpec, resolveRoute: (route: string) => string | undefined): Fault {
		if (typeof spec.route !== 'string' || spec.route.trim() === '')
			throw sandboxError(400, 'A fault needs a "route": a route name or "METHOD /pattern" (GET /_sandbox/routes lists them).');
		const routeName = resolveRoute(spec.route.trim());
		if (routeName === undefined) throw sandboxError(400, `No route "${spec.route}". GET /_sandbox/routes lists the names and patterns.`);
		const times = spec.times ?? 1;
		if (!Number.isInteger(times) || times < 1) throw sandboxError(400, '"times" must be a positive integer.');
		if (spec.status !== undefined && (!Number.isInteger(spec.status) || spec.status < 100 || spec.status > 599))
			throw sandboxError(400, '"status" must be an HTTP status (100-599).');
		if (spec.delayMs !== undefined && (typeof spec.delayMs !== 'number' || spec.delayMs < 0)) throw sandboxError(400, '"delayMs" must be a number of milliseconds.');
		if (spec.status === undefined && spec.delayMs === undefined && spec.reset !== true) {
			throw sandboxError(400, 'A fault needs at least one of "status", "delayMs" or "reset": true.');
		}
		const fault: Fault = {
			id: `flt_${randomUUID()}`,
			route: spec.route,
			routeName,
			remaining: times,
			status: spec.status,
			body: spec.body,
			delayMs: spec.delayMs,
			reset: spec.reset === true ? true : undefined,
		};
		this.faults.push(fault);
		return fault;
	}

	/** The fault for this call of the route, if one is armed; counts it down. */
	take(routeName: string): Fault | undefined {
		const fault = this.faults.find((candidate) => candidate.routeName === routeName && candidate.remaining > 0);
		if (fault === undefined) return undefined;
		fault.remaining--;
		if (fault.remaining === 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
		return fault;
	}

	list(): Fault[] {
		return [...this.faults];
	}

	clear(): void {
		this.faults = [];
	}
}
