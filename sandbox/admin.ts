/**
 * The sandbox's own control API under /_sandbox: emitting events, the delivery log, registered
 * endpoints, fault injection, reset, health and the catalogue. No authentication: it binds to
 * 127.0.0.1 only.
 */
import { platformIds, platforms, type PlatformId } from '../core';
import { publicRecord, type Deliverer } from './deliveries';
import type { Emitter } from './emit';
import type { FaultSpec, FaultTable } from './faults';
import { json, parseBody, sandboxError, type RouteDefinition } from './http/server-kit';
import { publicEndpoint, type ManualEndpoints } from './manual/endpoints';
import { effectiveDelays, retryPolicies, type RetryScheduleOptions } from './retry-policies';
import type { TimerSet } from './timers';

export const ADMIN_BASE = '/_sandbox';

export interface AdminDeps {
	emitter: Emitter;
	timers: TimerSet;
	deliverer: Deliverer;
	endpoints: ManualEndpoints;
	faults: FaultTable;
	retrySchedule: RetryScheduleOptions;
	timeoutMs: (platform: PlatformId) => number;
	routes: () => Array<{ name: string; method: string; pattern: string }>;
	resolveRoute: (route: string) => string | undefined;
	reset: (options: { auth: boolean }) => void;
	health: () => Record<string, unknown>;
}

export function adminRoutes(deps: AdminDeps): RouteDefinition[] {
	const base = ADMIN_BASE;
	return [
		{
			name: 'sandbox.emit',
			method: 'POST',
			pattern: `${base}/emit`,
			handler: async (request) => {
				const body = parseBody(request);
				const result = deps.emitter.emit({
					platform: body.platform as string,
					event: body.event as string,
					data: body.data,
					id: body.id as string | undefined,
					meta: body.meta as Record<string, unknown> | undefined,
					loseResponses: body.loseResponses as number | undefined,
					retryDelaysMs: body.retryDelaysMs as number[] | undefined,
				});
				// { "wait": true } answers after every first attempt, with the records.
				if (body.wait === true) {
					const records = await result.firstAttempts;
					return json(202, { platform: result.platform, event: result.event, eventId: result.eventId, deliveries: records.map((record) => publicRecord(record)) });
				}
				return json(202, { platform: result.platform, event: result.event, eventId: result.eventId, deliveries: result.deliveries.map((record) => record.id) });
			},
		},
		{
			name: 'sandbox.deliveries.list',
			method: 'GET',
			pattern: `${base}/deliveries`,
			handler: (request) => {
				const filter = {
					platform: request.query.get('platform') ?? undefined,
					status: request.query.get('status') ?? undefined,
					event: request.query.get('event') ?? undefined,
					targetId: request.query.get('target') ?? undefined,
				};
				const details = request.query.get('details') === 'true';
				return json(200, { deliveries: deps.deliverer.list(filter).map((record) => publicRecord(record, details)) });
			},
		},
		{
			name: 'sandbox.deliveries.get',
			method: 'GET',
			pattern: `${base}/deliveries/{id}`,
			handler: (request) => {
				const record = deps.deliverer.get(request.params.id);
				if (record === undefined) throw sandboxError(404, `No delivery ${request.params.id}.`);
				return json(200, publicRecord(record, true));
			},
		},
		{
			name: 'sandbox.idle',
			method: 'GET',
			pattern: `${base}/idle`,
			handler: async (request) => {
				const timeoutMs = Number(request.query.get('timeoutMs') ?? 10_000);
				let timer: NodeJS.Timeout | undefined;
				const idle = await Promise.race([
					deps.deliverer.whenIdle().then(() => true),
					new Promise<boolean>((resolve) => {
						timer = deps.timers.after(Number.isFinite(timeoutMs) ? timeoutMs : 10_000, () => resolve(false));
					}),
				]);
				deps.timers.cancel(timer);
				return json(idle ? 200 : 408, { idle });
			},
		},
		{
			name: 'sandbox.endpoints.create',
			method: 'POST',
			pattern: `${base}/endpoints`,
			handler: (request) => json(201, publicEndpoint(deps.endpoints.register(parseBody(request)))),
		},
		{
			name: 'sandbox.endpoints.list',
			method: 'GET',
			pattern: `${base}/endpoints`,
			handler: () => json(200, { endpoints: [...deps.endpoints.all.values()].map(publicEndpoint) }),
		},
		{
			name: 'sandbox.endpoints.get',
			method: 'GET',
			pattern: `${base}/endpoints/{id}`,
			handler: (request) => json(200, publicEndpoint(deps.endpoints.get(request.params.id))),
		},
		{
			name: 'sandbox.endpoints.delete',
			method: 'DELETE',
			pattern: `${base}/endpoints/{id}`,
			handler: (request) => {
				deps.endpoints.remove(request.params.id);
				return { status: 204 };
			},
		},
		{
			name: 'sandbox.endpoints.sendExample',
			method: 'POST',
			pattern: `${base}/endpoints/{id}/send-example`,
			handler: async (request) => {
				const { firstAttempt } = deps.emitter.sendExample(request.params.id, parseBody(request).event);
				return json(200, publicRecord(await firstAttempt, true));
			},
		},
		{
			name: 'sandbox.faults.create',
			method: 'POST',
			pattern: `${base}/faults`,
			handler: (request) => json(201, deps.faults.add(parseBody(request) as unknown as FaultSpec, deps.resolveRoute)),
		},
		{ name: 'sandbox.faults.list', method: 'GET', pattern: `${base}/faults`, handler: () => json(200, { faults: deps.faults.list() }) },
		{
			name: 'sandbox.faults.clear',
			method: 'DELETE',
			pattern: `${base}/faults`,
			handler: () => {
				deps.faults.clear();
				return { status: 204 };
			},
		},
		{
			name: 'sandbox.reset',
			method: 'POST',
			pattern: `${base}/reset`,
			handler: (request) => {
				deps.reset({ auth: parseBody(request).auth === true });
				return json(200, { reset: true });
			},
		},
		{ name: 'sandbox.health', method: 'GET', pattern: `${base}/health`, handler: () => json(200, deps.health()) },
		{ name: 'sandbox.routes', method: 'GET', pattern: `${base}/routes`, handler: () => json(200, { routes: deps.routes() }) },
		{
			name: 'sandbox.catalogue',
			method: 'GET',
			pattern: `${base}/catalogue`,
			handler: (request) => {
				const only = request.query.get('platform');
				if (only !== null && !(platformIds as string[]).includes(only)) throw sandboxError(400, `"platform" must be one of ${platformIds.join(', ')}.`);
				const ids = only === null ? platformIds : [only as PlatformId];
				return json(200, {
					platforms: ids.map((id) => {
						const platform = platforms[id];
						const policy = retryPolicies[id];
						return {
							id,
							displayName: platform.displayName,
							description: platform.description,
							docsUrl: platform.docsUrl,
							subscription: platform.subscription,
							successStatus: platform.successStatus,
							secretFields: platform.secretFields,
							delivery: {
								maxAttempts: policy.maxAttempts,
								timeoutMs: deps.timeoutMs(id),
								success: policy.success,
								documentedDelaysMs: policy.delaysMs,
								sandboxDelaysMs: effectiveDelays(id, deps.retrySchedule),
								source: policy.source,
							},
							entities: platform.entities,
							events: platform.events.map(({ name, label, description, entity, volume, sample, sampleMeta }) => ({ name, label, description, entity, volume, sample, sampleMeta })),
						};
					}),
				});
			},
		},
	];
}
