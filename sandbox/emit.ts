/**
 * Emitting an event: what happens on a platform when a job is posted or an employee is created.
 * The event goes to every matching SmartRecruiters subscription or registered endpoint, with the
 * catalogue sample as its data unless the caller gives data.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { platformIds, platforms, type EventDefinition, type PlatformId } from '../core';
import type { DeliveryRecord } from './deliveries';
import { sandboxError } from './http/server-kit';
import type { ManualEndpoints } from './manual/endpoints';
import type { EntityStore } from './smartrecruiters/entities';
import type { SmartRecruitersWebhooks } from './smartrecruiters/subscriptions';

export interface EmitInput {
	platform: string;
	event: string;
	/** Defaults to the catalogue sample of the event. */
	data?: unknown;
	/** The event id (SmartRecruiters event-id, Svix message id); unique per emit when absent. */
	id?: string;
	/** Envelope extras: SmartRecruiters { version, link }, HrFlow { origin, message }. */
	meta?: Record<string, unknown>;
	/** Faults: lose this many of the receiver's answers per delivery, so the platform redelivers (DeliveryRecord.loseResponses). */
	loseResponses?: number;
	/** Delays in ms before each retry of these deliveries (the last repeats), instead of the platform's schedule. */
	retryDelaysMs?: number[];
}

export interface EmitResult {
	platform: PlatformId;
	event: string;
	eventId: string;
	deliveries: DeliveryRecord[];
	/** Settles when every delivery has made its first attempt. */
	firstAttempts: Promise<DeliveryRecord[]>;
}

export interface EmitterDeps {
	endpoints: ManualEndpoints;
	smartRecruiters: SmartRecruitersWebhooks;
	entities: EntityStore;
	baseUrl: () => string;
	now: () => number;
	log: (line: string) => void;
}

/** Ids in each platform's own style. */
function newEventId(platform: PlatformId): string {
	if (platform === 'smartrecruiters') return randomUUID();
	if (platform === 'talentpools') return `msg_${randomBytes(12).toString('base64url')}`;
	return `evt_${randomUUID()}`;
}

export function catalogueEvent(platform: PlatformId, event: string): EventDefinition | undefined {
	return platforms[platform].events.find((definition) => definition.name === event);
}

export class Emitter {
	constructor(private readonly deps: EmitterDeps) {}

	emit(input: EmitInput): EmitResult {
		const platform = input.platform;
		if (typeof platform !== 'string' || !(platformIds as string[]).includes(platform)) throw sandboxError(400, `"platform" must be one of ${platformIds.join(', ')}.`);
		const id = platform as PlatformId;
		if (typeof input.event !== 'string' || input.event === '') throw sandboxError(400, '"event" is required: an event name of the platform (GET /_sandbox/catalogue lists them).');
		const definition = catalogueEvent(id, input.event);
		if (definition === undefined && input.data === undefined) {
			throw sandboxError(400, `${platforms[id].displayName} has no catalogue event "${input.event}", so there is no sample to send: pass "data" to emit an uncatalogued event.`);
		}
		if (input.id !== undefined && (typeof input.id !== 'string' || input.id === '')) throw sandboxError(400, '"id" must be a non-empty string.');
		if (input.meta !== undefined && (input.meta === null || typeof input.meta !== 'object')) throw sandboxError(400, '"meta" must be an object.');
		if (input.loseResponses !== undefined && (!Number.isInteger(input.loseResponses) || input.loseResponses < 0 || input.loseResponses > 50)) {
			throw sandboxError(400, '"loseResponses" must be an integer from 0 to 50: how many answers of each delivery the platform loses before it sees one.');
		}
		if (
			input.retryDelaysMs !== undefined &&
			(!Array.isArray(input.retryDelaysMs) || input.retryDelaysMs.length === 0 || input.retryDelaysMs.some((ms) => typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0))
		) {
			throw sandboxError(400, '"retryDelaysMs" must be a non-empty array of delays in milliseconds (the last one repeats).');
		}

		const eventId = input.id ?? newEventId(id);
		const data = input.data !== undefined ? input.data : structuredClone(definition!.sample);
		const meta = { ...(definition?.sampleMeta ?? {}), ...(input.meta ?? {}) };
		const occurredAt = new Date(this.deps.now()).toISOString();

		let started: Array<{ record: DeliveryRecord; firstAttempt: Promise<DeliveryRecord> }>;
		if (id === 'smartrecruiters') {
			const linkPath = this.deps.entities.remember(input.event, data);
			const link = typeof meta.link === 'string' ? meta.link : linkPath === undefined ? undefined : `${this.deps.baseUrl()}${linkPath}`;
			started = this.deps.smartRecruiters.notify({
				event: input.event,
				data,
				eventId,
				version: typeof input.meta?.version === 'string' ? input.meta.version : undefined,
				link,
			});
		} else {
			started = this.deps.endpoints.matching(id, input.event).map((endpoint) => this.deps.endpoints.deliver(endpoint, { event: input.event, data, id: eventId, occurredAt, meta }));
		}
		// Set before any first attempt can finish: each one awaits its signed request first.
		for (const { record } of started) {
			if (input.loseResponses !== undefined && input.loseResponses > 0) record.loseResponses = input.loseResponses;
			if (input.retryDelaysMs !== undefined) record.retryDelaysMs = [...input.retryDelaysMs];
		}
		this.deps.log(`emit ${id} ${input.event} (${eventId}) → ${started.length} deliver${started.length === 1 ? 'y' : 'ies'}`);
		return {
			platform: id,
			event: input.event,
			eventId,
			deliveries: started.map((delivery) => delivery.record),
			firstAttempts: Promise.all(started.map((delivery) => delivery.firstAttempt)),
		};
	}

	/** The Testing tab's "Send Example": the catalogue sample to one endpoint, whatever its filter. */
	sendExample(endpointId: string, event: unknown): { record: DeliveryRecord; firstAttempt: Promise<DeliveryRecord> } {
		const endpoint = this.deps.endpoints.get(endpointId);
		const definition = platforms[endpoint.platform];
		const name = event === undefined ? (endpoint.events[0] ?? definition.events[0].name) : event;
		const example = typeof name === 'string' ? catalogueEvent(endpoint.platform, name) : undefined;
		if (example === undefined) throw sandboxError(400, `"event" must be a ${definition.displayName} catalogue event: ${definition.events.map((known) => known.name).join(', ')}.`);
		return this.deps.endpoints.deliver(
			endpoint,
			{
				event: example.name,
				data: structuredClone(example.sample),
				id: newEventId(endpoint.platform),
				occurredAt: new Date(this.deps.now()).toISOString(),
				meta: example.sampleMeta,
			},
			true,
		);
	}
}
