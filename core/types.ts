/**
 * The contract every HireHooks platform fulfils. The n8n nodes, the Zapier apps and the sandbox
 * are generic over these types; a platform is a folder under core/platforms that exports one
 * PlatformDefinition.
 */
import type { VerificationErrorCode } from './errors';

import type { PlatformEntityData, PlatformId, PlatformRegistry } from './platforms';

/** The registry (core/platforms/index.ts) is the one list of platforms; their ids derive from it. */
export type { PlatformId };

export type HeaderValue = string | string[] | undefined;
export type HeaderBag = Record<string, HeaderValue>;

/** An HTTP request as it reached the receiver: the body is the raw bytes, never a re-serialised object. */
export interface Delivery {
	method?: string;
	headers: HeaderBag;
	body: Buffer | string;
}

/** What a platform sends, as produced by signDelivery. Header names in the platform's own case. */
export interface SignedDelivery {
	method: string;
	headers: Record<string, string>;
	body: string;
}

/**
 * Every option is checked before use: a value the core cannot use (NaN, a negative or infinite
 * number, an invalid Date, a wrong type) throws `invalid_option` instead of widening what is accepted.
 */
export interface VerifyOptions {
	/** The moment to check timestamps against (tests, replays of stored deliveries). A valid Date. */
	now?: Date;
	/** Window for the signed timestamp (seconds, finite, 0 or more). Platform default when absent. */
	toleranceSeconds?: number;
	/**
	 * TalentPools only: window for the timestamp inside the encrypted payload (seconds, finite, 0 or
	 * more). Default: Svix's whole retry schedule (TALENTPOOLS_DEFAULT_EVENT_TOLERANCE_SECONDS), so a
	 * retry after an outage is not lost; 15 is the seed's strict check; 0 turns this second check off.
	 * The signed Svix timestamp window and the svix-id memory stop replays whatever this is.
	 */
	eventToleranceSeconds?: number;
	/**
	 * Largest body (bytes, a positive integer) read at all; bigger ones are refused with
	 * `body_too_large` before any crypto. Platform default (PlatformDefinition.maxBodyBytes) when absent.
	 */
	maxBodyBytes?: number;
}

export interface SignOptions {
	/** Time of the delivery attempt (signature timestamp). */
	now?: Date;
	/** Platform-specific wire variants, e.g. HrFlow { bodyFormat: 'json' }. */
	[variant: string]: unknown;
}

/** What a platform's verify returns for each event; the core adds platform, entity and known. */
export interface ParsedEvent {
	event: string;
	id?: string;
	occurredAt?: string;
	data: unknown;
	meta?: Record<string, unknown>;
	/**
	 * Exactly the bytes the signature covers, where that is not the raw body (HrFlow's compact JSON,
	 * its signed-request payload). The delivery's fingerprint, and so its redelivery key, is their
	 * digest: a replayer who changes bytes the signature does not cover gets the same key.
	 */
	signedContent?: Buffer | string | Array<Buffer | string>;
}

/** One event out of a verified delivery. */
export interface VerifiedEvent {
	platform: PlatformId;
	/** The platform's own event name (TalentPools eventType, HrFlow type, PeopleForce action, ...). */
	event: string;
	/** The platform's delivery/event id, when it sends one (stable across retries). */
	id?: string;
	/** ISO-8601 time of the event, when the platform says. */
	occurredAt?: string;
	/** The entity kind from the catalogue (freelancer, job, employee, ...), when the event is known. */
	entity?: string;
	/** True when the event is in the platform's catalogue; unknown events still pass through. */
	known: boolean;
	/** The event's payload, parsed. */
	data: unknown;
	/** Extra envelope facts a user may want (HrFlow origin/message, SmartRecruiters link/version). */
	meta: Record<string, unknown>;
}

export interface VerifiedDelivery extends VerifiedEvent {
	/** All events of the delivery, in order; `events[0]` is the delivery's own fields above. HrFlow may batch. */
	events: VerifiedEvent[];
	/**
	 * Hex SHA-256 of what the signature covers: the raw body for body HMACs, HrFlow's compact JSON or
	 * signed-request payload otherwise. A dedupe key for platforms that send no id.
	 */
	fingerprint: string;
}

/** A platform's request that is not an event and must be answered, not run (SmartRecruiters X-Hook-Secret). */
export interface HandshakeResponse {
	status: number;
	headers: Record<string, string>;
	body?: string;
}

export interface SignInput {
	event: string;
	data: unknown;
	id?: string;
	occurredAt?: string | Date;
	/** Envelope extras (HrFlow origin/message, SmartRecruiters link/version). */
	meta?: Record<string, unknown>;
}

