import { WebhookVerificationError } from './errors';
import type { SecretField } from './types';

export type SecretInput = string | string[] | undefined | null;

/** One or several secrets (key rotation: any may match), without empty entries. */
export function secretList(value: unknown, fieldLabel: string): string[] {
	// The usual case, one secret, without the array and callback of the general path (every delivery runs this).
	if (typeof value === 'string' && value !== '') return [value];
	const list = (Array.isArray(value) ? value : [value]).filter((s): s is string => typeof s === 'string' && s !== '');
	if (list.length === 0) {
		throw new WebhookVerificationError(
			'missing_secret',
			`No ${fieldLabel} is configured, so the delivery cannot be verified. Copy it from the platform's webhook settings into the credential.`,
		);
	}
	return list;
}

/** Appended to mismatch messages: the most common copy-paste mistake, named without echoing the secret. */
export function whitespaceHint(secrets: string[], fieldLabel: string): string {
	return secrets.some((s) => s !== s.trim()) ? ` The ${fieldLabel} has whitespace at its start or end: check that it was copied exactly.` : '';
}

/** The field that holds the value a rotatable field replaces: `secret` → `previousSecret`. */
export function previousKeyOf(key: string): string {
	return `previous${key.charAt(0).toUpperCase()}${key.slice(1)}`;
}

/**
 * The fields a user fills in (n8n credential, Zapier connection): the platform's secret fields, each
 * rotatable one followed by its "Previous" twin. Derived here once, so no platform or adapter repeats it.
 */
export function credentialFieldsOf(fields: SecretField[]): SecretField[] {
	return fields.flatMap((field) => {
		if (field.rotatable !== true) return [field];
		const previous: SecretField = {
			key: previousKeyOf(field.key),
			label: `Previous ${field.label}`,
			description: `Only while rotating the ${field.label}: the value being replaced. Deliveries made with either are accepted; clear this once the sender uses the new one.`,
			required: false,
			secret: field.secret,
			scope: field.scope,
		};
		if (field.prefix !== undefined) previous.prefix = field.prefix;
		if (field.refusedAs !== undefined) previous.refusedAs = field.refusedAs;
		if (field.shownWhen !== undefined) previous.shownWhen = field.shownWhen;
		return [field, previous];
	});
}

/** Verification failures that the previous value of a rotated secret may turn into a success. */
export const ROTATION_RETRY_CODES: ReadonlySet<string> = new Set(['signature_mismatch', 'decryption_failed']);

/**
 * The secrets to verify with once the current ones failed: each combination of filled-in previous
 * values, fewest replacements first (a signing secret and an encryption key may be rotated apart).
 * Empty when nothing is being rotated. At most 2^n - 1 entries for n rotatable fields (n ≤ 2 today).
 */
export function rotationAlternatives(fields: SecretField[], secrets: unknown): Array<Record<string, unknown>> {
	if (secrets === null || typeof secrets !== 'object') return [];
	const given = secrets as Record<string, unknown>;
	const rotating = fields.filter((field) => field.rotatable === true && isFilled(given[previousKeyOf(field.key)]));
	const alternatives: Array<Record<string, unknown>> = [];
	for (let mask = 1; mask < 1 << rotating.length; mask++) {
		const alternative = { ...given };
		rotating.forEach((field, bit) => {
			if (mask & (1 << bit)) alternative[field.key] = given[previousKeyOf(field.key)];
		});
		alternatives.push(alternative);
	}
	return alternatives.sort((a, b) => replaced(a, given, rotating) - replaced(b, given, rotating));
}

/**
 * The secrets as they were before the rotation (every filled-in previous value in place of its current
 * one), for a connection test that checks the old values too; undefined when nothing is being rotated.
 */
export function previousSecretsOf(fields: SecretField[], secrets: unknown): Record<string, unknown> | undefined {
	return rotationAlternatives(fields, secrets).at(-1);
}

function isFilled(value: unknown): boolean {
	return (typeof value === 'string' && value !== '') || (Array.isArray(value) && value.some((v) => typeof v === 'string' && v !== ''));
}

function replaced(alternative: Record<string, unknown>, given: Record<string, unknown>, rotating: SecretField[]): number {
	return rotating.filter((field) => alternative[field.key] !== given[field.key]).length;
}
