import { Webhook as StandardWebhook } from 'standardwebhooks';
import { execFileSync } from 'node:child_process';
import { signDelivery, signSvix, verifyDelivery, WebhookVerificationError } from '../../core';
import { encryptTalentPoolsMessage } from '../../core/platforms/talentpools/encryption';
import { expectCode } from '../helpers/expect-code';
import { platforms } from '../../core/platforms';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const seed = require('../helpers/talentpools-seed-snippet.js');

const secrets = { signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', encryptionKey: 'test-password-example-in-here' };
const now = new Date('2026-11-23T10:00:00Z');
const job = { id: 'job_81723', title: 'Senior React Developer', budget: 4200 };

function signed(overrides: Partial<typeof secrets> = {}, at: Date = now) {
	return signDelivery('talentpools', { event: 'job.posted', data: job, id: 'msg_2fQ1' }, { ...secrets, ...overrides }, { now: at });
}

describe('TalentPools: Svix signature + AES-256-CTR body', () => {
	it('round-trips: signDelivery then verifyDelivery gives the plaintext event', () => {
		const delivery = signed();
		const verified = verifyDelivery('talentpools', delivery, secrets, { now });
		expect(verified).toMatchObject({ platform: 'talentpools', event: 'job.posted', id: 'msg_2fQ1', data: job, occurredAt: now.toISOString() });
		expect(verified.events).toHaveLength(1);
		expect(verified.fingerprint).toMatch(/^[0-9a-f]{64}$/);
	});

	it("is decrypted by the seed's own Zapier snippet and passes the seed's signature check", () => {
		const delivery = signed();
		const plaintext = seed.decrypt({ data: JSON.parse(delivery.body).message, key: secrets.encryptionKey });
		expect(plaintext).toEqual({ eventType: 'job.posted', timestamp: now.toISOString(), data: job });
		const signedContent = `${delivery.headers['svix-id']}.${delivery.headers['svix-timestamp']}.${delivery.body}`;
		expect(seed.isMatchingSignature({ expectedSignature: delivery.headers['svix-signature'], signedContent, signingSecret: secrets.signingSecret })).toBe(true);
	});

	it('is accepted by the standardwebhooks package, and accepts what that package signs', () => {
		const delivery = signed({}, new Date());
		const headers = {
			'webhook-id': delivery.headers['svix-id'],
			'webhook-timestamp': delivery.headers['svix-timestamp'],
			'webhook-signature': delivery.headers['svix-signature'],
		};
		expect(() => new StandardWebhook(secrets.signingSecret).verify(delivery.body, headers)).not.toThrow();

		const body = JSON.stringify({
			message: encryptTalentPoolsMessage(JSON.stringify({ eventType: 'freelancer.registered', timestamp: new Date().toISOString(), data: { id: 'fr_1' } }), secrets.encryptionKey),
		});
		const sentAt = new Date();
		const signature = new StandardWebhook(secrets.signingSecret).sign('msg_theirs', sentAt, body);
		const theirs = { headers: { 'webhook-id': 'msg_theirs', 'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)), 'webhook-signature': signature }, body };
		expect(verifyDelivery('talentpools', theirs, secrets)).toMatchObject({ event: 'freelancer.registered', id: 'msg_theirs', data: { id: 'fr_1' } });
	});

	it('is accepted by the svix package (ESM, run in a child process) and accepts what svix signs', () => {
		const delivery = signed({}, new Date());
		const script = `
			import { Webhook } from 'svix';
			const input = JSON.parse(process.argv[1]);
			const wh = new Webhook(input.secret);
			wh.verify(input.body, input.headers);
			const at = new Date();
			const sig = wh.sign('msg_svix', at, input.theirBody);
			console.log(JSON.stringify({ sig, ts: String(Math.floor(at.getTime() / 1000)) }));`;
		const theirBody = JSON.stringify({
			message: encryptTalentPoolsMessage(JSON.stringify({ eventType: 'customer.registered', timestamp: new Date().toISOString(), data: { id: 'cu_9' } }), secrets.encryptionKey),
		});
		const out = execFileSync(
			process.execPath,
			['--input-type=module', '-e', script, JSON.stringify({ secret: secrets.signingSecret, body: delivery.body, headers: delivery.headers, theirBody })],
			{
				cwd: __dirname,
				encoding: 'utf8',
			},
		);
		const { sig, ts } = JSON.parse(out);
		const theirs = { headers: { 'svix-id': 'msg_svix', 'svix-timestamp': ts, 'svix-signature': sig }, body: theirBody };
		expect(verifyDelivery('talentpools', theirs, secrets).event).toBe('customer.registered');
	});

	it('accepts any of several signatures and any of several secrets (key rotation)', () => {
		const old = 'whsec_b2xkLXNlY3JldC1rZXktYnl0ZXMtMTIzNDU2Nzg=';
		const delivery = signDelivery('talentpools', { event: 'job.posted', data: job }, { ...secrets, signingSecret: [old, secrets.signingSecret] }, { now });
		expect(delivery.headers['svix-signature'].split(' ')).toHaveLength(2);
		expect(verifyDelivery('talentpools', delivery, secrets, { now }).event).toBe('job.posted');
		expect(verifyDelivery('talentpools', signed(), { ...secrets, signingSecret: [old, secrets.signingSecret] }, { now }).event).toBe('job.posted');
		expect(verifyDelivery('talentpools', signed({ encryptionKey: 'new-key' }), { ...secrets, encryptionKey: ['old-key', 'new-key'] }, { now }).event).toBe('job.posted');
	});

	it('lets unknown event types through, marked as not in the catalogue', () => {
		const delivery = signDelivery('talentpools', { event: 'milestone.completed', data: { id: 'm1' } }, secrets, { now });
		expect(verifyDelivery('talentpools', delivery, secrets, { now })).toMatchObject({ event: 'milestone.completed', known: false });
		expect(verifyDelivery('talentpools', signed(), secrets, { now })).toMatchObject({ known: true, entity: 'job' });
	});

	describe('rejections', () => {
		it('tampered body → signature_mismatch', () => {
			const d = signed();
			const body = JSON.stringify({ message: JSON.parse(d.body).message.replace(/.$/, (c: string) => (c === '0' ? '1' : '0')) });
			expectCode(() => verifyDelivery('talentpools', { ...d, body }, secrets, { now }), 'signature_mismatch', /raw request body/);
		});
		it('wrong signing secret → signature_mismatch, without the secret in the message', () => {
			const wrong = 'whsec_d3Jvbmctc2VjcmV0LWJ5dGVzLWhlcmUtMTIzNDU=';
			const error = expectCode(() => verifyDelivery('talentpools', signed(), { ...secrets, signingSecret: wrong }, { now }), 'signature_mismatch');
			expect(error.message).not.toContain(wrong);
			expect(error.message).not.toContain(secrets.encryptionKey);
		});
		it('secret pasted with a trailing space is named in the hint', () => {
			expectCode(
				() => verifyDelivery('talentpools', signed(), { ...secrets, signingSecret: 'whsec_d3Jvbmctc2VjcmV0LWJ5dGVzLWhlcmUtMTIzNDU= ' }, { now }),
				'signature_mismatch',
				/whitespace/,
			);
		});
		it('missing headers → missing_header naming them', () => {
			const d = signed();
			const { 'svix-signature': _sig, ...rest } = d.headers;
			expectCode(() => verifyDelivery('talentpools', { ...d, headers: rest }, secrets, { now }), 'missing_header', /svix-signature/);
			expectCode(() => verifyDelivery('talentpools', { headers: {}, body: d.body }, secrets, { now }), 'missing_header', /svix-id, svix-timestamp, svix-signature/);
		});
		it('duplicated signature header → malformed_header', () => {
			const d = signed();
			expectCode(
				() => verifyDelivery('talentpools', { ...d, headers: { ...d.headers, 'svix-signature': [d.headers['svix-signature'], 'v1,AAAA'] } }, secrets, { now }),
				'malformed_header',
				/2 times/,
			);
		});
		it('stale or future Svix timestamp → timestamp_out_of_tolerance (5 minutes by default)', () => {
			const d = signed();
			expectCode(() => verifyDelivery('talentpools', d, secrets, { now: new Date(now.getTime() + 301_000), eventToleranceSeconds: 0 }), 'timestamp_out_of_tolerance', /301 s ago/);
			expectCode(
				() => verifyDelivery('talentpools', d, secrets, { now: new Date(now.getTime() - 400_000), eventToleranceSeconds: 0 }),
				'timestamp_out_of_tolerance',
				/in the future/,
			);
			expect(verifyDelivery('talentpools', d, secrets, { now: new Date(now.getTime() + 299_000), eventToleranceSeconds: 0 }).event).toBe('job.posted');
		});
		it("encrypted timestamp older than 15 s → timestamp_out_of_tolerance with the strict option (the seed's check)", () => {
			const d = signed();
			expect(verifyDelivery('talentpools', d, secrets, { now: new Date(now.getTime() + 15_000), eventToleranceSeconds: 15 }).event).toBe('job.posted');
			expectCode(
				() => verifyDelivery('talentpools', d, secrets, { now: new Date(now.getTime() + 16_000), eventToleranceSeconds: 15 }),
				'timestamp_out_of_tolerance',
				/encrypted event timestamp/,
			);
			expect(verifyDelivery('talentpools', d, secrets, { now: new Date(now.getTime() + 16_000), eventToleranceSeconds: 60 }).event).toBe('job.posted');
		});
		it('wrong encryption key → decryption_failed', () => {
			expectCode(() => verifyDelivery('talentpools', signed(), { ...secrets, encryptionKey: 'not-the-key' }, { now }), 'decryption_failed', /encryption key/);
		});
		it('truncated ciphertext still signed → decryption_failed; bad hex → malformed_body', () => {
			const iv = '00112233445566778899aabbccddeeff';
			const resign = (message: string) => {
				const body = JSON.stringify({ message });
				const svixHeaders = signSvix(body, [secrets.signingSecret], { now });
				return { headers: svixHeaders, body };
			};
			const full = JSON.parse(signed().body).message as string;
			expectCode(() => verifyDelivery('talentpools', resign(full.slice(0, 33 + 18)), secrets, { now }), 'decryption_failed');
			expectCode(() => verifyDelivery('talentpools', resign(`${iv}.zz12`), secrets, { now }), 'malformed_body', /hex ciphertext/);
			expectCode(() => verifyDelivery('talentpools', resign('no-dot-here'), secrets, { now }), 'malformed_body');
		});
		it('a body that is not JSON (but signed) → malformed_body', () => {
			const body = 'not json';
			const headers = signSvix(body, [secrets.signingSecret], { now });
			expectCode(() => verifyDelivery('talentpools', { headers, body }, secrets, { now }), 'malformed_body', /not JSON/);
		});
		it('thousands of signatures are refused before any HMAC', () => {
			const d = signed();
			const many = Array.from({ length: 5000 }, () => 'v1,AAAA').join(' ');
			expectCode(() => verifyDelivery('talentpools', { ...d, headers: { ...d.headers, 'svix-signature': many } }, secrets, { now }), 'malformed_header');
		});
		it('a secret that is not whsec_ base64 → invalid_secret, without echoing it', () => {
			const error = expectCode(() => verifyDelivery('talentpools', signed(), { ...secrets, signingSecret: 'whsec_!!not base64!!' }, { now }), 'invalid_secret');
			expect(error.message).not.toContain('!!not base64!!');
		});
		it('no secrets at all → missing_secret', () => {
			// @ts-expect-error -- no secrets, as a JavaScript caller or an empty credential may pass
			expectCode(() => verifyDelivery('talentpools', signed(), {}, { now }), 'missing_secret');
			// @ts-expect-error -- as above
			expect(() => verifyDelivery('talentpools', signed(), undefined, { now })).toThrow(WebhookVerificationError);
		});
	});
});

describe('TalentPools catalogue', () => {
	it('talentpools has the four documented events', () => {
		expect(platforms.talentpools.events.map((event) => event.name)).toEqual(['freelancer.registered', 'customer.registered', 'job.posted', 'job.application.created']);
	});
});
