/**
 * Static hook triggers (the user pastes the trigger's URL into the platform): perform verifies and
 * decrypts the raw request with the core and returns one typed item per event of the trigger's type.
 *
 * Loud where the user can fix it, quiet where an attacker knocks:
 *  - a forged, stale or unsigned delivery starts no run: perform returns [] (no Zap History entry, no
 *    task) and logs the reason to the developer's log. A HaltedError would write a Zap History entry
 *    for every request anyone sends to the URL, so a stranger who knows it could flood the history.
 *  - a delivery whose signature is valid but which cannot be decrypted or parsed came from the
 *    platform: perform throws a Zapier error naming the setting to fix, so Zap History shows it.
 *  - every delivery, refused or not, is recorded for the editor's test step (performList), which
 *    shows the last real delivery or why it was refused; a wrong secret is found there.
 * Redeliveries of an event already run start no second run (hook-memory.ts).
 */
import type { AuthField, Bundle, Trigger, ZObject } from 'zapier-platform-core';
import {
	type AnyPlatformDefinition,
	type EventDefinition,
	type EventEnvelope,
	type JsonSchema,
	type PlatformId,
	type VerifiedDelivery,
	type VerifiedEvent,
	type VerifyOptions,
	TALENTPOOLS_DEFAULT_EVENT_TOLERANCE_SECONDS,
	envelopeWithId,
	envelopesOf,
	isWebhookVerificationError,
	parseUnverifiedDelivery,
	redeliveryKeys,
	signDelivery,
	verifyDelivery,
} from '../../core';
import { standInSecrets, zapierFieldOf } from './custom-auth';
import { type LastDelivery, claimFirstSightings, hookIdentities, lastDelivery, redeliveryWindowSecondsOf, rememberLastDelivery } from './hook-memory';
import { directionsOf, mostUsedFirst, nounOf, triggerDescriptionOf, triggerKeyOf, triggerLabelOf } from './naming';
import { type OutputField, finishOutputFields, schemaFields } from './output-fields';
import { endpointFieldsOf, isVerificationOff, secretsOf, settingsToCheck } from './secrets';
import { hrFlowApiFields, resolveHrFlowEntities } from './hrflow/entity';
import { type ZapierRawRequest, deliveryFromRawRequest } from './zapier-request';

/**
 * What a hook trigger returns for each event: the core's envelope, the n8n nodes' item too
 * (core/envelope.ts). Its id is always set; it is the event's redelivery key as well.
 */
export type HookItem = EventEnvelope;

export const ANY_EVENT_KEY = 'any_event';

/** A platform's extra connection fields and the step that completes its items (HrFlow.ai fetches the full entity). */
export interface HookExtension {
	connectionFields: AuthField[];
	complete(z: ZObject, bundle: Bundle, items: HookItem[]): Promise<HookItem[]>;
}

export const hookExtensions: Partial<Record<PlatformId, HookExtension>> = {
	hrflow: { connectionFields: hrFlowApiFields, complete: resolveHrFlowEntities },
};

/**
 * Zapier queues a caught request before perform runs. The core's default window on TalentPools'
 * encrypted timestamp spans Svix's whole retry schedule, so neither that queueing nor a Svix retry
 * after an outage loses the event; the signed Svix timestamp keeps its own window (5 minutes).
 */
export const ZAPIER_EVENT_TOLERANCE_SECONDS = TALENTPOOLS_DEFAULT_EVENT_TOLERANCE_SECONDS;

/**
 * The envelope's fields (core/envelope.ts ENVELOPE_KEYS) that Zapier can map: `data` is described by the
 * event's schema, `meta` differs by platform and shows as it comes. HrFlow.ai never says when an event
 * happened, so Occurred At (always empty there) is not offered.
 */
export function hookEnvelopeFields(platform: AnyPlatformDefinition): OutputField[] {
	return [
		{ key: 'id', label: 'Event ID', type: 'string', required: true, primary: true },
		{ key: 'event', label: 'Event', type: 'string', required: true },
		...(sendsEventTime(platform) ? [{ key: 'occurredAt', label: 'Occurred At', type: 'datetime' as const }] : []),
		{ key: 'platform', label: 'Platform', type: 'string', required: true },
		{ key: 'entity', label: 'Entity', type: 'string' },
		{ key: 'known', label: 'Known Event', type: 'boolean', required: true },
		{ key: 'verified', label: 'Signature Verified', type: 'boolean', required: true },
	];
}

/** The catalogue's catch-all event (the generic sender's) takes every event name the catalogue does not list. */
export function isCatchAll(platform: AnyPlatformDefinition, event: EventDefinition): boolean {
	return platform.catchAllEvent === event.name;
}

