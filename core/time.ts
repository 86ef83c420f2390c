import { WebhookVerificationError } from './errors';

/**
 * ISO-8601 text of a Unix time in seconds. Formatting a Date costs about as much as parsing a 2 KB
 * body, and deliveries come in bursts signed within the same second, so the last answer is kept.
 */
let lastSeconds = NaN;
let lastIso = '';

export function isoOfUnixSeconds(seconds: number): string {
	if (seconds !== lastSeconds) {
		lastIso = new Date(seconds * 1000).toISOString();
		lastSeconds = seconds;
	}
	return lastIso;
}

export function describeSkew(secondsAgo: number): string {
	return secondsAgo >= 0 ? `${secondsAgo} s ago` : `${-secondsAgo} s in the future`;
}

/**
 * Refuses a signed time outside the window: a replayed or delayed delivery, or a clock that is off on
 * one side. `what` names what was signed in the message ("delivery", "notification").
 */
export function checkSignedTime(signedSeconds: number, toleranceSeconds: number, now: Date | undefined, what = 'delivery'): void {
	const skew = Math.floor((now === undefined ? Date.now() : now.getTime()) / 1000) - signedSeconds;
	if (Math.abs(skew) > toleranceSeconds) {
		throw new WebhookVerificationError(
			'timestamp_out_of_tolerance',
			`The ${what} was signed ${describeSkew(skew)}, outside the ${toleranceSeconds} s window: a replayed or delayed delivery, or a clock that is off on one side.`,
		);
	}
}
