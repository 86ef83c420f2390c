/**
 * The connection of a hook integration: the catalogue's account-wide fields (SecretField.scope
 * 'account'), secrets as password fields. Per-endpoint secrets are trigger fields (hook-triggers.ts),
 * so one connection serves any number of Zaps. A platform with no account-wide field (PeopleForce)
 * has no connection at all.
 *
 * What a connection test can prove for a platform that only pushes: nothing about whether a secret
 * matches, since there is no API to ask and no delivery yet. It catches a value in the wrong field or
 * without the prefix every genuine one has, and settings the core cannot use (an unknown algorithm, a
 * header name that is not one); whether the secrets match is shown by the trigger's test step, on a
 * real delivery (README, "Testing a trigger").
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AuthField, Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { type AnyPlatformDefinition, type SecretField, isWebhookVerificationError, previousSecretsOf, signDelivery, verifyDelivery } from '../../core';
import { accountFieldsOf, misplacedValues, secretsOf } from './secrets';

/** A Zapier-only field: the user's own name for the connection, for Zapier's connection list. */
export const CONNECTION_NAME_KEY = 'connectionName';

export function zapierFieldOf(platform: AnyPlatformDefinition, field: SecretField): AuthField {
	return {
		key: field.key,
		label: field.label,
		// Zapier's auth fields cannot hide one another, so a field that applies to one choice says which.
		helpText: field.shownWhen === undefined ? field.description : `${shownWhenNote(platform, field.shownWhen)} ${field.description}`,
		required: field.required,
		type: field.secret ? 'password' : 'string',
		...(field.default !== undefined && field.default !== '' ? { default: field.default } : {}),
		...(field.options !== undefined ? { choices: field.options.map((o) => ({ value: o.value, label: o.label, sample: o.value })) } : {}),
	};
}

function shownWhenNote(platform: AnyPlatformDefinition, when: { key: string; values: string[] }): string {
	const choice = platform.secretFields.find((field) => field.key === when.key);
	const labels = when.values.map((value) => choice?.options?.find((option) => option.value === value)?.label ?? value);
	return `Only for ${choice?.label ?? when.key} "${labels.join('" or "')}":`;
}

export function authFieldsOf(platform: AnyPlatformDefinition, extraFields: AuthField[] = []): AuthField[] {
	return [
		...accountFieldsOf(platform).map((field) => zapierFieldOf(platform, field)),
		...extraFields,
		{
			key: CONNECTION_NAME_KEY,
			label: 'Connection Name',
			helpText: `Optional: your name for this ${platform.displayName} account (a workspace, a company), shown in Zapier's list of connections.`,
			required: false,
			type: 'string',
		},
	];
}

export function customAuthenticationOf(platform: AnyPlatformDefinition, extraFields: AuthField[] = []): Authentication | undefined {
	if (accountFieldsOf(platform).length === 0 && extraFields.length === 0) return undefined;
	return {
		type: 'custom',
		fields: authFieldsOf(platform, extraFields),
		test: async (z: ZObject, bundle: Bundle) => testConnection(z, bundle, platform),
		connectionLabel: async (_z: ZObject, bundle: Bundle) => connectionLabelOf(platform, bundle.authData ?? {}),
	};
}

/**
 * "TalentPools: Acme" when the user named the connection, else the platform and what tells two
 * connections apart without showing a secret: a short digest of the account secret, or the
 * signature format (the generic sender's connection holds no secret).
 */
export function connectionLabelOf(platform: AnyPlatformDefinition, authData: Record<string, unknown>): string {
	const name = typeof authData[CONNECTION_NAME_KEY] === 'string' ? authData[CONNECTION_NAME_KEY].trim() : '';
	if (name !== '') return `${platform.displayName}: ${name}`;
	const secrets = secretsOf(platform, { authData: authData as Bundle['authData'], inputData: {} });
	const accountSecret = accountFieldsOf(platform).find((field) => field.secret && secrets[field.key] !== undefined);
	if (accountSecret !== undefined) {
		const digest = createHash('sha256').update(secrets[accountSecret.key]).digest('hex').slice(0, 6);
		return `${platform.displayName} (${accountSecret.label.toLowerCase()} #${digest})`;
	}
	const settings = accountFieldsOf(platform)
		.map((field) => secrets[field.key] ?? field.default)
		.filter((value) => value !== undefined && value !== '');
	return settings.length > 0 ? `${platform.displayName} (${settings.join(', ')})` : platform.displayName;
}

async function testConnection(z: ZObject, bundle: Bundle, platform: AnyPlatformDefinition): Promise<{ checked: string }> {
	const secrets = secretsOf(platform, { authData: bundle.authData, inputData: {} });
	const problems = misplacedValues(platform, secrets);
	if (problems.length > 0) throw new z.errors.Error(problems.join(' '), 'invalid_secret', 400);
	// A round trip through the core with stand-ins for the per-endpoint secrets: it fails on settings
	// the core cannot use, with the core's explanation. It cannot tell a wrong secret from a right one.
	const withStandIns = { ...standInSecrets(platform, 'endpoint'), ...secrets };
	const probe = platform.events[0];
	try {
		const input = { event: probe.name, data: probe.sample, meta: probe.sampleMeta };
		verifyDelivery(platform, signDelivery(platform, input, withStandIns), withStandIns);
		const previous = previousSecretsOf(platform.secretFields, withStandIns);
		if (previous !== undefined) verifyDelivery(platform, signDelivery(platform, input, previous), withStandIns);
	} catch (error) {
		if (isWebhookVerificationError(error)) throw new z.errors.Error(error.message, error.code, 400);
		throw error;
	}
	return { checked: 'The settings are well-formed. Whether they match is shown by a trigger test on a real delivery.' };
}

/** A well-formed random value for every secret field (a prefix and base64 satisfies whsec_ and wsk_ alike). */
export function standInSecrets(platform: AnyPlatformDefinition, scope?: SecretField['scope']): Record<string, string> {
	const values: Record<string, string> = {};
	for (const field of platform.secretFields) {
		if (field.secret && (scope === undefined || field.scope === scope)) values[field.key] = `${field.prefix ?? ''}${randomBytes(24).toString('base64')}`;
	}
	return values;
}
