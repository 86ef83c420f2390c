/**
 * The sandbox's use of each platform's retry schedule (PlatformDefinition.retries, in the core): it
 * runs them compressed (RetryScheduleOptions.scale); timeouts are not scaled.
 */
import { delayBeforeAttempt, platformIds, platforms, type PlatformId, type RetryPolicy } from '../core';

export { delayBeforeAttempt, type RetryPolicy };

/** The platforms' documented schedules live with the rest of their facts, in the core. */
export const retryPolicies: Record<PlatformId, RetryPolicy> = Object.fromEntries(platformIds.map((id) => [id, platforms[id].retries])) as Record<PlatformId, RetryPolicy>;

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

export function isSuccessStatus(policy: RetryPolicy, status: number, acceptAny2xx = false): boolean {
	if (policy.success === 'any-2xx' || acceptAny2xx) return status >= 200 && status < 300;
	return status === policy.success;
}
