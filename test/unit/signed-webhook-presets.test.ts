/**
 * Each Signed Webhook preset against code or vectors we did not write: Stripe's SDK, Octokit's
 * webhooks-methods and GitHub's documented vector, Slack's documented example, Shopify's documented
 * algorithm (openssl), standardwebhooks and svix; custom templates against Python's hmac.
 */
import { execFileSync } from 'node:child_process';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { credentialFieldsOf, platforms, receiveDelivery, recognizeHandshake, signDelivery, verifyDelivery } from '../../core';
import { signedWebhookPresetIds, signedWebhookPresets } from '../../core/platforms/signed-webhook/presets';
import { MAX_TEMPLATE_LENGTH } from '../../core/platforms/signed-webhook/template';
import { expectCode } from '../helpers/expect-code';
import { opensslHmac, python } from '../helpers/independent';

const stripe = new Stripe('sk_test_hirehooks_unit');
const now = new Date('2026-11-20T09:30:00Z');
const nowSeconds = Math.floor(now.getTime() / 1000);

/** Octokit's and svix's packages are ESM-only: run them in a child Node process. */
function esm(imports: string, script: string, input: unknown): string {
	const code = `${imports}; const input = JSON.parse(process.argv[1]); ${script}`;
	return execFileSync(process.execPath, ['--input-type=module', '-e', code, JSON.stringify(input)], { cwd: __dirname, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}
const octokit = (script: string, input: Record<string, string>): string => esm("import { sign, verify } from '@octokit/webhooks-methods'", script, input);

describe('Signed Webhook presets, against the vendors', () => {
	it('Laravel/Spatie: X-Signature hex HMAC-SHA256 of the body (the seed PHP hash_hmac), against openssl', () => {
		const secrets = { preset: 'spatie' as const, secret: 's3cret' };
		const delivery = signDelivery('signed-webhook', { event: 'candidate.hired', data: { id: 1 } }, secrets);
		expect(delivery.headers['X-Signature']).toBe(opensslHmac('sha256', 's3cret', delivery.body, 'hex'));
		expect(verifyDelivery('signed-webhook', delivery, secrets)).toMatchObject({ event: 'candidate.hired', meta: { preset: 'spatie' } });
		// The preset fixes the format: settings meant for "custom" do not change it.
		expect(verifyDelivery('signed-webhook', delivery, { ...secrets, header: 'X-Other', prefix: 'x=' }).event).toBe('candidate.hired');
	});

	it("GitHub: GitHub's documented vector, and Octokit's sign/verify both ways", () => {
		// docs.github.com "Validating webhook deliveries", "Testing the webhook payload validation".
		const documented = {
			headers: { 'X-Hub-Signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17', 'content-type': 'text/plain' },
			body: 'Hello, World!',
		};
		expect(verifyDelivery('signed-webhook', documented, { preset: 'github', secret: "It's a Secret to Everybody" }).data).toEqual({ body: 'Hello, World!' });

		const secrets = { preset: 'github' as const, secret: 'gh-secret' };
		const ours = signDelivery('signed-webhook', { event: 'issues', data: { action: 'opened', issue: { number: 7 } }, id: 'b3c1e0a0-1111-4222-8333-944455556666' }, secrets);
		expect(
			octokit('console.log(await verify(input.secret, input.body, input.signature));', { secret: 'gh-secret', body: ours.body, signature: ours.headers['X-Hub-Signature-256'] }),
		).toBe('true');
		const theirs = octokit('console.log(await sign(input.secret, input.body));', { secret: 'gh-secret', body: ours.body });
		const verified = verifyDelivery('signed-webhook', { ...ours, headers: { ...ours.headers, 'X-Hub-Signature-256': theirs } }, secrets);
		expect(verified).toMatchObject({ event: 'issues', id: 'b3c1e0a0-1111-4222-8333-944455556666', data: { action: 'opened' } });
		expectCode(() => verifyDelivery('signed-webhook', ours, { ...secrets, secret: 'other' }), 'signature_mismatch');
	});

	it("Stripe: the SDK's test header verifies here, ours passes constructEvent; several v1 entries; the tolerance", () => {
		const secret = 'whsec_stripe_unit_secret';
		const secrets = { preset: 'stripe' as const, secret };
		const payload = JSON.stringify({ id: 'evt_1Q', object: 'event', type: 'invoice.paid', data: { object: { id: 'in_1' } } });
		const header = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: nowSeconds });
		const verified = verifyDelivery('signed-webhook', { headers: { 'Stripe-Signature': header, 'content-type': 'application/json' }, body: payload }, secrets, { now });
		expect(verified).toMatchObject({ event: 'invoice.paid', id: 'evt_1Q', meta: { preset: 'stripe' } });

		const ours = signDelivery('signed-webhook', { event: 'customer.created', data: { object: 'event', data: { object: { id: 'cus_1' } } } }, secrets);
		const event = stripe.webhooks.constructEvent(ours.body, ours.headers['Stripe-Signature'], secret);
		expect(event.type).toBe('customer.created');
		expect(verifyDelivery('signed-webhook', ours, secrets).id).toBe(event.id);

		// Stripe lists a v1 per active secret while one is rolled: any may match.
		const other = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_other', timestamp: nowSeconds });
		const both = `t=${nowSeconds},v1=${other.split('v1=')[1]},v1=${header.split('v1=')[1]},v0=ignored`;
		expect(verifyDelivery('signed-webhook', { headers: { 'stripe-signature': both }, body: payload }, secrets, { now }).id).toBe('evt_1Q');

		const old = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: nowSeconds - 301 });
		expectCode(() => verifyDelivery('signed-webhook', { headers: { 'stripe-signature': old }, body: payload }, secrets, { now }), 'timestamp_out_of_tolerance');
		expect(() => stripe.webhooks.constructEvent(payload, old, secret, 300, undefined, { now: () => now.getTime() } as never)).toThrow();
		expect(verifyDelivery('signed-webhook', { headers: { 'stripe-signature': old }, body: payload }, secrets, { now, toleranceSeconds: 600 }).id).toBe('evt_1Q');
		expectCode(
			() => verifyDelivery('signed-webhook', { headers: { 'stripe-signature': `v1=${header.split('v1=')[1]}` }, body: payload }, secrets, { now }),
			'malformed_header',
			/one "t="/,
		);
	});

	it("Slack: Slack's documented example verifies; ours matches Python's hmac over v0:ts:body", () => {
		// api.slack.com/authentication/verifying-requests-from-slack, the worked example.
		const body =
			'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
		const documented = {
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'X-Slack-Request-Timestamp': '1531420618',
				'X-Slack-Signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
			},
			body,
		};
		const secrets = { preset: 'slack' as const, secret: '8f742231b10e8888abcd99yyyzzz85a5' };
		const verified = verifyDelivery('signed-webhook', documented, secrets, { now: new Date(1531420618 * 1000 + 30_000) });
		expect(verified).toMatchObject({ event: '/webhook-collect', id: '398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c' });
		expectCode(() => verifyDelivery('signed-webhook', documented, secrets, { now }), 'timestamp_out_of_tolerance');

		const ours = signDelivery(
			'signed-webhook',
			{ event: 'app_mention', data: { type: 'event_callback', event_id: 'Ev01', event: { type: 'app_mention', text: 'hi' } } },
			{ ...secrets, secret: 'slack-secret' },
		);
		const expected = python(
			'import hmac,hashlib,json,sys; r=json.load(sys.stdin); print("v0="+hmac.new(b"slack-secret", ("v0:"+r["ts"]+":"+r["body"]).encode(), hashlib.sha256).hexdigest())',
			JSON.stringify({ ts: ours.headers['X-Slack-Request-Timestamp'], body: ours.body }),
		);
		expect(ours.headers['X-Slack-Signature']).toBe(expected);
		expect(verifyDelivery('signed-webhook', ours, { ...secrets, secret: 'slack-secret' })).toMatchObject({ event: 'app_mention', id: 'Ev01' });
	});

	it("Shopify: base64 HMAC-SHA256 of the body as Shopify's docs compute it (openssl), topic and webhook id from headers", () => {
		const secrets = { preset: 'shopify' as const, secret: 'shpss_client_secret' };
		const ours = signDelivery(
			'signed-webhook',
			{ event: 'orders/create', data: { id: 820982911946154500, email: 'jon@example.com' }, id: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' },
			secrets,
		);
		expect(ours.headers['X-Shopify-Hmac-Sha256']).toBe(opensslHmac('sha256', 'shpss_client_secret', ours.body, 'base64'));
		expect(verifyDelivery('signed-webhook', ours, secrets)).toMatchObject({ event: 'orders/create', id: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' });
		const foreign = {
			headers: { 'x-shopify-hmac-sha256': opensslHmac('sha256', 'shpss_client_secret', '{"id":1}', 'base64'), 'x-shopify-topic': 'products/update' },
			body: '{"id":1}',
		};
		expect(verifyDelivery('signed-webhook', foreign, secrets).event).toBe('products/update');
		expectCode(() => verifyDelivery('signed-webhook', { ...foreign, body: '{"id":2}' }, secrets), 'signature_mismatch');
	});

	it('Standard Webhooks / Svix: both libraries sign what we verify and verify what we sign', () => {
		const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
		const secrets = { preset: 'standard-webhooks' as const, secret };
		const payload = JSON.stringify({ type: 'invoice.paid', data: { id: 3 } });
		const standard = new StandardWebhook(secret);
		const signature = standard.sign('msg_p5jXN8AQM9LWM0D4loKWxJek', now, payload);
		const headers = { 'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'webhook-timestamp': String(nowSeconds), 'webhook-signature': signature };
		expect(verifyDelivery('signed-webhook', { headers, body: payload }, secrets, { now })).toMatchObject({ event: 'invoice.paid', id: 'msg_p5jXN8AQM9LWM0D4loKWxJek' });

		const ours = signDelivery('signed-webhook', { event: 'user.created', data: { id: 4 }, id: 'msg_ours' }, secrets);
		expect(standard.verify(ours.body, ours.headers)).toMatchObject({ type: 'user.created', id: 4 });
		const svixHeaders = { 'svix-id': ours.headers['webhook-id'], 'svix-timestamp': ours.headers['webhook-timestamp'], 'svix-signature': ours.headers['webhook-signature'] };
		// svix's verify throws on a mismatch; its return value differs between versions.
		expect(
			esm("import { Webhook } from 'svix'", "new Webhook(input.secret).verify(input.body, input.headers); console.log('verified');", {
				secret,
				body: ours.body,
				headers: svixHeaders,
			}),
		).toBe('verified');
		expect(() =>
			esm("import { Webhook } from 'svix'", 'new Webhook(input.secret).verify(input.body, input.headers);', { secret, body: ours.body + ' ', headers: svixHeaders }),
		).toThrow();
		expect(verifyDelivery('signed-webhook', ours, secrets).id).toBe('msg_ours');
	});

	it('every preset signs what it verifies, and refuses a tampered body', () => {
		for (const preset of signedWebhookPresetIds) {
			const secret = preset === 'standard-webhooks' ? 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' : `secret-${preset}`;
			const secrets = { preset, secret };
			const signed = signDelivery('signed-webhook', { event: 'thing.done', data: { n: 1 } }, secrets);
			expect([preset, verifyDelivery('signed-webhook', signed, secrets).event]).toEqual([preset, 'thing.done']);
			expectCode(() => verifyDelivery('signed-webhook', { ...signed, body: signed.body.replace('1', '2') }, secrets), 'signature_mismatch');
		}
	});
});

describe('Custom mode: a signed-content template, a timestamp, several signatures', () => {
	const pythonHmac = (key: string, content: string, digest: 'hex' | 'base64' = 'hex'): string =>
		python(
			`import hmac,hashlib,json,sys,base64; r=json.load(sys.stdin); d=hmac.new(r["key"].encode(), r["content"].encode(), hashlib.sha256).digest(); print(${digest === 'hex' ? 'd.hex()' : 'base64.b64encode(d).decode()'})`,
			JSON.stringify({ key, content }),
		);

	it('{timestamp}.{body} with a unix-seconds header, against Python', () => {
		const secrets = { preset: 'custom' as const, secret: 'k', header: 'X-Sig', signedContent: '{timestamp}.{body}', timestampHeader: 'X-Timestamp' };
		const body = '{"event":"order.paid","id":"o1"}';
		const delivery = { headers: { 'x-sig': pythonHmac('k', `${nowSeconds}.${body}`), 'x-timestamp': String(nowSeconds), 'content-type': 'application/json' }, body };
		expect(verifyDelivery('signed-webhook', delivery, secrets, { now }).event).toBe('order.paid');
		expectCode(() => verifyDelivery('signed-webhook', delivery, secrets, { now: new Date(now.getTime() + 301_000) }), 'timestamp_out_of_tolerance');
		expectCode(() => verifyDelivery('signed-webhook', { ...delivery, headers: { 'x-sig': delivery.headers['x-sig'] } }, secrets, { now }), 'missing_header', /X-Timestamp/);
		const signed = signDelivery('signed-webhook', { event: 'order.paid', data: { id: 'o2' } }, secrets, { now });
		expect(signed.headers['X-Sig']).toBe(pythonHmac('k', `${signed.headers['X-Timestamp']}.${signed.body}`));
	});

	it('milliseconds and ISO timestamps, {header:...}, base64 with a prefix, several signatures with a separator', () => {
		const iso = now.toISOString();
		const secrets = {
			preset: 'custom' as const,
			secret: 'k2',
			header: 'Signature',
			encoding: 'base64' as const,
			prefix: 'v1=',
			signatureSeparator: 'space' as const,
			signedContent: '{header:X-Request-Id}:{timestamp}:{body}',
			timestampHeader: 'Signed-At',
			timestampFormat: 'iso' as const,
			idHeader: 'X-Request-Id',
		};
		const body = '{"type":"shipment.sent"}';
		const good = pythonHmac('k2', `req-9:${iso}:${body}`, 'base64');
		const delivery = { headers: { signature: `v1=${pythonHmac('old', 'x', 'base64')} v1=${good}`, 'signed-at': iso, 'x-request-id': 'req-9' }, body };
		expect(verifyDelivery('signed-webhook', delivery, secrets, { now })).toMatchObject({ event: 'shipment.sent', id: 'req-9' });
		expectCode(() => verifyDelivery('signed-webhook', { ...delivery, headers: { ...delivery.headers, 'x-request-id': 'req-10' } }, secrets, { now }), 'signature_mismatch');

		const ms = { preset: 'custom' as const, secret: 'k3', signedContent: '{timestamp}{body}', timestampHeader: 'X-Ts', timestampFormat: 'unix-ms' as const };
		const signed = signDelivery('signed-webhook', { event: 'a', data: {} }, ms, { now });
		expect(signed.headers['X-Ts']).toBe(String(now.getTime()));
		expect(signed.headers['X-Signature']).toBe(pythonHmac('k3', `${now.getTime()}${signed.body}`));
		expect(verifyDelivery('signed-webhook', signed, ms, { now }).event).toBe('a');

		const withRequestId = signDelivery('signed-webhook', { event: 'b', data: {} }, secrets, { now, headers: { 'X-Request-Id': 'given-1' } });
		expect(withRequestId.headers['X-Request-Id']).toBe('given-1');
		expect(verifyDelivery('signed-webhook', withRequestId, secrets, { now }).id).toBe('given-1');
	});

	it('bounds the work on settings and requests: template length and placeholders, signature count', () => {
		const base = { preset: 'custom' as const, secret: 'k' };
		const d = signDelivery('signed-webhook', { event: 'x', data: {} }, base);
		expectCode(() => verifyDelivery('signed-webhook', d, { ...base, signedContent: 'a'.repeat(MAX_TEMPLATE_LENGTH + 1) }), 'invalid_secret', /over the/);
		expectCode(() => verifyDelivery('signed-webhook', d, { ...base, signedContent: '{body}.{body}' }), 'invalid_secret', /only once/);
		expectCode(() => verifyDelivery('signed-webhook', d, { ...base, signedContent: '{Body}' }), 'invalid_secret', /unknown placeholder/);
		expectCode(() => verifyDelivery('signed-webhook', d, { ...base, signedContent: '{header:x(.*)+}' }), 'invalid_secret', /unknown placeholder/);
		expectCode(() => verifyDelivery('signed-webhook', d, { ...base, signedContent: '{timestamp}.{body}' }), 'invalid_secret', /Timestamp Header/);
		// @ts-expect-error -- a preset that does not exist, as an old credential may hold
		expectCode(() => verifyDelivery('signed-webhook', d, { ...base, preset: 'nope' }), 'invalid_secret', /preset/);
		const many = { ...base, signatureSeparator: 'comma' as const };
		expectCode(() => verifyDelivery('signed-webhook', { ...d, headers: { 'x-signature': Array(40).fill('ab').join(',') } }, many), 'malformed_header', /more than/);
		expectCode(
			() => verifyDelivery('signed-webhook', { headers: { 'stripe-signature': `t=1,${Array(40).fill('v1=ab').join(',')}` }, body: '{}' }, { preset: 'stripe', secret: 'k' }),
			'malformed_header',
			/more than/,
		);
	});
});

describe('Slack url_verification: answered only once verified', () => {
	const secrets = { preset: 'slack' as const, secret: 'slack-secret' };
	const challenge = signDelivery(
		'signed-webhook',
		{ event: 'url_verification', data: { token: 'x', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' } },
		secrets,
	);

	it('receiveDelivery answers the challenge as text; verifyDelivery refuses to run it', () => {
		expect(receiveDelivery('signed-webhook', challenge, secrets)).toEqual({
			kind: 'handshake',
			handshake: { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' },
		});
		expect(recognizeHandshake('signed-webhook', challenge, secrets)?.body).toBe('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
		expect(recognizeHandshake('signed-webhook', challenge)).toBeUndefined();
		expectCode(() => verifyDelivery('signed-webhook', challenge, secrets), 'handshake_not_event');
	});

	it('a forged challenge is refused, and other presets never treat the body as a challenge', () => {
		expectCode(() => receiveDelivery('signed-webhook', challenge, { ...secrets, secret: 'wrong' }), 'signature_mismatch');
		expect(recognizeHandshake('signed-webhook', challenge, { ...secrets, secret: 'wrong' })).toBeUndefined();
		const spatie = signDelivery('signed-webhook', { event: 'url_verification', data: { type: 'url_verification', challenge: 'c' } }, { preset: 'spatie', secret: 'k' });
		expect(receiveDelivery('signed-webhook', spatie, { preset: 'spatie', secret: 'k' })).toMatchObject({ kind: 'events', verified: { event: 'url_verification' } });
	});
});

describe('Rotation: a previous secret next to the current one, on every platform', () => {
	it('derives a "Previous" field for each rotatable secret, on every platform whose user types one', () => {
		for (const platform of Object.values(platforms)) {
			const typed = platform.secretFields.filter((field) => field.secret);
			expect(typed.every((field) => field.rotatable === true)).toBe(true);
			const keys = credentialFieldsOf(platform.secretFields).map((field) => field.key);
			for (const field of typed) expect(keys).toContain(`previous${field.key[0].toUpperCase()}${field.key.slice(1)}`);
		}
		expect(credentialFieldsOf(platforms['signed-webhook'].secretFields).find((f) => f.key === 'previousSecret')).toMatchObject({
			label: 'Previous Secret',
			secret: true,
			required: false,
		});
	});

	it('each platform accepts deliveries signed with the previous secret, and refuses a secret that is neither', () => {
		for (const platform of Object.values(platforms)) {
			const typed = platform.secretFields.filter((field) => field.secret);
			if (typed.length === 0) continue;
			const make = (tag: string): Record<string, string> =>
				Object.fromEntries(
					typed.map((field) => [field.key, field.key === 'signingSecret' ? `whsec_${Buffer.from(`${tag}-signing-key-bytes`).toString('base64')}` : `${tag}-${field.key}`]),
				);
			const old = make('old');
			const current = make('new');
			const rotated: Record<string, string> = { ...current };
			for (const field of typed) rotated[`previous${field.key[0].toUpperCase()}${field.key.slice(1)}`] = old[field.key];
			const sample = platform.events[0];
			const input = { event: sample.name, data: sample.sample, meta: sample.sampleMeta };
			const byOld = signDelivery(platform.id, input, old);
			const byNew = signDelivery(platform.id, input, current);
			const expected = verifyDelivery(platform.id, byNew, current).event;
			expect([platform.id, verifyDelivery(platform.id, byOld, rotated).event]).toEqual([platform.id, expected]);
			expect([platform.id, verifyDelivery(platform.id, byNew, rotated).event]).toEqual([platform.id, expected]);
			expectCode(() => verifyDelivery(platform.id, signDelivery(platform.id, input, make('other')), rotated), 'signature_mismatch');
			// Cleared: the old one is refused again.
			expectCode(() => verifyDelivery(platform.id, byOld, current), 'signature_mismatch');
		}
	});

	it('TalentPools: the signing secret and the encryption key may be rotated apart', () => {
		const whsec = (tag: string): string => `whsec_${Buffer.from(`${tag}-signing-key-bytes`).toString('base64')}`;
		const input = { event: platforms.talentpools.events[0].name, data: platforms.talentpools.events[0].sample };
		const rotated = { signingSecret: whsec('new'), previousSigningSecret: whsec('old'), encryptionKey: 'key-new', previousEncryptionKey: 'key-old' };
		for (const [signing, key] of [
			['new', 'key-old'],
			['old', 'key-new'],
			['old', 'key-old'],
		]) {
			const delivery = signDelivery('talentpools', input, { signingSecret: whsec(signing), encryptionKey: key });
			expect(verifyDelivery('talentpools', delivery, rotated).event).toBe(input.event);
		}
		expectCode(() => verifyDelivery('talentpools', signDelivery('talentpools', input, { signingSecret: whsec('new'), encryptionKey: 'key-other' }), rotated), 'decryption_failed');
	});

	it('the current secret is tried first: a timestamp or format error is not retried with the previous one', () => {
		const secrets = { preset: 'stripe' as const, secret: 'whsec_new', previousSecret: 'whsec_old' };
		const old = signDelivery('signed-webhook', { event: 'a', data: {} }, { preset: 'stripe', secret: 'whsec_old' }, { now: new Date(now.getTime() - 3600_000) });
		expectCode(() => verifyDelivery('signed-webhook', old, secrets, { now }), 'timestamp_out_of_tolerance');
		expect(signedWebhookPresets.stripe.setup.join(' ')).toMatch(/Previous Secret/);
	});
});
