/**
 * The one item every HireHooks face emits per verified event: the n8n triggers (from node version 3)
 * and the Zapier triggers return exactly this, so a workflow reads the same keys wherever it runs.
 * The event's payload stays whole under `data`, never spread beside the envelope's own keys.
 */
import type { PlatformId, VerifiedDelivery, VerifiedEvent } from './types';

export interface EventEnvelope<Data = unknown> {
	/** The event's id, stable across redeliveries: see eventIdOf. Always set (Zapier needs one to dedupe). */
	id: string;
	/** The platform's own event name (TalentPools eventType, HrFlow type, PeopleForce action, SmartRecruiters event-name, ...). */
	event: string;
	/** ISO-8601 time of the event, null when the platform does not say (HrFlow.ai). */
	occurredAt: string | null;
	platform: PlatformId;
	/** The catalogue's entity kind (job, candidate, employee, ...), null for an event the catalogue does not list. */
	entity: string | null;
	/** Whether the event is in the catalogue; unknown events pass through with false. */
	known: boolean;
	/** False only when the user switched verification off (platforms whose secret is optional). */
	verified: boolean;
	/** The event's payload as the platform sent it. */
	data: Data;
	/** Platform extras outside the payload: HrFlow origin/message, SmartRecruiters link/version/signedAt, ... */
	meta: Record<string, unknown>;
}

/** The envelope's keys, in the order items carry them. */
export const ENVELOPE_KEYS = ['id', 'event', 'occurredAt', 'platform', 'entity', 'known', 'verified', 'data', 'meta'] as const satisfies ReadonlyArray<keyof EventEnvelope>;

/**
 * The one id rule: the platform's own event id where it sends one (signed, stable across retries);
 * else the delivery's fingerprint (the digest of what the signature covers), with `#<index>` when the
 * delivery batches several events. Redelivery keys are these ids (redeliveryKeys in verify.ts).
 */
export function eventIdOf(delivery: VerifiedDelivery, index: number): string {
	const own = delivery.events[index]?.id;
	if (own !== undefined) return own;
	return delivery.events.length > 1 ? `${delivery.fingerprint}#${index}` : delivery.fingerprint;
}

/** The envelope of the delivery's event at `index`; `verified` says whether its signature was checked. */
export function envelopeOf(delivery: VerifiedDelivery, index: number, verified: boolean): EventEnvelope {
	return envelopeWithId(delivery.events[index], eventIdOf(delivery, index), verified);
}

/** One envelope per event of the delivery, in order. */
export function envelopesOf(delivery: VerifiedDelivery, verified: boolean): EventEnvelope[] {
	return delivery.events.map((_event, index) => envelopeOf(delivery, index, verified));
}

/**
 * The envelope of an event whose id is already decided: envelopeOf's, and the catalogue samples'
 * (pinned example data), which come from no delivery.
 */
export function envelopeWithId(event: VerifiedEvent, id: string, verified: boolean): EventEnvelope {
	return {
		id,
		event: event.event,
		occurredAt: event.occurredAt ?? null,
		platform: event.platform,
		entity: event.entity ?? null,
		known: event.known,
		verified,
		data: event.data,
		meta: { ...event.meta },
	};
}
