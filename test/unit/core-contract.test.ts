import { randomBytes } from 'node:crypto';
import { normalizeDelivery, platformIds, platforms, signDelivery, verifyDelivery, WebhookVerificationError, type Delivery, type PlatformId } from '../../core';
import { examplesOf } from '../../core/platforms/examples';

const secretsOf = (id: PlatformId) => examplesOf(id).secrets;

describe('every catalogue event of every platform round-trips through signDelivery and verifyDelivery', () => {
	for (const id of platformIds) {
		const platform = platforms[id];
		it.each(platform.events.map((e) => [e.name, e] as const))(`${id}: %s`, (_name, definition) => {
			const delivery = signDelivery(id, { event: definition.name, data: definition.sample, id: 'evt-42', meta: definition.sampleMeta }, secretsOf(id));
			const verified = verifyDelivery(id, delivery, secretsOf(id));
			expect(verified.platform).toBe(id);
			expect(verified.known).toBe(true);
			expect(verified.entity).toBe(definition.entity);
			expect(verified.data).toEqual(definition.sample);
			// The generic sender's payload names its own event; the others carry the catalogue name.
			expect(verified.event).toBe(id === 'signed-webhook' ? (definition.sample as { event: string }).event : definition.name);
		});
	}
});

describe('a header bag is read the same in every form a caller may pass it', () => {
	// A lower-case bag of single strings is read in place, any other through a map (core/delivery.ts).
	const spelled = (headers: Record<string, string>, spell: (name: string) => string) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [spell(name), value]));
	const titleCase = (name: string) => name.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());

	it.each(platformIds)('%s: as signed, lower-case, upper-case, Title-Case, as arrays, with absent entries', (id) => {
		const delivery = signDelivery(id, { event: examplesOf(id).event, data: examplesOf(id).dataWithText('bag'), id: 'evt-bag' }, secretsOf(id));
		const headers = delivery.headers as Record<string, string>;
		const lower = spelled(headers, (name) => name.toLowerCase());
		const expected = JSON.stringify(verifyDelivery(id, delivery, secretsOf(id)));
		const forms: Record<string, unknown>[] = [
			lower,
			spelled(headers, (name) => name.toUpperCase()),
			spelled(lower, titleCase),
			Object.fromEntries(Object.entries(lower).map(([name, value]) => [name, [value]])),
			{ ...lower, 'x-absent': undefined, 'x-null': null },
		];
		for (const form of forms) expect(JSON.stringify(verifyDelivery(id, { ...delivery, headers: form as Delivery['headers'] }, secretsOf(id)))).toBe(expected);
		const signatureHeader = examplesOf(id).signatureHeader(secretsOf(id)).toLowerCase();
		const twice = { ...lower, [titleCase(signatureHeader)]: lower[signatureHeader] };
		expect(() => verifyDelivery(id, { ...delivery, headers: twice }, secretsOf(id))).toThrow(expect.objectContaining({ code: 'malformed_header' }));
	});

	it('normalizeDelivery().headers lists every header by lower-case name, whichever way the bag came', () => {
		const expected = new Map([
			['content-type', ['application/json']],
			['x-signature', ['abc']],
		]);
		expect(normalizeDelivery({ headers: { 'content-type': 'application/json', 'x-signature': 'abc' }, body: '' }).headers).toEqual(expected);
		expect(normalizeDelivery({ headers: { 'Content-Type': 'application/json', 'X-Signature': 'abc' }, body: '' }).headers).toEqual(expected);
		expect(normalizeDelivery({ headers: { 'x-signature': 'abc', 'X-Signature': 'def' }, body: '' }).headers.get('x-signature')).toEqual(['abc', 'def']);
	});
});

