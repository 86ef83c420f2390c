/**
 * Every way a delivery can be refused, each with a stable code (for responses, logs and tests)
 * and a sentence that tells the user what to check. Messages never quote a secret.
 */

export type VerificationErrorCode =
	| 'missing_header'
	| 'signature_mismatch'
	| 'timestamp_out_of_tolerance'
	| 'malformed_body'
	| 'malformed_header'
	| 'decryption_failed'
	| 'missing_secret'
	| 'invalid_secret'
	| 'invalid_option'
	| 'body_too_large'
	| 'unknown_platform'
	| 'handshake_not_event';

/** HTTP status a receiver should answer with for each code. */
export const statusForCode: Record<VerificationErrorCode, number> = {
	missing_header: 401,
	signature_mismatch: 401,
	timestamp_out_of_tolerance: 401,
	malformed_header: 401,
	decryption_failed: 401,
	missing_secret: 500,
	invalid_secret: 500,
	invalid_option: 500,
	unknown_platform: 500,
	malformed_body: 400,
	body_too_large: 413,
	handshake_not_event: 400,
};

export class WebhookVerificationError extends Error {
	readonly code: VerificationErrorCode;
	readonly status: number;
	/**
	 * True when the signature had already been proven before the delivery failed (it then cannot be
	 * decrypted or parsed): the platform sent it, so the cause is a setting, not an attacker.
	 */
	readonly signatureVerified: boolean;

	constructor(code: VerificationErrorCode, message: string, options: { signatureVerified?: boolean } = {}) {
		super(message);
		this.name = 'WebhookVerificationError';
		this.code = code;
		this.status = statusForCode[code];
		this.signatureVerified = options.signatureVerified === true;
	}
}

/**
 * Runs the steps that follow a successful signature check; a refusal from them is marked
 * signatureVerified. The failure is rethrown outside the catch block (n8n's lint lets a catch block
 * throw only n8n's own errors).
 */
export function afterSignature<T>(run: () => T): T {
	let failure: unknown;
	try {
		return run();
	} catch (error) {
		failure = error;
	}
	if (failure instanceof WebhookVerificationError && !failure.signatureVerified) {
		throw new WebhookVerificationError(failure.code, failure.message, { signatureVerified: true });
	}
	throw failure;
}

export function isWebhookVerificationError(error: unknown): error is WebhookVerificationError {
	return error instanceof WebhookVerificationError;
}

export const RAW_BODY_HINT =
	'Are you passing the raw request body exactly as received? A body that was parsed and re-serialised (for example by a JSON body parser) no longer matches its signature.';
