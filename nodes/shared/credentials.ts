/**
 * Credentials are derived from the platform's `secretFields` (one fact, one place: core/), and the
 * platforms without an API get an offline credential test: sign a catalogue sample with the
 * credential's secrets and verify it back, which catches a mangled whsec_ secret, a bad header
 * name or algorithm before the first real delivery does.
 */
import type { ICredentialDataDecryptedObject, ICredentialTestFunction, ICredentialsDecrypted, INodeCredentialTestResult, INodeProperties } from 'n8n-workflow';
import { WebhookVerificationError, signDelivery, verifyDelivery } from '../../core';
import type { AnyPlatform } from './description';

export function secretFieldProperties(platform: AnyPlatform): INodeProperties[] {
	return platform.secretFields.map((field): INodeProperties => {
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
		return property;
	});
}

/** The credential's values for the platform's secret fields, trimmed of nothing: the core names whitespace mistakes. */
export function secretsFromCredential(platform: AnyPlatform, credential: object | undefined): Record<string, string> {
	const secrets: Record<string, string> = {};
	for (const field of platform.secretFields) {
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
		try {
			const signed = signDelivery(platform.id, { event: sample.name, data: sample.sample, meta: sample.sampleMeta }, secrets);
			verifyDelivery(platform.id, signed, secrets);
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
