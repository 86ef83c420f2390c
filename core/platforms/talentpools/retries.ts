import { HOUR, MINUTE, SECOND } from '../../retries';
import type { RetryPolicy } from '../../types';

/**
 * TalentPools sends through Svix (docs.svix.com/retries): immediately, then 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h; any 2xx within 15 s. Its own file because verification sizes the encrypted
 * timestamp window from it (signing.ts).
 */
export const TALENTPOOLS_RETRIES: RetryPolicy = {
	maxAttempts: 8,
	delaysMs: [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
	timeoutMs: 15 * SECOND,
	success: 'any-2xx',
	source: 'https://docs.svix.com/retries',
};
