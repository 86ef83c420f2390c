/**
 * The connection's fields (bundle.authData) as the secrets object the core's verify takes. Fields are
 * the catalogue's SecretField list (with the previous values of rotatable secrets), so the keys are the same on both sides.
 */
import { type PlatformDefinition, credentialFieldsOf } from '../../core';

type AuthData = Record<string, unknown> | undefined;

/** Only filled-in fields: an empty setting means "the platform's default", which the core applies. */
export function secretsFromAuthData(platform: PlatformDefinition<any>, authData: AuthData): Record<string, string> {
	const secrets: Record<string, string> = {};
	for (const field of credentialFieldsOf(platform.secretFields)) {
		const value = authData?.[field.key];
		if (typeof value === 'string' && value !== '') secrets[field.key] = value;
	}
	return secrets;
}

/**
 * PeopleForce and the generic sender let a webhook go out unsigned. A connection whose secret fields are
 * all empty on such a platform reads deliveries without a signature check; every item says so.
 */
export function isVerificationOff(platform: PlatformDefinition<any>, authData: AuthData): boolean {
	if (!platform.secretOptional || platform.parseUnverified === undefined) return false;
	const secrets = secretsFromAuthData(platform, authData);
	return platform.secretFields.filter((f) => f.secret).every((f) => secrets[f.key] === undefined);
}
