/**
 * How each platform retries a failed delivery, as its documentation says, in real time. The
 * sandbox runs these schedules compressed (RetryScheduleOptions.scale); timeouts are not scaled.
 */
import type { PlatformId } from '../core';

export interface RetryPolicy {
	/** Attempts in total, the first one included. */
	maxAttempts: number;
	/** Real delay before retry n+1, after the (n+1)th failure; the last entry repeats. */
	delaysMs: number[];
	/** How long the sender waits for the receiver's answer. */
	timeoutMs: number;
	/** 'any-2xx', or the one status the platform counts as delivered. */
	success: 'any-2xx' | number;
	/** Where the facts come from, shown in the catalogue. */
	source: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const retryPolicies: Record<PlatformId, RetryPolicy> = {
	// developers.smartrecruiters.com/docs/receiving-webhook-notifications: only 202 within 5 s counts;
	// "up to 10 times" after 1, 3, 10, 45, 120 min "... up to 1440 min after ninth failure". The
	// 6th-8th delays are not published: 240, 480, 720 min are our interpolation.
	smartrecruiters: {
		maxAttempts: 11,
		delaysMs: [1, 3, 10, 45, 120, 240, 480, 720, 1440, 1440].map((minutes) => minutes * MINUTE),
		timeoutMs: 5 * SECOND,
		success: 202,
		source: 'https://developers.smartrecruiters.com/docs/receiving-webhook-notifications (6th-8th delays interpolated)',
	},
	// TalentPools sends through Svix (docs.svix.com/retries): immediately, then 5 s, 5 min, 30 min,
	// 2 h, 5 h, 10 h, 10 h; any 2xx within 15 s.
	talentpools: {
		maxAttempts: 8,
		delaysMs: [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
		timeoutMs: 15 * SECOND,
		success: 'any-2xx',
		source: 'https://docs.svix.com/retries',
	},
	// spatie/laravel-webhook-server defaults: tries 3, timeout 3 s, ExponentialBackoffStrategy
	// waits 10^attempt seconds; the seed's "Max attempts" field overrides the tries.
	'signed-webhook': {
		maxAttempts: 3,
		delaysMs: Array.from({ length: 10 }, (_, index) => 10 ** (index + 1) * SECOND),
		timeoutMs: 3 * SECOND,
		success: 'any-2xx',
		source: 'https://github.com/spatie/laravel-webhook-server (config/webhook-server.php, ExponentialBackoffStrategy)',
	},
	// Neither HrFlow.ai nor PeopleForce documents retries or a timeout: one attempt, 10 s. A larger
	// maxAttempts on an endpoint retries every minute (a sandbox choice, not a platform fact).
	hrflow: { maxAttempts: 1, delaysMs: [MINUTE], timeoutMs: 10 * SECOND, success: 'any-2xx', source: 'not documented by HrFlow.ai' },
	peopleforce: { maxAttempts: 1, delaysMs: [MINUTE], timeoutMs: 10 * SECOND, success: 'any-2xx', source: 'not documented by PeopleForce' },
};

export interface RetryScheduleOptions {
	/** Multiplies every documented delay; 1 is real time. Default 0.001 (1 min becomes 60 ms). */
	scale?: number;
	/** Exact delays in ms per platform, replacing the documented ones (not scaled). */
	delaysMs?: Partial<Record<PlatformId, number[]>>;
}

export const DEFAULT_RETRY_SCALE = 0.001;

/** The delays the sandbox really waits for a platform, in ms, already compressed. */
export function effectiveDelays(platform: PlatformId, options: RetryScheduleOptions = {}): number[] {
	const exact = options.delaysMs?.[platform];
	if (exact !== undefined) return exact.length > 0 ? exact : [0];
	const scale = options.scale ?? DEFAULT_RETRY_SCALE;
	return retryPolicies[platform].delaysMs.map((ms) => ms * scale);
}

export function delayBeforeAttempt(delays: number[], failedAttempts: number): number {
	return delays[Math.min(failedAttempts - 1, delays.length - 1)] ?? 0;
}

export function isSuccessStatus(policy: RetryPolicy, status: number, acceptAny2xx = false): boolean {
	if (policy.success === 'any-2xx' || acceptAny2xx) return status >= 200 && status < 300;
	return status === policy.success;
}
