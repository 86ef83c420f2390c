/**
 * Pathological inputs to every platform (issue 14): 100k-deep nesting, 50 MB bodies, 10,000 headers, a
 * 1 MB signature header. Each is answered with a coded error, and the heap grows by no more than a few
 * times the body while it is. Timing is measured in `npm run bench` (bench/core.js), not here.
 */
import { createHmac } from 'node:crypto';
import { type Delivery, type PlatformId, WebhookVerificationError, platformIds, signDelivery, statusForCode, verifyDelivery } from '../../../core';

const SECRETS: Record<PlatformId, Record<string, unknown>> = {
	talentpools: { signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', encryptionKey: 'patho-key' },
	hrflow: { secret: 'wsk_patho' },
	peopleforce: { secret: 'pf-patho' },
	'signed-webhook': { secret: 'sw-patho' },
	smartrecruiters: { secret: 'sr-patho' },
};
const EVENT: Record<PlatformId, string> = { talentpools: 'job.posted', hrflow: 'profile.parsing.success', peopleforce: 'employee_create', 'signed-webhook': 'webhook', smartrecruiters: 'job.created' };

/** A genuine delivery's headers (so every check up to the signature passes), with the body replaced. */
function forged(id: PlatformId, body: Buffer | string): Delivery {
	const genuine = signDelivery(id, { event: EVENT[id], data: { id: 'x' }, id: 'evt-1' }, SECRETS[id]);
	return { method: 'POST', headers: genuine.headers, body };
}

/** The refusal's code, and how much the heap grew while it was worked out (bytes). */
function refusal(id: PlatformId, delivery: Delivery, secrets: unknown = SECRETS[id]): { code: string; heapGrowth: number } {
	const before = process.memoryUsage().heapUsed;
	let peak = before;
	let code = 'accepted';
	try {
		verifyDelivery(id, delivery, secrets);
	} catch (error) {
		peak = Math.max(peak, process.memoryUsage().heapUsed);
		code = error instanceof WebhookVerificationError ? error.code : `uncoded ${(error as Error).name}`;
	}
	return { code, heapGrowth: peak - before };
}

describe.each(platformIds)('%s', (id) => {
	it('a 50 MB body: body_too_large, unread', () => {
		const body = Buffer.alloc(50 * 1024 * 1024, 0x7b);
		const { code, heapGrowth } = refusal(id, forged(id, body));
		expect(code).toBe('body_too_large');
		expect(heapGrowth).toBeLessThan(body.length);
		const asText = refusal(id, forged(id, '{'.repeat(50 * 1024 * 1024)));
		expect(asText.code).toBe('body_too_large');
	});

	it('100k-deep nesting, forged and genuinely signed: a coded error, heap within a few times the body', () => {
		const deep = '['.repeat(100_000) + ']'.repeat(100_000);
		const forgedResult = refusal(id, forged(id, deep));
		expect(Object.keys(statusForCode)).toContain(forgedResult.code);
		expect(forgedResult.heapGrowth).toBeLessThan(4 * Buffer.byteLength(deep) + 8 * 1024 * 1024);
		// Signed with the right secret where the scheme signs the raw bytes: still a coded answer or an event, never a crash.
		const rawSigned: Partial<Record<PlatformId, Record<string, string>>> = {
			peopleforce: { 'X-PeopleForce-Signature': `sha256=${createHmac('sha256', 'pf-patho').update(deep).digest('hex')}` },
			'signed-webhook': { 'X-Signature': createHmac('sha256', 'sw-patho').update(deep).digest('hex') },
		};
		if (rawSigned[id] !== undefined) {
			const { code } = refusal(id, { headers: rawSigned[id] as Record<string, string>, body: deep });
			expect(['accepted', ...Object.keys(statusForCode)]).toContain(code);
		}
	});

	it('10,000 headers (distinct, and one name repeated): a coded error', () => {
		const genuine = signDelivery(id, { event: EVENT[id], data: { id: 'x' }, id: 'evt-3' }, SECRETS[id]);
		const many: Record<string, string | string[]> = { ...genuine.headers };
		for (let i = 0; i < 10_000; i++) many[`x-filler-${i}`] = 'v';
		expect(verifyDelivery(id, { headers: many, body: genuine.body }, SECRETS[id]).event).toBeDefined();
		const repeated: Record<string, string | string[]> = { ...genuine.headers };
		const signatureHeader = Object.keys(genuine.headers).find((name) => /signature/i.test(name)) as string;
		repeated[signatureHeader] = Array.from({ length: 10_000 }, () => String(genuine.headers[signatureHeader]));
		const { code } = refusal(id, { headers: repeated, body: genuine.body });
		expect(code).toBe('malformed_header');
	});

	it('a 1 MB signature header: malformed_header', () => {
		const genuine = signDelivery(id, { event: EVENT[id], data: { id: 'x' }, id: 'evt-4' }, SECRETS[id]);
		const signatureHeader = Object.keys(genuine.headers).find((name) => /signature/i.test(name)) as string;
		const { code, heapGrowth } = refusal(id, { headers: { ...genuine.headers, [signatureHeader]: 'v1='.padEnd(1024 * 1024, 'a') }, body: genuine.body });
		expect(code).toBe('malformed_header');
		expect(heapGrowth).toBeLessThan(16 * 1024 * 1024);
	});
});