function acceptsOf(platform: AnyPlatformDefinition, event: EventDefinition): (e: VerifiedEvent) => boolean {
	if (!isCatchAll(platform, event)) return (e) => e.event === event.name;
	const listed = new Set(platform.events.map((d) => d.name));
	return (e) => e.event === event.name || !listed.has(e.event);
}

export function hookTriggersOf(platform: AnyPlatformDefinition): Record<string, Trigger> {
	const triggers: Record<string, Trigger> = {};
	const inputFields = endpointFieldsOf(platform).map((field) => zapierFieldOf(platform, field));
	for (const event of mostUsedFirst(platform)) {
		const key = triggerKeyOf(event);
		if (triggers[key] !== undefined)
			throw new Error(`${platform.displayName}: events ${triggers[key].operation.sample?.event} and ${event.name} would share the trigger key ${key}.`);
		const sample = sampleHookItem(platform, event);
		const catchAll = isCatchAll(platform, event);
		triggers[key] = {
			key,
			noun: nounOf(platform, event),
			display: {
				label: triggerLabelOf(event),
				description: triggerDescriptionOf(platform, event),
				directions: directionsOf(platform, catchAll ? 'It runs on every event the sender delivers.' : `It runs on "${event.name}" events only.`),
			},
			operation: {
				type: 'hook',
				inputFields,
				perform: hookPerform(platform, key, acceptsOf(platform, event), event.name),
				performList: hookPerformList(platform, key),
				sample: sample as unknown as Record<string, unknown>,
				outputFields: finishOutputFields(hookEnvelopeFields(platform), schemaFields(event.schema, 'data__', event.schema.title ?? nounOf(platform, event))),
			},
		};
	}
	if (platform.events.length > 1 && triggers[ANY_EVENT_KEY] === undefined) {
		const samples = platform.events.map((event) => sampleHookItem(platform, event));
		triggers[ANY_EVENT_KEY] = {
			key: ANY_EVENT_KEY,
			noun: 'Event',
			display: {
				label: 'Any Event',
				description: `Triggers when ${platform.displayName} delivers any event, whatever its type, including types this integration does not list.`,
				directions: directionsOf(platform, 'It runs on every event type; choose the events in the platform.'),
			},
			operation: {
				type: 'hook',
				inputFields,
				perform: hookPerform(platform, ANY_EVENT_KEY, () => true, 'any event'),
				performList: hookPerformList(platform, ANY_EVENT_KEY),
				sample: samples[0] as unknown as Record<string, unknown>,
				outputFields: hookEnvelopeFields(platform),
			},
		};
	}
	return triggers;
}

type HookBundle = Bundle & { rawRequest?: ZapierRawRequest };

function hookPerform(platform: AnyPlatformDefinition, triggerKey: string, accepts: (event: VerifiedEvent) => boolean, listensTo: string) {
	return async (z: ZObject, bundle: HookBundle): Promise<HookItem[]> => {
		const identities = hookIdentities(platform, triggerKey, bundle);
		const identity = identities[0];
		const at = new Date().toISOString();
		const delivery = deliveryFromRawRequest(bundle.rawRequest);
		const options: VerifyOptions = { eventToleranceSeconds: ZAPIER_EVENT_TOLERANCE_SECONDS };
		const verificationOff = isVerificationOff(platform, bundle);
		let verified: VerifiedDelivery;
		try {
			verified = verificationOff ? parseUnverifiedDelivery(platform.id, delivery, options) : verifyDelivery(platform.id, delivery, secretsOf(platform, bundle), options);
		} catch (error) {
			if (!isWebhookVerificationError(error)) throw error;
			// The core's messages never quote a secret or the body.
			const setting = settingsToCheck(platform, error.code);
			await rememberLastDelivery(z, identities, { at, outcome: 'refused', code: error.code, message: error.message, ...(setting !== undefined ? { setting } : {}) });
			if (error.signatureVerified) {
				throw new z.errors.Error(
					`${platform.displayName} sent this delivery (its signature is valid), but it could not be read (${error.code}): ${inZapierWords(error.message)}${setting !== undefined ? ` Check ${setting}.` : ''}`,
					error.code,
					400,
				);
			}
			z.console.log(`[HireHooks] ${platform.displayName} delivery refused, no Zap run (${error.code}): ${error.message}`);
			return [];
		}
		if (verificationOff) {
			z.console.log(`[HireHooks] ${platform.displayName} delivery accepted WITHOUT signature verification: no secret is set.`);
		}
		const keys = redeliveryKeys(verified);
		const items = envelopesOf(verified, !verificationOff);
		const kept = items.flatMap((item, index) => (accepts(verified.events[index]) ? [{ item, key: keys[index] }] : []));
		if (kept.length < items.length) {
			const others = [...new Set(verified.events.filter((e) => !accepts(e)).map((e) => e.event))];
			z.console.log(`[HireHooks] ${platform.displayName} event(s) ${others.join(', ')} ignored: this trigger runs on ${listensTo}.`);
		}
		if (kept.length === 0) {
			await rememberLastDelivery(z, identities, { at, outcome: 'ignored', events: verified.events.map((e) => e.event) });
			return [];
		}
		// Loading a sample in the editor must not use up the events' keys.
		const fresh =
			bundle.meta?.isLoadingSample === true
				? kept.map(() => true)
				: await claimFirstSightings(
						z,
						identity,
						kept.map((k) => k.key),
						redeliveryWindowSecondsOf(platform),
					);
		const run = kept.filter((_k, index) => fresh[index]).map((k) => k.item);
		if (run.length < kept.length) z.console.log(`[HireHooks] ${platform.displayName}: ${kept.length - run.length} event(s) already ran (a redelivery), no second run.`);
		const extension = hookExtensions[platform.id];
		const finished = extension !== undefined ? await extension.complete(z, bundle, run) : run;
		await rememberLastDelivery(z, identities, { at, outcome: 'accepted', items: finished.length === kept.length ? finished : kept.map((k) => k.item) });
		return finished;
	};
}