/** A JSON schema subset (draft-07 keywords we use and check). */
export interface JsonSchema {
	type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null' | Array<'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null'>;
	title?: string;
	description?: string;
	properties?: Record<string, JsonSchema>;
	required?: string[];
	items?: JsonSchema;
	enum?: unknown[];
	format?: 'date-time' | 'date' | 'email' | 'uri';
	additionalProperties?: boolean | JsonSchema;
	/** Mark the field that identifies the entity (Zapier `primary`, dedupe). */
	'x-primary'?: boolean;
}

export interface EventDefinition {
	/** Wire name, exactly as the platform sends it. */
	name: string;
	/** Short human label, e.g. "Job Posted". */
	label: string;
	/** When it fires, in the platform's words where possible: "Triggers when ..." text is derived. */
	description: string;
	/** The entity the event is about (a key of PlatformDefinition.entities). */
	entity: string;
	/** Schema of VerifiedEvent.data for this event. */
	schema: JsonSchema;
	/** A realistic VerifiedEvent.data for this event. */
	sample: unknown;
	/** Envelope extras to sign the sample with (HrFlow origin/message). */
	sampleMeta?: Record<string, unknown>;
	/** Volume hint from the platform's docs, where it gives one. */
	volume?: 'high' | 'medium' | 'low';
}

export interface EntityDefinition {
	/** Singular noun, e.g. "Freelancer", "Job Application". */
	noun: string;
	description: string;
}

/** A secret or setting a user types in: drives n8n credentials and Zapier auth fields. */
export interface SecretField {
	key: string;
	label: string;
	description: string;
	required: boolean;
	/** Shown masked and never logged. */
	secret: boolean;
	default?: string;
	options?: Array<{ value: string; label: string }>;
	/**
	 * Where the platform keeps this value: 'endpoint' when every webhook endpoint (every receiving URL)
	 * has its own (a Svix whsec_, the Secret typed on one PeopleForce webhook), 'account' when one value
	 * serves all endpoints (an encryption key, a workspace key, the sender's signature format). The
	 * Zapier face asks for endpoint values on each trigger and for account values in the connection.
	 */
	scope: 'endpoint' | 'account';
	/** How every genuine value begins ("whsec_", "wsk_"): a value pasted into the wrong field is caught on entry. */
	prefix?: string;
	/** The refusal codes a wrong value here produces, so that an error can name the setting to check. */
	refusedAs?: VerificationErrorCode[];
	/**
	 * The user may rotate it: credentials and connections get a "Previous <label>" field next to it,
	 * tried only after the current value fails (core/secrets.ts, credentialFieldsOf).
	 */
	rotatable?: boolean;
	/** Shown only while another field holds one of these values (n8n displayOptions; Zapier says so in the help text). */
	shownWhen?: { key: string; values: string[] };
}

/** How a user connects the platform to a HireHooks endpoint. */
export type SubscriptionMode = { kind: 'manual'; steps: string[] } | { kind: 'api'; steps: string[] };

/**
 * How a platform retries a delivery that failed, as it documents it, in real time. The sandbox replays
 * it (compressed); the triggers remember event keys for as long as it may redeliver (core/retries.ts).
 */
export interface RetryPolicy {
	/** Attempts in total, the first one included. */
	maxAttempts: number;
	/** Real delay before retry n+1, after the (n+1)th failure; the last entry repeats. */
	delaysMs: number[];
	/** How long the sender waits for the receiver's answer. */
	timeoutMs: number;
	/** 'any-2xx', or the one status the platform counts as delivered. */
	success: 'any-2xx' | number;
	/** Where the facts come from, shown in the catalogue. */
	source: string;
}

/**
 * A platform's definition with its own secrets types: `Secrets` is what verify takes, `SignSecrets`
 * what sign takes (PeopleForce and the generic sender sign without a secret, as they may send).
 */
