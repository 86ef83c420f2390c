import { parseUnverifiedDelivery, signDelivery, verifyDelivery } from '../../core';
import { expectCode } from '../helpers/expect-code';
import { opensslHmac } from '../helpers/independent';
import { platforms } from '../../core/platforms';
import { schemaErrors } from '../../core/schema';

const payload = { event: 'candidate.hired', occurred_at: '2026-11-20T09:30:00Z', data: { candidate_id: 42, name: 'Ada Lovelace' } };

describe('Generic signed webhook: HMAC of the raw body in a configurable header', () => {
	it('defaults to X-Signature hex HMAC-SHA256 (the seed PHP hash_hmac), cross-checked with openssl', () => {
		const delivery = signDelivery('signed-webhook', { event: 'webhook', data: payload }, { secret: 's3cret' });
		expect(delivery.headers['X-Signature']).toBe(opensslHmac('sha256', 's3cret', delivery.body, 'hex'));
		expect(verifyDelivery('signed-webhook', delivery, { secret: 's3cret' })).toMatchObject({ event: 'candidate.hired', occurredAt: '2026-11-20T09:30:00.000Z', data: payload });
	});

	it.each([
		['sha1', 'hex', '', 'X-Signature'],
		['sha512', 'base64', '', 'Signature'],
		['sha256', 'hex', 'sha256=', 'X-Hub-Signature-256'],
		['sha256', 'base64', '', 'X-Webhook-Signature'],
	] as const)('%s / %s / prefix "%s" in %s, against openssl', (algorithm, encoding, prefix, header) => {
		const settings = { secret: 'k3y', algorithm, encoding, prefix, header };
		const delivery = signDelivery('signed-webhook', { event: 'job.closed', data: { id: 9 } }, settings, { method: 'PUT' });
		expect(delivery.method).toBe('PUT');
		expect(delivery.headers[header]).toBe(prefix + opensslHmac(algorithm, 'k3y', delivery.body, encoding));
		expect(verifyDelivery('signed-webhook', { ...delivery, headers: { [header.toLowerCase()]: delivery.headers[header] } }, settings)).toMatchObject({
			event: 'job.closed',
			meta: { method: 'PUT' },
		});
		expectCode(() => verifyDelivery('signed-webhook', delivery, { ...settings, secret: 'other' }), 'signature_mismatch');
	});

	it('reads form bodies and plain text', () => {
		const form = signDelivery(
			'signed-webhook',
			{ event: 'webhook', data: { type: 'employee.left', id: '3' } },
			{ secret: 'k' },
			{ contentType: 'application/x-www-form-urlencoded' },
		);
		expect(verifyDelivery('signed-webhook', form, { secret: 'k' })).toMatchObject({ event: 'employee.left', data: { type: 'employee.left', id: '3' } });
		const text = { headers: { 'content-type': 'text/plain', 'X-Signature': opensslHmac('sha256', 'k', 'hello', 'hex') }, body: 'hello' };
		expect(verifyDelivery('signed-webhook', text, { secret: 'k' })).toMatchObject({ event: 'webhook', data: { body: 'hello' } });
	});

	it('rejections and settings errors', () => {
		const d = signDelivery('signed-webhook', { event: 'webhook', data: payload }, { secret: 'k' });
		expectCode(() => verifyDelivery('signed-webhook', { ...d, headers: {} }, { secret: 'k' }), 'missing_header', /X-Signature/);
		expectCode(() => verifyDelivery('signed-webhook', { ...d, body: d.body + ' ' }, { secret: 'k' }), 'signature_mismatch');
		// @ts-expect-error -- an algorithm the sender settings do not offer
		expectCode(() => verifyDelivery('signed-webhook', d, { secret: 'k', algorithm: 'md5' }), 'invalid_secret');
		expectCode(() => verifyDelivery('signed-webhook', d, { secret: 'k', header: 'bad header' }), 'invalid_secret');
		const badJson = { headers: { 'content-type': 'application/json', 'X-Signature': opensslHmac('sha256', 'k', '{oops', 'hex') }, body: '{oops' };
		expectCode(() => verifyDelivery('signed-webhook', badJson, { secret: 'k' }), 'malformed_body');
		expect(parseUnverifiedDelivery('signed-webhook', { headers: {}, body: JSON.stringify(payload) }).event).toBe('candidate.hired');
	});

	it('a setting changed between deliveries takes effect at once, on the same settings object too', () => {
		// The custom scheme is kept from the last call (signing.ts schemeOf); it must never outlive its settings.
		const settings: { secret: string; header: string; prefix: string; algorithm?: 'sha1' | 'sha256' | 'sha512' } = { secret: 'k', header: 'X-Sig', prefix: 'sha256=' };
		const prefixed = signDelivery('signed-webhook', { event: 'webhook', data: payload }, settings);
		expect(verifyDelivery('signed-webhook', prefixed, settings).event).toBe('candidate.hired');
		settings.prefix = '';
		expectCode(() => verifyDelivery('signed-webhook', prefixed, settings), 'malformed_header');
		const bare = signDelivery('signed-webhook', { event: 'webhook', data: payload }, settings);
		expect(verifyDelivery('signed-webhook', bare, settings).event).toBe('candidate.hired');
		settings.header = 'X-Other';
		expectCode(() => verifyDelivery('signed-webhook', bare, settings), 'missing_header', /X-Other/);
		settings.header = 'X-Sig';
		settings.algorithm = 'sha512';
		expectCode(() => verifyDelivery('signed-webhook', bare, settings), 'malformed_header', /SHA512/);
		// A setting that is not text is checked again on every call, never served from the kept scheme.
		expectCode(() => verifyDelivery('signed-webhook', bare, { ...settings, algorithm: 'sha256', prefix: 5 as unknown as string }), 'malformed_body');
		expect(verifyDelivery('signed-webhook', bare, { ...settings, algorithm: 'sha256' }).event).toBe('candidate.hired');
	});
});

describe('Signed webhook catalogue', () => {
	it('signed-webhook has one catch-all event that accepts any object', () => {
		expect(platforms['signed-webhook'].events.map((event) => event.name)).toEqual(['webhook']);
		expect(schemaErrors({ anything: [1, 2, 3] }, platforms['signed-webhook'].events[0].schema)).toEqual([]);
	});
});
