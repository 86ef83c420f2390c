import { WebhookVerificationError } from './errors';

export type SecretInput = string | string[] | undefined | null;

/** One or several secrets (key rotation: any may match), without empty entries. */
export function secretList(value: unknown, fieldLabel: string): string[] {
	const list = (Array.isArray(value) ? value : [value]).filter((s): s is string => typeof s === 'string' && s !== '');
	if (list.length === 0) {
		throw new WebhookVerificationError('missing_secret', `No ${fieldLabel} is configured, so the delivery cannot be verified. Copy it from the platform's webhook settings into the credential.`);
	}
	return list;
}

/** Appended to mismatch messages: the most common copy-paste mistake, named without echoing the secret. */
export function whitespaceHint(secrets: string[], fieldLabel: string): string {
	return secrets.some((s) => s !== s.trim()) ? ` The ${fieldLabel} has whitespace at its start or end: check that it was copied exactly.` : '';
}
