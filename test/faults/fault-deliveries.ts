/** Genuine deliveries of the fault runs: events emitted by the in-process sandbox, and figures of their attempts. */
import { platformIds, platforms, type PlatformId } from '../../core';
import { type Stack, sleep } from '../e2e/helpers';
import { FAULT_ID } from './stored-executions';

export interface SandboxAttempt {
	number: number;
	at: string;
	status?: number;
	ok: boolean;
	error?: string;
	latencyMs?: number;
	responseBody?: string;
	responseLost?: boolean;
	request: { url: string; method: string; headers: Record<string, string>; body: string };
}
export interface SandboxRecord {
	id: string;
	platform: PlatformId;
	eventId: string;
	status: 'pending' | 'delivered' | 'failed' | 'cancelled';
	attempts: SandboxAttempt[];
}
export interface InProcessSandbox {
	url: string;
	holdDeliveries(): Promise<void>;
	resumeDeliveries(): void;
	emit(input: { platform: string; event: string; data?: unknown; loseResponses?: number }): {
		eventId: string;
		deliveries: SandboxRecord[];
		firstAttempts: Promise<SandboxRecord[]>;
	};
}
export interface Sent {
	platform: PlatformId;
	faultId: string;
	eventId: string;
	record: SandboxRecord;
	lostAnswers: number;
}

export const sandboxOf = (stack: Stack): InProcessSandbox => stack.sandbox as unknown as InProcessSandbox;

/** One genuine event: a catalogue event of the platform with a fault id in its data. */
export function emitGenuine(stack: Stack, platform: PlatformId, n: number, faultId: string, lostAnswers: number): Promise<Sent> {
	const events = platforms[platform].events;
	const definition = events[Math.floor(n / platformIds.length) % events.length];
	const data = { ...(definition.sample as Record<string, unknown>), [FAULT_ID]: faultId };
	const emitted = sandboxOf(stack).emit({ platform, event: definition.name, data, ...(lostAnswers > 0 ? { loseResponses: lostAnswers } : {}) });
	if (emitted.deliveries.length !== 1) throw new Error(`emit ${platform} ${definition.name}: ${emitted.deliveries.length} deliveries, expected 1`);
	return emitted.firstAttempts.then(() => ({ platform, faultId, eventId: emitted.eventId, record: emitted.deliveries[0], lostAnswers }));
}

/** Waits until no delivery of `sent` is pending any more. */
export async function deliveriesSettled(sent: Sent[], timeoutMs: number): Promise<number> {
	const t0 = Date.now();
	for (;;) {
		const pending = sent.filter((s) => s.record.status === 'pending').length;
		if (pending === 0) return Date.now() - t0;
		if (Date.now() - t0 > timeoutMs) return Date.now() - t0;
		await sleep(250);
	}
}

export function attemptFigures(sent: Sent[]) {
	const attempts = sent.flatMap((s) => s.record.attempts);
	const failed = attempts.filter((a) => !a.ok);
	const byCause: Record<string, number> = {};
	for (const attempt of failed) {
		const cause = attempt.responseLost
			? 'lost answer'
			: attempt.status !== undefined
				? `answered ${attempt.status}`
				: /no complete response within/.test(attempt.error ?? '')
					? 'timeout'
					: /refused/.test(attempt.error ?? '')
						? 'connection refused'
						: 'connection error';
		byCause[cause] = (byCause[cause] ?? 0) + 1;
	}
	return { attempts: attempts.length, retries: attempts.length - sent.length, failedAttempts: failed.length, byCause };
}
