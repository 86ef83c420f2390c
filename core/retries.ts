/**
 * Platforms' retry schedules, as data on each platform (PlatformDefinition.retries): the sandbox
 * replays them, and the triggers size their redelivery memory from them, because a platform that got
 * no answer in time (n8n was slow, the answer was lost) delivers the same event again, possibly hours
 * later, and that retry must not start a second run.
 */
import type { PlatformDefinition } from './types';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** The delay before the next attempt once `failedAttempts` attempts have failed (the last listed delay repeats). */
export function delayBeforeAttempt(delays: number[], failedAttempts: number): number {
	return delays[Math.min(failedAttempts - 1, delays.length - 1)] ?? 0;
}

/** How long after its first attempt the platform may still deliver an event: every delay of its schedule added up (0 when it never retries). */
export function redeliverySpanSeconds(platform: Pick<PlatformDefinition, 'retries'>): number {
	const { maxAttempts, delaysMs } = platform.retries;
	let totalMs = 0;
	for (let failed = 1; failed < maxAttempts; failed++) totalMs += delayBeforeAttempt(delaysMs, failed);
	return Math.ceil(totalMs / SECOND);
}
