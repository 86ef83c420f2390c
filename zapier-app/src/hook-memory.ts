/**
 * What a hook trigger keeps in Zapier's cache (z.cache), scoped to the Zapier user:
 *  - one key per event it ran, for as long as the platform may redeliver it: Zapier deduplicates
 *    polling triggers only, so a redelivered svix-id would otherwise start a second run. The key is
 *    claimed with set-if-absent (nx), which is atomic on Zapier's side: two attempts arriving
 *    together cannot both claim it.
 *  - the last delivery the trigger received (accepted with its items, or refused with the code), so
 *    that the editor's test step shows a real delivery, or why it was refused.
 */
import { createHash } from 'node:crypto';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { type AnyPlatformDefinition, redeliverySpanSeconds } from '../../core';
import { secretsOf } from './secrets';

export const CACHE_SCOPE = ['user'];
/** Long enough for the user to press "Send Example" and then "Test trigger". */
export const LAST_DELIVERY_TTL_SECONDS = 24 * 3600;
/** Platforms that document no retries still get a manual resend or a proxy's retry within minutes. */
export const MIN_REDELIVERY_WINDOW_SECONDS = 3600;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * One Zap's trigger: Zapier names the Zap in bundle.meta.zap.id; without it, the per-endpoint secrets
 * stand in (a TalentPools whsec_ belongs to exactly one endpoint, so to one Zap), digested. The first
 * identity is the most precise one available; the editor's test step may run with or without the Zap
 * id, so the last delivery is filed under every identity and read from the first that has one.
 */
export function hookIdentities(platform: AnyPlatformDefinition, triggerKey: string, bundle: Pick<Bundle, 'authData' | 'inputData' | 'meta'>): string[] {
	const zapId = (bundle.meta as { zap?: { id?: unknown } } | undefined)?.zap?.id;
	const secrets = secretsOf(platform, bundle);
	// The current values only: a previous secret being rotated out names no other endpoint.
	const endpoint = `endpoint:${platform.secretFields
		.filter((f) => f.scope === 'endpoint')
		.map((f) => secrets[f.key] ?? '')
		.join('\u0000')}`;
	const names = zapId !== undefined && zapId !== null && String(zapId) !== '' ? [`zap:${String(zapId)}`, endpoint] : [endpoint];
	return names.map((name) => sha256(`${platform.id}\u0000${triggerKey}\u0000${name}`).slice(0, 32));
}

export function hookIdentity(platform: AnyPlatformDefinition, triggerKey: string, bundle: Pick<Bundle, 'authData' | 'inputData' | 'meta'>): string {
	return hookIdentities(platform, triggerKey, bundle)[0];
}

export function redeliveryWindowSecondsOf(platform: AnyPlatformDefinition): number {
	return Math.max(MIN_REDELIVERY_WINDOW_SECONDS, redeliverySpanSeconds(platform) + 3600);
}

/**
 * Claims each key; true for the keys seen here first. Zapier answers a set-if-absent with true when it
 * stored the value and false (or null) when the key was there. A cache that fails lets the events
 * run: a doubled run is better than a lost event.
 */
export async function claimFirstSightings(z: ZObject, identity: string, keys: string[], ttlSeconds: number): Promise<boolean[]> {
	const fresh: boolean[] = [];
	for (const key of keys) {
		try {
			const stored = await z.cache.set(`hirehooks:seen:${identity}:${sha256(key)}`, 1, ttlSeconds, CACHE_SCOPE, true);
			fresh.push(!(stored === false || stored === null));
		} catch (error) {
			z.console.log(`[HireHooks] redelivery memory unavailable (${error instanceof Error ? error.message : 'error'}): the event runs.`);
			fresh.push(true);
		}
	}
	return fresh;
}

export type LastDelivery =
	| { at: string; outcome: 'accepted'; items: unknown[] }
	| { at: string; outcome: 'ignored'; events: string[] }
	| { at: string; outcome: 'refused'; code: string; message: string; setting?: string };

export async function rememberLastDelivery(z: ZObject, identities: string[], record: LastDelivery): Promise<void> {
	for (const identity of identities) {
		try {
			await z.cache.set(`hirehooks:last:${identity}`, record, LAST_DELIVERY_TTL_SECONDS, CACHE_SCOPE);
		} catch {
			// Only the editor's test step reads it; a run never depends on it.
		}
	}
}

export async function lastDelivery(z: ZObject, identities: string[]): Promise<LastDelivery | undefined> {
	// zapier-platform-core's get(key, scope) passes the scope on; its type declares the key alone.
	const get = z.cache.get as (key: string, scope?: string[]) => Promise<unknown>;
	for (const identity of identities) {
		const record = (await get(`hirehooks:last:${identity}`, CACHE_SCOPE)) as LastDelivery | null;
		if (record !== null && record !== undefined) return record;
	}
	return undefined;
}
