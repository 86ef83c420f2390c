/**
 * Credentials are derived from the platform's `secretFields` (one fact, one place: core/), and the
 * platforms without an API get an offline credential test: sign a catalogue sample with the
 * credential's secrets and verify it back, which catches a mangled whsec_ secret, a bad header
 * name or algorithm before the first real delivery does.
 */
import type { ICredentialDataDecryptedObject, ICredentialTestFunction, ICredentialsDecrypted, INodeCredentialTestResult, INodeProperties, IWebhookFunctions } from 'n8n-workflow';
import { WebhookVerificationError, credentialFieldsOf, previousSecretsOf, signDelivery, verifyDelivery } from '../../core';
import type { AnyPlatform } from './description';

export function secretFieldProperties(platform: AnyPlatform): INodeProperties[] {
	return credentialFieldsOf(platform.secretFields).map((field): INodeProperties => {
		const property: INodeProperties = {
			displayName: field.label,
			name: field.key,
			type: field.options ? 'options' : 'string',
			default: field.default ?? '',
			required: field.required,
			description: field.description,
		};
		if (field.secret) property.typeOptions = { password: true };
		if (field.options) property.options = field.options.map((option) => ({ name: option.label, value: option.value }));
		if (field.shownWhen) property.displayOptions = { show: { [field.shownWhen.key]: field.shownWhen.values } };
		return property;
	});
}

/** The credential's values for the platform's secret fields (previous ones included), trimmed of nothing: the core names whitespace mistakes. */
export function secretsFromCredential(platform: AnyPlatform, credential: object | undefined): Record<string, string> {
	const secrets: Record<string, string> = {};
	for (const field of credentialFieldsOf(platform.secretFields)) {
		const value = (credential as ICredentialDataDecryptedObject | undefined)?.[field.key];
		if (typeof value === 'string' && value !== '') secrets[field.key] = value;
	}
	return secrets;
}

/** An offline credential test: the secrets sign a sample event that they then verify. */
export function roundTripCredentialTest(platform: AnyPlatform): ICredentialTestFunction {
	return async function (credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
		const secrets = secretsFromCredential(platform, credential.data);
		const missing = platform.secretFields.filter((field) => field.secret && secrets[field.key] === undefined);
		if (missing.length > 0) {
			const names = missing.map((field) => field.label).join(', ');
			return platform.secretOptional
				? { status: 'OK', message: `No ${names}: deliveries can only be received with Verify Signatures turned off in the trigger.` }
				: { status: 'Error', message: `${names} is required to verify ${platform.displayName} deliveries.` };
		}
		const sample = platform.events[0];
		const input = { event: sample.name, data: sample.sample, meta: sample.sampleMeta };
		try {
			verifyDelivery(platform, signDelivery(platform, input, secrets), secrets);
			// During a rotation the previous secrets must still verify too (a mangled old value would refuse the sender's late deliveries).
			const previous = previousSecretsOf(platform.secretFields, secrets);
			if (previous !== undefined) verifyDelivery(platform, signDelivery(platform, input, previous), secrets);
		} catch (error) {
			const message = error instanceof WebhookVerificationError ? error.message : 'the secrets could not sign a test delivery';
			return { status: 'Error', message };
		}
		return {
			status: 'OK',
			message: `The secrets are well-formed (checked offline: ${platform.displayName} has no API to test them against). A real delivery confirms they match.`,
		};
	};
}

/** What a trigger verifies with, and whether it was read just now or kept from an earlier delivery. */
export interface SecretsRead {
	secrets: unknown;
	kept: boolean;
}

/**
 * Reads the secrets a delivery is verified with. `fresh: true` asks for a new read after a delivery
 * failed to verify with kept secrets; the reader answers undefined when a new read is not allowed yet.
 */
export type SecretsReader = (context: IWebhookFunctions, request: { fresh: boolean }) => Promise<SecretsRead | undefined>;

/**
 * How long a credential's secrets are kept per workflow, node and credential. Why keep them at all:
 * in n8n 2.x every getCredentials() decrypts the credential and resolves its defaults in a newly
 * acquired expression isolate (credentials-helper: applyDefaultsAndOverwrites → acquireIsolate), tens
 * of milliseconds of CPU per delivery with n8n's default "vm" expression engine: far more than
 * verifying the delivery itself.
 * A changed secret still takes effect at once: a delivery that fails to verify with kept secrets is
 * verified again with freshly read ones. A removed secret is accepted at most this much longer.
 */
export const KEEP_CREDENTIAL_SECRETS_MS = 10_000;
/** At most one re-read per node this often, so a flood of forged deliveries is not a flood of decryptions. */
export const REREAD_AFTER_FAILURE_MS = 1_000;
const MAX_KEPT_CREDENTIALS = 200;

const keptSecrets = new Map<string, { secrets: Record<string, string>; readAt: number }>();

/** A SecretsReader for a trigger whose secrets are the fields of one n8n credential. */
export function credentialSecretsReader(platform: AnyPlatform, credentialType: string, now: () => number = Date.now): SecretsReader {
	return async (context, { fresh }) => {
		const node = context.getNode();
		const credentialId = node.credentials?.[credentialType]?.id;
		// Without a credential id (never in a saved workflow) there is no safe key: read every time.
		const key = credentialId ? [context.getWorkflow().id ?? '', node.id ?? node.name, credentialType, credentialId].join('|') : undefined;
		const entry = key === undefined ? undefined : keptSecrets.get(key);
		const at = now();
		if (entry !== undefined) {
			const age = at - entry.readAt;
			if (!fresh && age < KEEP_CREDENTIAL_SECRETS_MS) return { secrets: entry.secrets, kept: true };
			if (fresh && age < REREAD_AFTER_FAILURE_MS) return undefined;
		}
		const secrets = secretsFromCredential(platform, await context.getCredentials(credentialType));
		if (key !== undefined) {
			keptSecrets.delete(key);
			keptSecrets.set(key, { secrets, readAt: at });
			while (keptSecrets.size > MAX_KEPT_CREDENTIALS) keptSecrets.delete(keptSecrets.keys().next().value as string);
		}
		return { secrets, kept: false };
	};
}

/** Forget every kept secret (tests). */
export function forgetKeptSecrets(): void {
	keptSecrets.clear();
}