/**
 * The editor's "Test trigger": the last delivery this trigger received, as items, or the reason it was
 * refused as an error that names the setting to check. Nothing received yet gives no items, and
 * Zapier offers the trigger's sample instead.
 */
function hookPerformList(platform: AnyPlatformDefinition, triggerKey: string) {
	return async (z: ZObject, bundle: Bundle): Promise<object[]> => {
		const last: LastDelivery | undefined = await lastDelivery(z, hookIdentities(platform, triggerKey, bundle));
		if (last === undefined) return [];
		if (last.outcome === 'accepted') return last.items as object[];
		if (last.outcome === 'ignored') {
			throw new z.errors.Error(
				`The last delivery to this trigger's URL (${last.at}) carried ${last.events.join(', ')}, which this trigger does not run on. Send an example of the trigger's own event, or use the Any Event trigger.`,
				'event_not_selected',
				400,
			);
		}
		throw new z.errors.Error(
			`The last delivery to this trigger's URL (${last.at}) was refused (${last.code}): ${inZapierWords(last.message)}${last.setting !== undefined ? ` Check ${last.setting}.` : ''}`,
			last.code,
			400,
		);
	};
}

/** The core speaks of "the credential" (n8n's word); on Zapier the settings are the connection's and the trigger's. */
function inZapierWords(message: string): string {
	return message.replace(/\b(in|into) the credential\b/g, '$1 the Zapier settings').replace(/\bthe credential\b/g, 'the Zapier settings');
}

/** The catalogue sample signed with stand-in secrets and read back by the core: what perform returns for it. */
function sampleThroughCore(platform: AnyPlatformDefinition, event: EventDefinition): VerifiedDelivery {
	const secrets = standInSecrets(platform);
	// Signed at the sample's own time (or a fixed one), so that the generated definition never changes between builds.
	const now = new Date(firstDateTime(event.schema, event.sample) ?? '2026-01-01T09:00:00.000Z');
	const signed = signDelivery(platform.id, { event: event.name, data: event.sample, meta: event.sampleMeta, occurredAt: now }, secrets, { now });
	return verifyDelivery(platform.id, signed, secrets, { now });
}

/** The sample's own time (postedAt, registeredAt, meta.updated_at, ...) makes the most believable time. */
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

const sendsTime = new WeakMap<AnyPlatformDefinition, boolean>();

/** Whether the platform's deliveries say when the event happened: HrFlow.ai's never do, and then Occurred At would always be empty. */
export function sendsEventTime(platform: AnyPlatformDefinition): boolean {
	let answer = sendsTime.get(platform);
	if (answer === undefined) {
		answer = platform.events.some((event) => sampleThroughCore(platform, event).occurredAt !== undefined);
		sendsTime.set(platform, answer);
	}
	return answer;
}

/** The item perform returns for the catalogue sample, with a fixed id (the platform and the trigger's key). */
export function sampleHookItem(platform: AnyPlatformDefinition, event: EventDefinition): HookItem {
	return envelopeWithId(sampleThroughCore(platform, event).events[0], `sample-${platform.id}-${triggerKeyOf(event)}`, true);
}
