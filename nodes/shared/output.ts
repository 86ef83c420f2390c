/**
 * One n8n item per verified event. Node version 3 (the default for new nodes) emits the core's
 * envelope, the item the Zapier triggers return too (core/envelope.ts):
 *
 *   { id, event, occurredAt, platform, entity, known, verified, data, meta,
 *     headers?, resolved?, resolveError? }              options
 *
 * Versions 1 and 2 keep the flat item saved workflows were built on (toOutputItem), byte for byte:
 *
 *   { event, id, occurredAt, platform, entity, known,   envelope (always present; null when unknown)
 *     ...the event's data fields,                       spread flat when data is an object
 *     data?,                                            only when data is not an object (array, text)
 *     meta,                                             platform extras: HrFlow origin/message, SmartRecruiters link/version/signedAt, ...
 *     headers?, resolved?, resolveError? }              options
 *
 * In the flat item a data field whose name is taken by the envelope keeps its value under
 * `<entity><Name>`: a SmartRecruiters job's `id` becomes `jobId`, a PeopleForce employee's `meta`
 * becomes `employeeMeta`.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { type HeaderBag, type PlatformId, type VerifiedDelivery, type VerifiedEvent, envelopeOf } from '../../core';

/**
 * The trigger nodes' versions. 1 and 2 emit the flat item, 3 the envelope. n8n evaluates a Webhook-v1
 * option (binaryData) on every request to a version-1 webhook node of any type, an expression-isolate
 * round trip that versions 2 and 3 skip.
 */
export const TRIGGER_NODE_VERSIONS = [1, 2, 3];
/** The version new nodes get, and the first whose item is the envelope. */
export const ENVELOPE_ITEM_VERSION = 3;

export interface ItemOptions {
	/** The request's headers ("Include Headers"), credentials left out. */
	headers?: HeaderBag;
}

/**
 * The item of the delivery's event at `index` for a node of `typeVersion`: the envelope from version 3,
 * the flat item before (saved workflows keep what their expressions read).
 */
export function outputItemOf(typeVersion: number, delivery: VerifiedDelivery, index: number, verified: boolean, options: ItemOptions = {}): INodeExecutionData {
	if (typeVersion < ENVELOPE_ITEM_VERSION) return toOutputItem(delivery.events[index], options);
	const json = envelopeOf(delivery, index, verified) as unknown as IDataObject;
	if (options.headers !== undefined) json.headers = visibleHeaders(options.headers);
	return { json };
}

/** The flat item of node versions 1 and 2. */
export interface HireHooksItem extends IDataObject {
	/** The platform's own event name (TalentPools eventType, HrFlow type, PeopleForce action, SmartRecruiters event-name, ...). */
	event: string;
	/** The platform's event or delivery id (stable across retries), null when it sends none. */
	id: string | null;
	/** ISO-8601 time of the event, null when the platform does not say. */
	occurredAt: string | null;
	platform: PlatformId;
	/** The catalogue's entity kind (job, candidate, employee, ...), null for an unknown event. */
	entity: string | null;
	/** Whether the event is in the catalogue; unknown events pass through with false. */
	known: boolean;
	meta: IDataObject;
	headers?: IDataObject;
	resolved?: IDataObject | IDataObject[] | string | number | boolean | null;
	resolveError?: string;
}

/** The flat item's own keys: data fields with these names are renamed, never overwritten or lost. */
export const RESERVED_KEYS = ['event', 'id', 'occurredAt', 'platform', 'entity', 'known', 'meta', 'data', 'headers', 'resolved', 'resolveError'];

/** Headers that may carry someone's credentials; never copied into an item. */
const HIDDEN_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-hook-secret', 'x-api-key', 'x-smarttoken']);

/** The flat item of node versions 1 and 2 (see the top of this file). */
export function toOutputItem(event: VerifiedEvent, options: ItemOptions = {}): INodeExecutionData {
	const json: HireHooksItem = {
		event: event.event,
		id: event.id ?? null,
		occurredAt: event.occurredAt ?? null,
		platform: event.platform,
		entity: event.entity ?? null,
		known: event.known,
		meta: { ...event.meta } as IDataObject,
	};
	const data = event.data;
	if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
		const prefix = camelCase(event.entity ?? 'payload');
		for (const [key, value] of Object.entries(data as IDataObject)) {
			if (!RESERVED_KEYS.includes(key)) {
				json[key] = value;
				continue;
			}
			const renamed = prefix + key.charAt(0).toUpperCase() + key.slice(1);
			if (!(renamed in (data as IDataObject)) && !RESERVED_KEYS.includes(renamed)) json[renamed] = value;
			else json.data = { ...((json.data as IDataObject | undefined) ?? {}), [key]: value };
		}
	} else if (data !== undefined) {
		json.data = data as IDataObject;
	}
	if (options.headers !== undefined) json.headers = visibleHeaders(options.headers);
	return { json };
}

export function visibleHeaders(headers: HeaderBag): IDataObject {
	const visible: IDataObject = {};
	for (const [name, value] of Object.entries(headers)) {
		const key = name.toLowerCase();
		if (value === undefined || HIDDEN_HEADERS.has(key)) continue;
		visible[key] = Array.isArray(value) ? value.join(', ') : value;
	}
	return visible;
}

function camelCase(text: string): string {
	return text.replace(/[_\-\s]+([a-zA-Z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}
