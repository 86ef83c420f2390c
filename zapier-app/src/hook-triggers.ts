/**
 * Static hook triggers (the user pastes the trigger's URL into the platform): perform verifies and
 * decrypts the raw request with the core, and returns one typed item per event of the trigger's type.
 * A delivery the core refuses starts no Zap run: perform returns [] and logs the reason.
 */
import { createHash } from 'node:crypto';
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import {
	type EventDefinition,
	type JsonSchema,
	type PlatformDefinition,
	type VerifiedDelivery,
	type VerifiedEvent,
	type VerifyOptions,
	TALENTPOOLS_DEFAULT_EVENT_TOLERANCE_SECONDS,
	isWebhookVerificationError,
	parseUnverifiedDelivery,
	signDelivery,
	verifyDelivery,
} from '../../core';
import { directionsOf, nounOf, triggerDescriptionOf, triggerKeyOf, triggerLabelOf } from './naming';
import { type OutputField, finishOutputFields, schemaFields } from './output-fields';
import { isVerificationOff, secretsFromAuthData } from './secrets';
import { type ZapierRawRequest, deliveryFromRawRequest } from './zapier-request';

/** What a hook trigger returns for each event. */
export interface HookItem {
	/** The platform's event id (stable across retries), else the SHA-256 of the raw body. */
	id: string;
	event: string;
	occurredAt: string | null;
	/** False only when the user left an optional secret empty (PeopleForce, generic sender). */
	verified: boolean;
	data: unknown;
}

export const ANY_EVENT_KEY = 'any_event';

/**
 * Zapier queues a caught request before perform runs. The core's default window on TalentPools'
 * encrypted timestamp spans Svix's whole retry schedule, so neither that queueing nor a Svix retry
 * after an outage loses the event; the signed Svix timestamp keeps its own window (5 minutes).
 */
export const ZAPIER_EVENT_TOLERANCE_SECONDS = TALENTPOOLS_DEFAULT_EVENT_TOLERANCE_SECONDS;

export const hookEnvelopeFields: OutputField[] = [
	{ key: 'id', label: 'Event ID', type: 'string', required: true, primary: true },
	{ key: 'event', label: 'Event', type: 'string', required: true },
	{ key: 'occurredAt', label: 'Occurred At', type: 'datetime' },
	{ key: 'verified', label: 'Signature Verified', type: 'boolean', required: true },
];

/** The catalogue's catch-all event (the generic sender's) takes every event name the catalogue does not list. */
export function isCatchAll(platform: PlatformDefinition<any>, event: EventDefinition): boolean {
	return platform.catchAllEvent === event.name;
}

function acceptsOf(platform: PlatformDefinition<any>, event: EventDefinition): (e: VerifiedEvent) => boolean {
	if (!isCatchAll(platform, event)) return (e) => e.event === event.name;
	const listed = new Set(platform.events.map((d) => d.name));
	return (e) => e.event === event.name || !listed.has(e.event);
}

export function hookTriggersOf(platform: PlatformDefinition<any>): Record<string, Trigger> {
	const triggers: Record<string, Trigger> = {};
	for (const event of platform.events) {
		const key = triggerKeyOf(event);
		if (triggers[key] !== undefined) throw new Error(`${platform.displayName}: events ${triggers[key].operation.sample?.event} and ${event.name} would share the trigger key ${key}.`);
		const accepts = acceptsOf(platform, event);
		const sample = sampleHookItem(platform, event);
		triggers[key] = {
			key,
			noun: nounOf(platform, event),
			display: {
				label: triggerLabelOf(event),
				description: triggerDescriptionOf(event),
				directions: directionsOf(
					platform,
					isCatchAll(platform, event) ? 'This trigger runs on every event the sender delivers.' : `This trigger runs on "${event.name}" events; other events are ignored.`,
				),
			},
			operation: {
				type: 'hook',
				perform: hookPerform(platform, accepts, event.name),
				performList: () => [sample],
				sample: sample as unknown as Record<string, unknown>,
				outputFields: finishOutputFields(hookEnvelopeFields, schemaFields(event.schema, 'data__', event.schema.title ?? nounOf(platform, event))),
			},
		};
	}
	if (platform.events.length > 1 && triggers[ANY_EVENT_KEY] === undefined) {
		const samples = platform.events.map((event) => sampleHookItem(platform, event));
		triggers[ANY_EVENT_KEY] = {
			key: ANY_EVENT_KEY,
			noun: 'Event',
			display: {
				label: 'New Event (Any Type)',
				description: `Triggers on every verified ${platform.displayName} delivery, whatever its event type, including types this integration does not list.`,
				directions: directionsOf(platform, 'This trigger runs on every event type; choose the events in the platform.'),
			},
			operation: {
				type: 'hook',
				perform: hookPerform(platform, () => true, 'any'),
				performList: () => samples,
				sample: samples[0] as unknown as Record<string, unknown>,
				outputFields: hookEnvelopeFields,
			},
		};
	}
	return triggers;
}

