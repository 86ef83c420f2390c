/**
 * Pathological inputs to every platform (issue 14): 100k-deep nesting, 50 MB bodies, 10,000 headers, a
 * 1 MB signature header. Each is answered with a coded error, and the heap grows by no more than a few
 * times the body while it is. Timing is measured in `npm run bench` (bench/core.js), not here.
 */
import { type Delivery, type PlatformId, WebhookVerificationError, platformIds, signDelivery, statusForCode, verifyDelivery } from '../../../core';
import { examplesOf } from '../../../core/platforms/examples';

/** A genuine delivery's headers (so every check up to the signature passes), with the body replaced. */
function forged(id: PlatformId, body: Buffer | string): Delivery {
	const { event, secrets } = examplesOf(id);
	const genuine = signDelivery(id, { event, data: { id: 'x' }, id: 'evt-1' }, secrets);
	return { method: 'POST', headers: genuine.headers, body };
}

/** The refusal's code, and how much the heap grew while it was worked out (bytes). */
function refusal(id: PlatformId, delivery: Delivery, secrets: unknown = examplesOf(id).secrets): { code: string; heapGrowth: number } {
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
		// Signed with the right secret over the raw bytes (each platform's examples know how): still a coded answer or an event, never a crash.
		const { event, secrets, signRawBody } = examplesOf(id);
		const { code } = refusal(id, { headers: signRawBody(deep, 'application/json', event, secrets), body: deep });
		expect(['accepted', ...Object.keys(statusForCode)]).toContain(code);
	});

	it('10,000 headers (distinct, and one name repeated): a coded error', () => {
		const { event, secrets } = examplesOf(id);
		const genuine = signDelivery(id, { event, data: { id: 'x' }, id: 'evt-3' }, secrets);
		const many: Record<string, string | string[]> = { ...genuine.headers };
		for (let i = 0; i < 10_000; i++) many[`x-filler-${i}`] = 'v';
		expect(verifyDelivery(id, { headers: many, body: genuine.body }, secrets).event).toBeDefined();
		const repeated: Record<string, string | string[]> = { ...genuine.headers };
		const signatureHeader = Object.keys(genuine.headers).find((name) => /signature/i.test(name)) as string;
		repeated[signatureHeader] = Array.from({ length: 10_000 }, () => String(genuine.headers[signatureHeader]));
		const { code } = refusal(id, { headers: repeated, body: genuine.body });
		expect(code).toBe('malformed_header');
	});

	it('a 1 MB signature header: malformed_header', () => {
		const { event, secrets } = examplesOf(id);
		const genuine = signDelivery(id, { event, data: { id: 'x' }, id: 'evt-4' }, secrets);
		const signatureHeader = Object.keys(genuine.headers).find((name) => /signature/i.test(name)) as string;
		const { code, heapGrowth } = refusal(id, { headers: { ...genuine.headers, [signatureHeader]: 'v1='.padEnd(1024 * 1024, 'a') }, body: genuine.body });
		expect(code).toBe('malformed_header');
		expect(heapGrowth).toBeLessThan(16 * 1024 * 1024);
	});
});
