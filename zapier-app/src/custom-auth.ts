/**
 * Authentication of a hook integration: the catalogue's secret fields, secrets as password fields.
 * These platforms have no API to call with a webhook secret, so the connection test is a round trip
 * through the core: sign the catalogue's first sample with the user's secrets and verify it. That
 * catches a malformed secret (a whsec_ that is not base64, an unknown algorithm, a bad header name)
 * the moment the user connects, with the core's explanation.
 */
import type { AuthField, Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { type PlatformDefinition, credentialFieldsOf, isWebhookVerificationError, previousSecretsOf, signDelivery, verifyDelivery } from '../../core';
import { isVerificationOff, secretsFromAuthData } from './secrets';

export function authFieldsOf(platform: PlatformDefinition<any>): AuthField[] {
	return credentialFieldsOf(platform.secretFields).map((field) => ({
		key: field.key,
		label: field.label,
		// Zapier's auth fields cannot hide one another, so a field that applies to one choice says which.
		helpText: field.shownWhen === undefined ? field.description : `${shownWhenNote(platform, field.shownWhen)} ${field.description}`,
		required: field.required,
		type: field.secret ? 'password' : 'string',
		...(field.default !== undefined && field.default !== '' ? { default: field.default } : {}),
		...(field.options !== undefined ? { choices: field.options.map((o) => ({ value: o.value, label: o.label, sample: o.value })) } : {}),
	}));
}

function shownWhenNote(platform: PlatformDefinition<any>, when: { key: string; values: string[] }): string {
	const choice = platform.secretFields.find((field) => field.key === when.key);
	const labels = when.values.map((value) => choice?.options?.find((option) => option.value === value)?.label ?? value);
	return `Only for ${choice?.label ?? when.key} "${labels.join('" or "')}":`;
}

export function customAuthenticationOf(platform: PlatformDefinition<any>): Authentication {
	return {
		type: 'custom',
		fields: authFieldsOf(platform),
		test: async (z: ZObject, bundle: Bundle) => testSecrets(z, bundle, platform),
		connectionLabel: async (_z: ZObject, bundle: Bundle) =>
			isVerificationOff(platform, bundle.authData) ? `${platform.displayName} (signatures not verified)` : `${platform.displayName} (signatures verified)`,
	};
}

function testSecrets(z: ZObject, bundle: Bundle, platform: PlatformDefinition<any>): { verification: 'on' | 'off' } {
	if (isVerificationOff(platform, bundle.authData)) return { verification: 'off' };
	const secrets = secretsFromAuthData(platform, bundle.authData);
	const probe = platform.events[0];
	try {
		const input = { event: probe.name, data: probe.sample, meta: probe.sampleMeta };
		verifyDelivery(platform.id, signDelivery(platform.id, input, secrets), secrets);
		const previous = previousSecretsOf(platform.secretFields, secrets);
		if (previous !== undefined) verifyDelivery(platform.id, signDelivery(platform.id, input, previous), secrets);
	} catch (error) {
		if (isWebhookVerificationError(error)) throw new z.errors.Error(error.message, error.code, 400);
		throw error;
	}
	return { verification: 'on' };
}
