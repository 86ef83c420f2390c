/**
 * The library's front door: verifyDelivery / signDelivery / recognizeHandshake for any platform.
 * Whatever the input, verifyDelivery either returns verified events or throws a
 * WebhookVerificationError with a code; nothing else escapes.
 */
import { createHash } from 'node:crypto';
import { attempt } from './attempt';
import { normalizeDelivery } from './delivery';
import { eventIdOf } from './envelope';
import { WebhookVerificationError } from './errors';
import { checkBodySize, checkedVerifyOptions } from './options';
import { platforms } from './platforms';
import { ROTATION_RETRY_CODES, rotationAlternatives } from './secrets';
import type {
	AnyPlatformDefinition,
	DefinitionOf,
	Delivery,
	EventDefinition,
	HandshakeResponse,
	NormalizedDelivery,
	ParsedEvent,
	PlatformId,
	PlatformRef,
	SignInput,
	SignSecretsOf,
	SignOptions,
	SignedDelivery,
	VerifiedDelivery,
	VerifiedEvent,
	VerifyOptions,
	VerifySecretsOf,
} from './types';

/**
 * The definition of a platform: the registry's entry for an id, the definition itself when given one.
 * A string from outside (a CLI argument, JavaScript) is checked here: unknown ids throw unknown_platform.
 */
export function getPlatform<P extends PlatformRef>(platform: P): DefinitionOf<P>;
export function getPlatform(id: string): AnyPlatformDefinition;
export function getPlatform(ref: PlatformRef | string): AnyPlatformDefinition {
	if (typeof ref === 'object' && ref !== null && typeof ref.verify === 'function') return ref;
	const platform = typeof ref === 'string' && Object.prototype.hasOwnProperty.call(platforms, ref) ? platforms[ref as PlatformId] : undefined;
	if (platform === undefined) {
		throw new WebhookVerificationError('unknown_platform', `Unknown platform "${String(ref).slice(0, 40)}"; known: ${Object.keys(platforms).join(', ')}.`);
	}
	return platform;
}

/** Verified events, or a WebhookVerificationError; the secrets are checked against platform P's own type. */
export function verifyDelivery<P extends PlatformRef>(platformRef: P, delivery: Delivery, secrets: VerifySecretsOf<P>, options: VerifyOptions = {}): VerifiedDelivery {
	const received = receiveDelivery(platformRef, delivery, secrets, options);
	if (received.kind === 'events') return received.verified;
	throw new WebhookVerificationError(
		'handshake_not_event',
		`This is ${getPlatform(platformRef).displayName}'s handshake (a subscription or verification request), not an event: answer it with receiveDelivery() or recognizeHandshake().`,
	);
}

/** What arrived: verified events, or a request to answer instead of running (a handshake). */
export type ReceivedDelivery = { kind: 'events'; verified: VerifiedDelivery } | { kind: 'handshake'; handshake: HandshakeResponse };

/**
 * verifyDelivery for a receiver that can answer requests itself: handshakes come back as
 * { kind: 'handshake' } instead of an error. A signed handshake (Slack's url_verification) is
 * answered only once it verified; a forged one is refused like any forged delivery.
 */
export function receiveDelivery<P extends PlatformRef>(platformRef: P, delivery: Delivery, secrets: VerifySecretsOf<P>, options: VerifyOptions = {}): ReceivedDelivery {
	return guarded(() => {
		const platform: AnyPlatformDefinition = getPlatform(platformRef);
		const checked = checkedVerifyOptions(options);
		const normalized = normalizeDelivery(delivery);
		checkBodySize(normalized, platform, checked);
		const unsigned = platform.handshake?.(normalized);
		if (unsigned !== undefined) return { kind: 'handshake', handshake: unsigned };
		const outcome = verifyWithRotation(platform, normalized, secrets ?? {}, checked);
		const signed = platform.verifiedHandshake?.(normalized, outcome.secrets, outcome.events);
		if (signed !== undefined) return { kind: 'handshake', handshake: signed };
		return { kind: 'events', verified: toVerifiedDelivery(platform, normalized, outcome.events) };
	});
}

