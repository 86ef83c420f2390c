import { WebhookVerificationError, type VerificationErrorCode } from '../../core';

/** Runs `fn`, asserts it throws a WebhookVerificationError with `code` (and a message matching `message`), returns the error. */
export function expectCode(fn: () => unknown, code: VerificationErrorCode, message?: RegExp): WebhookVerificationError {
	let thrown: unknown;
	try {
		fn();
	} catch (error) {
		thrown = error;
	}
	expect(thrown).toBeInstanceOf(WebhookVerificationError);
	const error = thrown as WebhookVerificationError;
	expect(error.code).toBe(code);
	if (message) expect(error.message).toMatch(message);
	return error;
}
