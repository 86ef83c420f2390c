/**
 * Where each secret lives on Zapier, derived from the catalogue's SecretField.scope: values the
 * platform keeps once per account go in the connection (bundle.authData), values it issues per
 * endpoint go on each trigger (bundle.inputData), because every Zap has its own hook URL and so its
 * own endpoint on the platform. The core's verify takes both, merged, under the catalogue's keys.
 * Rotatable secrets bring their "Previous" twin (credentialFieldsOf), on the same side.
 */
import type { Bundle } from 'zapier-platform-core';
import { type AnyPlatformDefinition, type SecretField, type VerificationErrorCode, credentialFieldsOf } from '../../core';

type Values = Record<string, unknown> | undefined;

export function accountFieldsOf(platform: AnyPlatformDefinition): SecretField[] {
	return credentialFieldsOf(platform.secretFields).filter((field) => field.scope === 'account');
}

export function endpointFieldsOf(platform: AnyPlatformDefinition): SecretField[] {
	return credentialFieldsOf(platform.secretFields).filter((field) => field.scope === 'endpoint');
}

/**
 * The filled-in settings, each trimmed: a copied secret picks up a trailing newline or space far more
 * often than anyone chooses one, and none of these platforms issues a secret with whitespace at its
 * ends. An empty setting means "the platform's default", which the core applies.
 */
export function secretsOf(platform: AnyPlatformDefinition, bundle: Pick<Bundle, 'authData' | 'inputData'>): Record<string, string> {
	const secrets: Record<string, string> = {};
	for (const field of credentialFieldsOf(platform.secretFields)) {
		const source: Values = field.scope === 'endpoint' ? bundle.inputData : bundle.authData;
		const value = source?.[field.key];
		if (typeof value === 'string' && value.trim() !== '') secrets[field.key] = value.trim();
	}
	return secrets;
}

/**
 * PeopleForce and the generic sender let a webhook go out unsigned: with every secret field empty,
 * deliveries are read without a signature check, and every item says so.
 */
export function isVerificationOff(platform: AnyPlatformDefinition, bundle: Pick<Bundle, 'authData' | 'inputData'>): boolean {
	if (!platform.secretOptional || platform.parseUnverified === undefined) return false;
	const secrets = secretsOf(platform, bundle);
	return platform.secretFields.filter((f) => f.secret).every((f) => secrets[f.key] === undefined);
}

/** Where the user finds a field on Zapier. */
export function whereIs(field: SecretField): string {
	return field.scope === 'endpoint' ? `"${field.label}" in this trigger's settings` : `"${field.label}" in the Zapier connection`;
}

/** The settings whose wrong value shows as `code`, named for the user (never their values). */
export function settingsToCheck(platform: AnyPlatformDefinition, code: VerificationErrorCode): string | undefined {
	const fields = platform.secretFields.filter((field) => field.refusedAs?.includes(code));
	return fields.length === 0 ? undefined : fields.map(whereIs).join(' and ');
}

/**
 * What a connection test can prove without a delivery: a value in the wrong field (a whsec_ signing
 * secret typed as the encryption key) or without the prefix every genuine value has.
 */
export function misplacedValues(platform: AnyPlatformDefinition, secrets: Record<string, string>): string[] {
	const problems: string[] = [];
	for (const field of platform.secretFields) {
		const value = secrets[field.key];
		if (value === undefined) continue;
		const belongsElsewhere = platform.secretFields.find((other) => other !== field && other.prefix !== undefined && value.startsWith(other.prefix));
		if (belongsElsewhere !== undefined) {
			problems.push(`${whereIs(field)} starts with "${belongsElsewhere.prefix}": that is the ${belongsElsewhere.label}, which belongs in ${whereIs(belongsElsewhere)}.`);
		} else if (field.prefix !== undefined && !value.startsWith(field.prefix)) {
			problems.push(`${whereIs(field)} should start with "${field.prefix}" as ${platform.displayName} shows it: copy it again from ${platform.displayName}.`);
		}
	}
	return problems;
}