describe('any input at all ends in a coded error, never another exception', () => {
	const garbage = (n: number) => randomBytes(n);
	const headerNames = [
		'svix-id',
		'svix-timestamp',
		'svix-signature',
		'webhook-signature',
		'HTTP-HRFLOW-SIGNATURE',
		'X-PeopleForce-Signature',
		'X-Signature',
		'X-Hub-Signature-256',
		'smartrecruiters-signature',
		'smartrecruiters-timestamp',
		'event-name',
		'link',
		'content-type',
	];
	const values = () => [
		'',
		'v1,',
		'v1=' + 'g'.repeat(64),
		'sha256=',
		'.',
		'..',
		String(Math.floor(Date.now() / 1000)),
		'application/json',
		'application/x-www-form-urlencoded',
		garbage(24).toString('base64'),
		garbage(32).toString('hex'),
		'x'.repeat(20000),
		'\u0000\uffff',
	];

	it('2,000 random deliveries across all platforms', () => {
		let seen = 0;
		for (let i = 0; i < 2000; i++) {
			const id = platformIds[i % platformIds.length];
			const headers: Record<string, string | string[]> = {};
			for (const name of headerNames)
				if (Math.random() < 0.5)
					headers[Math.random() < 0.5 ? name : name.toUpperCase()] = Math.random() < 0.1 ? [values()[0], values()[1]] : values()[Math.floor(Math.random() * 13)];
			const bodies = [
				garbage(Math.floor(Math.random() * 300)),
				'{"message":"' + garbage(16).toString('hex') + '.' + garbage(20).toString('hex') + '"}',
				'{"action":',
				'type=x&profile=%7B',
				'[]',
				'[1,2]',
				'null',
				'',
				'{"type":"x"}',
			];
			const delivery = { method: 'POST', headers, body: bodies[Math.floor(Math.random() * bodies.length)] };
			const secrets = Math.random() < 0.8 ? secretsOf(id) : [undefined, null, {}, { secret: ['a', 7] }, 'plain'][i % 5];
			try {
				verifyDelivery(id, delivery, secrets);
			} catch (error) {
				expect(error).toBeInstanceOf(WebhookVerificationError);
				seen++;
			}
		}
		expect(seen).toBe(2000);
	});

	it('structurally broken arguments', () => {
		const broken: unknown[] = [undefined, null, 42, 'text', { headers: null, body: {} }, { headers: 'x', body: 5 }, { headers: { a: [null, undefined] }, body: new Uint8Array(3) }];
		for (const delivery of broken) {
			for (const id of [...platformIds, 'nope', '__proto__', 'constructor']) {
				// Any string, as a JavaScript caller may pass: unknown ids are refused at run time too.
				expect(() => verifyDelivery(id as PlatformId, delivery as Delivery, {})).toThrow(WebhookVerificationError);
			}
		}
	});
});

describe("each platform's test examples are true of the platform", () => {
	it.each(platformIds)('%s: its secrets, event, raw-body signature, forged signature and by-hand check', (id) => {
		const examples = examplesOf(id);
		expect(platforms[id].events.map((event) => event.name)).toContain(examples.event);
		const delivery = signDelivery(id, { event: examples.event, data: examples.dataWithText('example text'), id: 'evt-example' }, examples.secrets);
		expect(verifyDelivery(id, delivery, examples.secrets).event).toBeDefined();
		expect(JSON.stringify(examples.verifyByHand(delivery, examples.secrets))).toContain('example text');
		expect(Object.keys(delivery.headers).map((name) => name.toLowerCase())).toContain(examples.signatureHeader(examples.secrets).toLowerCase());
		for (const secrets of [examples.secrets, examples.randomSecrets()]) {
			const { method, headers: signedHeaders, body } = signDelivery(id, { event: examples.event, data: examples.dataWithText('raw') }, secrets);
			const contentType = Object.entries(signedHeaders).find(([name]) => name.toLowerCase() === 'content-type')![1];
			const headers = examples.signRawBody(body, contentType, examples.event, secrets);
			expect(JSON.stringify(verifyDelivery(id, { method, headers, body }, secrets).data)).toContain('raw');
			const forged = { ...headers, [examples.signatureHeader(secrets)]: examples.forgedSignature(secrets) };
			expect(() => verifyDelivery(id, { method, headers: forged, body }, secrets)).toThrow(expect.objectContaining({ code: 'signature_mismatch' }));
		}
	});
});
