import { randomBytes } from 'node:crypto';
import { platformIds, platforms, signDelivery, verifyDelivery, WebhookVerificationError, type Delivery, type PlatformId } from '../../core';

export const sandboxSecrets: Record<PlatformId, Record<string, unknown>> = {
	talentpools: { signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', encryptionKey: 'tp-encryption-key' },
	hrflow: { secret: 'wsk_contract' },
	peopleforce: { secret: 'pf-contract' },
	'signed-webhook': { secret: 'sw-contract', header: 'X-Hub-Signature-256', prefix: 'sha256=' },
	smartrecruiters: { secret: 'sr-contract' },
};

describe('every catalogue event of every platform round-trips through signDelivery and verifyDelivery', () => {
	for (const id of platformIds) {
		const platform = platforms[id];
		it.each(platform.events.map((e) => [e.name, e] as const))(`${id}: %s`, (_name, definition) => {
			const delivery = signDelivery(id, { event: definition.name, data: definition.sample, id: 'evt-42', meta: definition.sampleMeta }, sandboxSecrets[id]);
			const verified = verifyDelivery(id, delivery, sandboxSecrets[id]);
			expect(verified.platform).toBe(id);
			expect(verified.known).toBe(true);
			expect(verified.entity).toBe(definition.entity);
			expect(verified.data).toEqual(definition.sample);
			// The generic sender's payload names its own event; the others carry the catalogue name.
			expect(verified.event).toBe(id === 'signed-webhook' ? (definition.sample as { event: string }).event : definition.name);
		});
	}
});

describe('any input at all ends in a coded error, never another exception', () => {
	const garbage = (n: number) => randomBytes(n);
	const headerNames = ['svix-id', 'svix-timestamp', 'svix-signature', 'webhook-signature', 'HTTP-HRFLOW-SIGNATURE', 'X-PeopleForce-Signature', 'X-Signature', 'X-Hub-Signature-256', 'smartrecruiters-signature', 'smartrecruiters-timestamp', 'event-name', 'link', 'content-type'];
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
			for (const name of headerNames) if (Math.random() < 0.5) headers[Math.random() < 0.5 ? name : name.toUpperCase()] = Math.random() < 0.1 ? [values()[0], values()[1]] : values()[Math.floor(Math.random() * 13)];
			const bodies = [garbage(Math.floor(Math.random() * 300)), '{"message":"' + garbage(16).toString('hex') + '.' + garbage(20).toString('hex') + '"}', '{"action":', 'type=x&profile=%7B', '[]', '[1,2]', 'null', '', '{"type":"x"}'];
			const delivery = { method: 'POST', headers, body: bodies[Math.floor(Math.random() * bodies.length)] };
			const secrets = Math.random() < 0.8 ? sandboxSecrets[id] : [undefined, null, {}, { secret: ['a', 7] }, 'plain'][i % 5];
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
				expect(() => verifyDelivery(id, delivery as Delivery, {})).toThrow(WebhookVerificationError);
			}
		}
	});
});