/**
 * The platform's verify with the current secrets, then (only when that fails in a way another secret
 * could fix) with the previous secrets of a rotation: both are accepted until the user clears the old one.
 */
function verifyWithRotation(platform: AnyPlatformDefinition, delivery: NormalizedDelivery, secrets: unknown, options: VerifyOptions): { events: ParsedEvent[]; secrets: unknown } {
	// The current secrets are tried without attempt()'s closure and result object: this is every call's path.
	let failure: unknown;
	try {
		return { events: platform.verify(delivery, secrets, options), secrets };
	} catch (error) {
		failure = error;
	}
	if (!isRotationRetry(failure)) throw failure;
	for (const alternative of rotationAlternatives(platform.secretFields, secrets)) {
		const previous = attempt(() => platform.verify(delivery, alternative, options));
		if (previous.ok) return { events: previous.value, secrets: alternative };
		if (!isRotationRetry(previous.error)) throw previous.error;
	}
	throw failure;
}

function isRotationRetry(error: unknown): boolean {
	return error instanceof WebhookVerificationError && ROTATION_RETRY_CODES.has(error.code);
}

/**
 * For users who explicitly switched verification off (platforms whose secret is optional): the same
 * parsing and typing, no signature check.
 */
export function parseUnverifiedDelivery(platformRef: PlatformRef, delivery: Delivery, options: VerifyOptions = {}): VerifiedDelivery {
	return guarded(() => {
		const platform: AnyPlatformDefinition = getPlatform(platformRef);
		if (platform.parseUnverified === undefined) {
			throw new WebhookVerificationError('missing_secret', `${platform.displayName} deliveries cannot be read without their secret.`);
		}
		const checked = checkedVerifyOptions(options);
		const normalized = normalizeDelivery(delivery);
		checkBodySize(normalized, platform, checked);
		return toVerifiedDelivery(platform, normalized, platform.parseUnverified(normalized, checked));
	});
}

/**
 * The answer to a platform's handshake, or undefined for an event. Without secrets only unsigned
 * handshakes (SmartRecruiters' X-Hook-Secret) are recognised; with them, also signed ones that verify.
 */
export function recognizeHandshake<P extends PlatformRef>(
	platformRef: P,
	delivery: Delivery,
	secrets?: VerifySecretsOf<P>,
	options: VerifyOptions = {},
): HandshakeResponse | undefined {
	return guarded(() => {
		const platform: AnyPlatformDefinition = getPlatform(platformRef);
		const normalized = normalizeDelivery(delivery);
		const unsigned = platform.handshake?.(normalized);
		if (unsigned !== undefined || secrets === undefined || platform.verifiedHandshake === undefined) return unsigned;
		const checked = checkedVerifyOptions(options);
		checkBodySize(normalized, platform, checked);
		const outcome = attempt(() => verifyWithRotation(platform, normalized, secrets, checked));
		if (outcome.ok) return platform.verifiedHandshake(normalized, outcome.value.secrets, outcome.value.events);
		if (outcome.error instanceof WebhookVerificationError) return undefined;
		throw outcome.error;
	});
}

/** A delivery as platform P sends it (tests, the sandbox); the secrets are checked against P's own sign type. */
export function signDelivery<P extends PlatformRef>(platformRef: P, input: SignInput, secrets: SignSecretsOf<P>, options: SignOptions = {}): SignedDelivery {
	const platform: AnyPlatformDefinition = getPlatform(platformRef);
	return platform.sign(input, secrets, options);
}

const eventIndexes = new WeakMap<AnyPlatformDefinition, Map<string, EventDefinition>>();

