/**
 * VerifyOptions are checked before any delivery is read: an option the core cannot use throws
 * `invalid_option` (a configuration error, like `invalid_secret`), because every fallback would
 * widen what is accepted (NaN or a negative tolerance used to switch the timestamp window off).
 */
import { WebhookVerificationError } from './errors';
import type { NormalizedDelivery, PlatformDefinition, VerifyOptions } from './types';

export function checkedVerifyOptions(options: unknown): VerifyOptions {
	if (options === undefined || options === null) return {};
	if (typeof options !== 'object' || Array.isArray(options)) {
		throw new WebhookVerificationError('invalid_option', 'The verify options must be an object such as { toleranceSeconds: 300 }.');
	}
	const { now, toleranceSeconds, eventToleranceSeconds, maxBodyBytes } = options as Record<string, unknown>;
	if (now !== undefined && !(now instanceof Date && Number.isFinite(now.getTime()))) {
		throw new WebhookVerificationError('invalid_option', 'The "now" option must be a valid Date; leave it out to check timestamps against the clock.');
	}
	checkSeconds('toleranceSeconds', toleranceSeconds);
	checkSeconds('eventToleranceSeconds', eventToleranceSeconds);
	if (maxBodyBytes !== undefined && !(typeof maxBodyBytes === 'number' && Number.isSafeInteger(maxBodyBytes) && maxBodyBytes > 0)) {
		throw new WebhookVerificationError('invalid_option', 'The "maxBodyBytes" option must be a whole number of bytes above 0; leave it out for the platform default.');
	}
	return options as VerifyOptions;
}

function checkSeconds(name: string, value: unknown): void {
	if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
		throw new WebhookVerificationError('invalid_option', `The "${name}" option must be a finite number of seconds, 0 or more; leave it out for the platform default.`);
	}
}

/** Refuses a body over the cap before anything reads it; a string's UTF-8 size is bounded first by its length, so most checks cost nothing. */
export function checkBodySize(delivery: NormalizedDelivery, platform: Pick<PlatformDefinition, 'displayName' | 'maxBodyBytes'>, options: VerifyOptions): void {
	const limit = options.maxBodyBytes ?? platform.maxBodyBytes;
	const raw = delivery.raw;
	// Every UTF-16 unit takes 1 to 3 bytes in UTF-8 (a surrogate pair 4 for 2 units).
	const bytes = typeof raw !== 'string' ? raw.length : raw.length > limit ? raw.length : raw.length * 3 <= limit ? 0 : Buffer.byteLength(raw, 'utf8');
	if (bytes > limit) {
		throw new WebhookVerificationError(
			'body_too_large',
			`The body is over ${limit} bytes, more than ${platform.displayName} plausibly sends: refused unread. If your deliveries are really this big, raise the maximum body size option.`,
		);
	}
}