export interface PlatformDefinition<Secrets = Record<string, unknown>, SignSecrets = Secrets> {
	id: PlatformId;
	displayName: string;
	/** One sentence for node and app descriptions. */
	description: string;
	/** The platform's own webhook documentation. */
	docsUrl: string;
	/** Fields of the credential / Zapier auth that the signing scheme uses. */
	secretFields: SecretField[];
	/** Whether verification can be switched off by the user (PeopleForce and the generic sender make the secret optional). */
	secretOptional: boolean;
	/** Default signature timestamp window (seconds), or undefined where the platform sends no timestamp. */
	defaultToleranceSeconds?: number;
	/**
	 * Default body-size cap (bytes): what the platform can plausibly send, with headroom. Bigger bodies
	 * are refused before any work (VerifyOptions.maxBodyBytes overrides it).
	 */
	maxBodyBytes: number;
	subscription: SubscriptionMode;
	entities: Record<string, EntityDefinition>;
	events: EventDefinition[];
	/**
	 * The catalogue event that describes every event name not listed (the generic sender's payloads
	 * name their own events). Absent: unknown names pass through with known: false.
	 */
	catchAllEvent?: string;
	/** HTTP status the platform expects from the receiver on success. */
	successStatus: number;
	/** How the platform retries a failed delivery. */
	retries: RetryPolicy;
	sign(input: SignInput, secrets: SignSecrets, options?: SignOptions): SignedDelivery;
	/** Checks the delivery and returns its events (at least one), or throws a WebhookVerificationError. */
	verify(delivery: NormalizedDelivery, secrets: Secrets, options: VerifyOptions): ParsedEvent[];
	/** Recognise a non-event request that must be answered (SmartRecruiters activation). */
	handshake?(delivery: NormalizedDelivery): HandshakeResponse | undefined;
	/**
	 * Recognise a request that must be answered, not run, but is signed like an event (Slack's
	 * url_verification challenge): asked only after the delivery verified, with the secrets it verified with.
	 */
	verifiedHandshake?(delivery: NormalizedDelivery, secrets: Secrets, events: ParsedEvent[]): HandshakeResponse | undefined;
	/**
	 * Parse a delivery without any signature check, for users who explicitly turned verification off.
	 * Only platforms with secretOptional have it.
	 */
	parseUnverified?(delivery: NormalizedDelivery, options: VerifyOptions): ParsedEvent[];
}

/** A delivery after header names are lower-cased. The body is the raw input; bytes and text are derived once, on demand. */
export interface NormalizedDelivery {
	readonly method: string;
	readonly headers: Map<string, string[]>;
	/** Exactly what the caller passed: sign and verify over this. */
	readonly raw: Buffer | string;
	readonly body: Buffer;
	/** The body decoded as UTF-8. */
	readonly text: string;
}

/**
 * Any platform's definition, as generic code (the nodes, the Zapier apps, the sandbox) holds it. Its
 * secrets are unknown here: they come from credentials, connections or JavaScript, and every
 * platform's verify checks them at run time (missing_secret, invalid_secret).
 */
export type AnyPlatformDefinition = PlatformDefinition<unknown, unknown>;

/** A platform named by its id, or its definition object (used as it is, not looked up again). */
export type PlatformRef = PlatformId | AnyPlatformDefinition;

/** The definition a PlatformRef stands for: the registry's entry for an id, the object itself otherwise. */
export type DefinitionOf<P extends PlatformRef> = P extends PlatformId ? PlatformRegistry[P] : P;

/**
 * What platform P's verify takes (verifyDelivery, receiveDelivery, recognizeHandshake). `unknown` when
 * P may be one of several platforms (a PlatformId variable): which secrets apply is known at run time only.
 */
export type SecretsOf<P extends PlatformRef> = true extends IsUnion<P> ? unknown : DefinitionOf<P> extends PlatformDefinition<infer Secrets, unknown> ? Secrets : never;

/** What platform P's sign takes (signDelivery); `unknown` as in SecretsOf when P may be several platforms. */
export type SignSecretsOf<P extends PlatformRef> = true extends IsUnion<P> ? unknown : DefinitionOf<P> extends PlatformDefinition<unknown, infer SignSecrets> ? SignSecrets : never;

type IsUnion<T, All = T> = T extends unknown ? ([All] extends [T] ? false : true) : never;

/**
 * The "Previous" twin of each field that may hold several values (`secret` → `previousSecret`), as
 * core/secrets.ts previousKeyOf names it: tried only after the current value fails (key rotation).
 */
export type PreviousSecrets<Secrets> = {
	[Key in keyof Secrets & string as string[] extends Secrets[Key] ? `previous${Capitalize<Key>}` : never]?: Secrets[Key];
};

/** SecretsOf<P> with the previous values of a rotation; `unknown` stays unknown (generic callers). */
export type VerifySecretsOf<P extends PlatformRef> = unknown extends SecretsOf<P> ? unknown : SecretsOf<P> & PreviousSecrets<SecretsOf<P>>;

/** The catalogue entities of platform P (its `entities` keys): 'employee', 'job', ... */
export type EntityOf<P extends PlatformId> = keyof PlatformEntityData[P] & string;

/** The `data` of platform P's events about entity E, e.g. EntityDataOf<'peopleforce', 'employee'> is PeopleForceEmployee. */
export type EntityDataOf<P extends PlatformId, E extends EntityOf<P> = EntityOf<P>> = PlatformEntityData[P][E];
