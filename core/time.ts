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