function hookPerform(platform: PlatformDefinition<any>, accepts: (event: VerifiedEvent) => boolean, listensTo: string) {
	return (z: ZObject, bundle: Bundle): HookItem[] => {
		const delivery = deliveryFromRawRequest((bundle as Bundle & { rawRequest?: ZapierRawRequest }).rawRequest);
		const options: VerifyOptions = { eventToleranceSeconds: ZAPIER_EVENT_TOLERANCE_SECONDS };
		const verificationOff = isVerificationOff(platform, bundle.authData);
		let verified: VerifiedDelivery;
		try {
			verified = verificationOff
				? parseUnverifiedDelivery(platform.id, delivery, options)
				: verifyDelivery(platform.id, delivery, secretsFromAuthData(platform, bundle.authData), options);
		} catch (error) {
			if (!isWebhookVerificationError(error)) throw error;
			// The core's messages never quote a secret or the body.
			z.console.log(`[HireHooks] ${platform.displayName} delivery refused, no Zap run (${error.code}): ${error.message}`);
			return [];
		}
		if (verificationOff) {
			z.console.log(`[HireHooks] ${platform.displayName} delivery accepted WITHOUT signature verification: the connection has no secret.`);
		}
		const items = hookItemsOf(verified, !verificationOff);
		const kept = items.filter((_, i) => accepts(verified.events[i]));
		if (kept.length < items.length) {
			const others = [...new Set(verified.events.filter((e) => !accepts(e)).map((e) => e.event))];
			z.console.log(`[HireHooks] ${platform.displayName} event(s) ${others.join(', ')} ignored: this trigger runs on ${listensTo}.`);
		}
		return kept;
	};
}

/** One item per event of a verified delivery, in order; batched events get the fingerprint and their index. */
export function hookItemsOf(verified: VerifiedDelivery, signatureVerified: boolean): HookItem[] {
	const batched = verified.events.length > 1;
	return verified.events.map((event, index) => ({
		id: event.id ?? (batched ? `${verified.fingerprint}:${index}` : verified.fingerprint),
		event: event.event,
		occurredAt: event.occurredAt ?? null,
		verified: signatureVerified,
		data: event.data,
	}));
}

/**
 * The item perform would return for the catalogue sample. Where the core can read a delivery without a
 * secret (PeopleForce, the generic sender) the sample goes through it, so event name and time are the
 * core's own (the generic sender's payload names its event); elsewhere the sample's own time stands in.
 */
export function sampleHookItem(platform: PlatformDefinition<any>, event: EventDefinition): HookItem {
	const parsed = sampleThroughCore(platform, event);
	return {
		id: createHash('sha256').update(`${platform.id}:${event.name}`).digest('hex'),
		event: parsed?.event ?? event.name,
		occurredAt: parsed !== undefined ? (parsed.occurredAt ?? null) : (firstDateTime(event.schema, event.sample) ?? null),
		verified: true,
		data: parsed?.data ?? event.sample,
	};
}

function sampleThroughCore(platform: PlatformDefinition<any>, event: EventDefinition): VerifiedEvent | undefined {
	if (platform.parseUnverified === undefined) return undefined;
	try {
		const unsigned = signDelivery(platform.id, { event: event.name, data: event.sample, meta: event.sampleMeta }, {});
		return parseUnverifiedDelivery(platform.id, unsigned).events[0];
	} catch {
		return undefined;
	}
}

/** The sample's own time (postedAt, registeredAt, meta.updated_at, ...) makes the most believable occurredAt. */
function firstDateTime(schema: JsonSchema, value: unknown): string | undefined {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
	for (const [key, child] of Object.entries(schema.properties ?? {})) {
		const v = (value as Record<string, unknown>)[key];
		if (child.format === 'date-time' && typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
		const nested = firstDateTime(child, v);
		if (nested !== undefined) return nested;
	}
	return undefined;
}