function catalogueEntry(platform: AnyPlatformDefinition, name: string): EventDefinition | undefined {
	let index = eventIndexes.get(platform);
	if (index === undefined) {
		index = new Map(platform.events.map((e) => [e.name, e]));
		eventIndexes.set(platform, index);
	}
	return index.get(name) ?? (platform.catchAllEvent === undefined ? undefined : index.get(platform.catchAllEvent));
}

/** Catalogue facts for one parsed event. Unknown events pass through with known: false. */
export function describeEvent(platformRef: PlatformRef, parsed: ParsedEvent): VerifiedEvent {
	const platform: AnyPlatformDefinition = getPlatform(platformRef);
	const definition = catalogueEntry(platform, parsed.event);
	const meta: Record<string, unknown> = {};
	for (const key in parsed.meta) if (parsed.meta[key] !== undefined) meta[key] = parsed.meta[key];
	return {
		platform: platform.id,
		event: parsed.event,
		id: parsed.id,
		occurredAt: parsed.occurredAt,
		entity: definition?.entity,
		known: definition !== undefined,
		data: parsed.data,
		meta,
	};
}

function toVerifiedDelivery(platform: AnyPlatformDefinition, delivery: NormalizedDelivery, parsed: ParsedEvent[]): VerifiedDelivery {
	return new VerifiedDeliveryResult(
		parsed.map((p) => describeEvent(platform, p)),
		parsed[0]?.signedContent ?? delivery.raw,
	);
}

/**
 * A plain-data result whose fingerprint (the digest of what the signature covers) is hashed on first
 * read only (most callers dedupe by the platform's own id and never need it); toJSON includes it, so
 * logs and items still carry it.
 */
class VerifiedDeliveryResult implements VerifiedDelivery {
	platform: PlatformId;
	event: string;
	id?: string;
	occurredAt?: string;
	entity?: string;
	known: boolean;
	data: unknown;
	meta: Record<string, unknown>;
	events: VerifiedEvent[];
	#signed: Buffer | string | Array<Buffer | string>;
	#fingerprint?: string;

	constructor(events: VerifiedEvent[], signed: Buffer | string | Array<Buffer | string>) {
		const first = events[0];
		this.platform = first.platform;
		this.event = first.event;
		this.id = first.id;
		this.occurredAt = first.occurredAt;
		this.entity = first.entity;
		this.known = first.known;
		this.data = first.data;
		this.meta = first.meta;
		this.events = events;
		this.#signed = signed;
	}

	get fingerprint(): string {
		if (this.#fingerprint === undefined) {
			const hash = createHash('sha256');
			for (const part of Array.isArray(this.#signed) ? this.#signed : [this.#signed]) hash.update(part);
			this.#fingerprint = hash.digest('hex');
		}
		return this.#fingerprint;
	}

	toJSON(): Record<string, unknown> {
		return { ...(this as object), fingerprint: this.fingerprint };
	}
}

/**
 * One key per event of a verified delivery that stays the same when the platform redelivers it and
 * that a replayer cannot vary: the platform's own signed event id where it sends one (Svix msg id,
 * SmartRecruiters event-id, whose place in the signed string is unambiguous), else the digest of
 * exactly what the signature covers (the fingerprint) and, in a batch, the event's place in it.
 * These are the items' ids (eventIdOf, envelope.ts). The n8n nodes and the Zapier triggers remember
 * them so that a redelivery never runs twice.
 */
export function redeliveryKeys(verified: VerifiedDelivery): string[] {
	return verified.events.map((_event, index) => eventIdOf(verified, index));
}

/** Turns any stray exception (a bug, a hostile input we did not foresee) into a coded error. */
function guarded<T>(run: () => T): T {
	// The failure leaves the catch block before it is rethrown (n8n's lint); no result object per call.
	let error: unknown;
	try {
		return run();
	} catch (caught) {
		error = caught;
	}
	if (error instanceof WebhookVerificationError) throw error;
	throw new WebhookVerificationError('malformed_body', `The delivery could not be read (${error instanceof Error ? error.name : 'unexpected input'}).`);
}
