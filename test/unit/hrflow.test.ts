import { signDelivery, signHrFlowBatch, verifyDelivery } from '../../core';
import { pythonCompactJson, pythonCompactJsonOfText, pythonFloatRepr, parsePyJson, serializePyJson } from '../../core/python-json';
import { expectCode } from '../helpers/expect-code';
import { HRFLOW_SEED_CHECK_FORM, HRFLOW_SEED_SIGN_JSON, HRFLOW_SIGNED_REQUEST, python } from '../helpers/independent';
import { platforms } from '../../core/platforms';

const secrets = { secret: 'wsk_7d1f2c0e9a3b4c5d6e7f8091a2b3c4d5' };
const profile = { key: 'd821393853fc32b08c93b8d38590817c72048ec4', source: { key: 'd900ec70c67d43c71027f9bc63ec3b5b3e16c1d8' } };
const data = { type: 'profile.parsing.success', origin: 'api', message: 'profile parsing succeed', profile };

describe('HrFlow.ai: HMAC over Python-style compact JSON', () => {
	it('signs a form body the way the seed shows it, byte for byte', () => {
		const delivery = signDelivery('hrflow', { event: 'profile.parsing.success', data }, secrets);
		// The seed's "Raw content" of the same event.
		expect(delivery.body).toBe(
			'type=profile.parsing.success&origin=api&message=profile+parsing+succeed&profile=%7B%22key%22%3A+%22d821393853fc32b08c93b8d38590817c72048ec4%22%2C+%22source%22%3A+%7B%22key%22%3A+%22d900ec70c67d43c71027f9bc63ec3b5b3e16c1d8%22%7D%7D',
		);
		expect(delivery.headers['content-type']).toBe('application/x-www-form-urlencoded');
	});

	it("passes the seed's Python check_signature, and round-trips with profile parsed into an object", () => {
		const delivery = signDelivery('hrflow', { event: 'profile.parsing.success', data }, secrets);
		const ok = python(HRFLOW_SEED_CHECK_FORM, JSON.stringify({ secret: secrets.secret, signature: delivery.headers['HTTP-HRFLOW-SIGNATURE'], body: delivery.body }));
		expect(ok).toBe('True');
		const verified = verifyDelivery('hrflow', delivery, secrets);
		expect(verified).toMatchObject({ platform: 'hrflow', event: 'profile.parsing.success', entity: 'profile', known: true, data });
		expect(verified.meta).toEqual({ origin: 'api', message: 'profile parsing succeed' });
	});

	it('matches Python for non-ASCII text, control characters, DEL, emoji and repeated or blank fields', () => {
		const body = 'type=profile.storing.update&message=' + encodeURIComponent('Zoë — 履歴書 😀\u007f\t"\\/') + '&message=second&blank=&novalue&origin=api';
		const signature = python(
			`import hmac, hashlib, json, sys, urllib.parse
d = {k: v[0] for k, v in urllib.parse.parse_qs(sys.stdin.read()).items()}
print(hmac.new(b"${secrets.secret}", json.dumps(d, separators=(",", ":")).encode(), hashlib.sha256).hexdigest())`,
			body,
		);
		const verified = verifyDelivery('hrflow', { headers: { 'content-type': 'application/x-www-form-urlencoded', 'HTTP-HRFLOW-SIGNATURE': signature }, body }, secrets);
		expect(verified.data).toEqual({ type: 'profile.storing.update', message: 'Zoë — 履歴書 😀\u007f\t"\\/', origin: 'api' });
	});

	it('matches Python for broken escapes: a lone %, bad hex, invalid UTF-8', () => {
		const body = 'type=profile.parsing.error&message=100%25+sure%+ok%ZZ%C3%28%E2%82&origin=a%2Bb';
		const signature = python(
			`import hmac, hashlib, json, sys, urllib.parse
d = {k: v[0] for k, v in urllib.parse.parse_qs(sys.stdin.read()).items()}
print(hmac.new(b"${secrets.secret}", json.dumps(d, separators=(",", ":")).encode(), hashlib.sha256).hexdigest())`,
			body,
		);
		const verified = verifyDelivery('hrflow', { headers: { 'HTTP-HRFLOW-SIGNATURE': signature }, body }, secrets);
		expect(verified.meta.origin).toBe('a+b');
	});

	it('accepts JSON bodies signed by the seed verify_webhook recipe, with Python float and key-order quirks', () => {
		const body =
			'{"type": "job.scoring.update", "origin": "api", "message": "ok", "job": {"key": "abc", "board": {"key": "b1"}}, "2": 1.0, "score": 1e-05, "big": 1e16, "n": 12345678901234567890, "neg": -0.0, "text": "caf\\u00e9 \\ud83d\\ude00"}';
		const signature = python(HRFLOW_SEED_SIGN_JSON, JSON.stringify({ secret: secrets.secret, body }));
		const verified = verifyDelivery('hrflow', { headers: { 'content-type': 'application/json', 'http-hrflow-signature': signature }, body }, secrets);
		expect(verified).toMatchObject({ event: 'job.scoring.update', entity: 'job', data: { job: { key: 'abc' }, text: 'café 😀' } });
	});

	it('signs JSON and batched JSON bodies; a batch gives one event each', () => {
		const job = { type: 'job.storing.success', origin: 'api', message: 'job storing succeed', job: { key: 'j1', board: { key: 'b1' } } };
		const single = signDelivery('hrflow', { event: 'job.storing.success', data: job }, secrets, { bodyFormat: 'json' });
		const python_ok = python(HRFLOW_SEED_SIGN_JSON, JSON.stringify({ secret: secrets.secret, body: single.body }));
		expect(single.headers['HTTP-HRFLOW-SIGNATURE']).toBe(python_ok);
		expect(verifyDelivery('hrflow', single, secrets).data).toEqual(job);

		const batch = signHrFlowBatch(
			[
				{ event: 'profile.parsing.success', data },
				{ event: 'job.storing.success', data: job },
			],
			secrets,
		);
		const verified = verifyDelivery('hrflow', batch, secrets);
		expect(verified.events.map((e) => e.event)).toEqual(['profile.parsing.success', 'job.storing.success']);
		expect(verified.events[1].data).toEqual(job);
	});

	it('accepts the signed-request header, reading the event from the signed payload', () => {
		const header = python(HRFLOW_SIGNED_REQUEST, JSON.stringify({ secret: secrets.secret, event: data }));
		const verified = verifyDelivery('hrflow', { headers: { 'HTTP-HRFLOW-SIGNATURE': header }, body: 'ignored, unsigned' }, secrets);
		expect(verified.data).toEqual(data);
		const ours = signDelivery('hrflow', { event: data.type, data }, secrets, { signatureFormat: 'signed-request' });
		expect(ours.headers['HTTP-HRFLOW-SIGNATURE']).toBe(header);
	});

	it("accepts the seed's Ruby example (hex HMAC of the raw body), with its own test vector", () => {
		// req_sig / req_body / secret_key of the seed's Ruby check_signature.
		const delivery = { headers: { 'HTTP-HRFLOW-SIGNATURE': '9d101d2bf630748679226b767d2031634c520390ff0e926afc09bc65a05bfdb2' }, body: 'type=profile.parsing.error&x=4567' };
		expectCode(() => verifyDelivery('hrflow', delivery, { secret: '1234' }), 'signature_mismatch');
		const raw = signDelivery('hrflow', { event: 'profile.parsing.error', data: { origin: 'api', message: 'failed' } }, { secret: '1234' }, { signatureFormat: 'raw-hex' });
		expect(verifyDelivery('hrflow', raw, { secret: '1234' }).event).toBe('profile.parsing.error');
	});

	describe('rejections', () => {
		const good = () => signDelivery('hrflow', { event: 'profile.parsing.success', data }, secrets);
		it('tampered body → signature_mismatch', () => {
			const d = good();
			expectCode(() => verifyDelivery('hrflow', { ...d, body: d.body.replace('api', 'ap1') }, secrets), 'signature_mismatch', /wsk_/);
		});
		it('wrong secret → signature_mismatch, no secret in the message', () => {
			const error = expectCode(() => verifyDelivery('hrflow', good(), { secret: 'wsk_other' }), 'signature_mismatch');
			expect(error.message).not.toContain('wsk_other');
		});
		it('missing header → missing_header', () => {
			expectCode(() => verifyDelivery('hrflow', { ...good(), headers: {} }, secrets), 'missing_header', /HTTP-HRFLOW-SIGNATURE/);
		});
		it('bad hex → malformed_header; bad signed request → malformed_header', () => {
			expectCode(() => verifyDelivery('hrflow', { ...good(), headers: { 'HTTP-HRFLOW-SIGNATURE': 'xyz' } }, secrets), 'malformed_header');
			expectCode(() => verifyDelivery('hrflow', { ...good(), headers: { 'HTTP-HRFLOW-SIGNATURE': '***.***' } }, secrets), 'malformed_header');
		});
		it('non-JSON JSON body → malformed_body; empty form → malformed_body; no type → malformed_body', () => {
			const sig = { 'HTTP-HRFLOW-SIGNATURE': 'a'.repeat(64) };
			expectCode(() => verifyDelivery('hrflow', { headers: { ...sig, 'content-type': 'application/json' }, body: '{"type": ' }, secrets), 'malformed_body', /not valid JSON/);
			expectCode(() => verifyDelivery('hrflow', { headers: sig, body: '' }, secrets), 'malformed_body');
			const noType = signDelivery('hrflow', { event: '', data: { origin: 'api' } }, secrets, { bodyFormat: 'json' });
			expectCode(() => verifyDelivery('hrflow', noType, secrets), 'malformed_body', /no "type"/);
		});
	});
});

describe('Python json.dumps compatibility', () => {
	it('prints floats like repr()', () => {
		const cases: Array<[number, string]> = [
			[1, '1.0'],
			[0.1, '0.1'],
			[1e-5, '1e-05'],
			[0.0001, '0.0001'],
			[1e16, '1e+16'],
			[1234567890123456, '1234567890123456.0'],
			[-2.5, '-2.5'],
			[123456789012345680000, '1.2345678901234568e+20'],
			[5e-324, '5e-324'],
			[1.7976931348623157e308, '1.7976931348623157e+308'],
		];
		for (const [value, repr] of cases) expect(pythonFloatRepr(value)).toBe(repr);
		const viaPython = python('import json,sys; print(json.dumps([float(x) for x in json.loads(sys.stdin.read())]))', JSON.stringify(cases.map((c) => c[0])));
		expect(viaPython).toBe('[' + cases.map((c) => c[1]).join(', ') + ']');
	});

	it('re-serialises random JSON exactly as Python does', () => {
		const samples = Array.from({ length: 40 }, (_, i) => randomJson(i, 4));
		const texts = samples.map((s) => JSON.stringify(s, null, (samples.indexOf(s) % 3) + 0));
		const ours = texts.map((t) => serializePyJson(parsePyJson(t)));
		const theirs = python('import json,sys\nfor t in json.loads(sys.stdin.read()): print(json.dumps(json.loads(t), separators=(",", ":")))', JSON.stringify(texts)).split('\n');
		expect(ours).toEqual(theirs);
		// The one-pass re-printer that runs before the signature is checked gives the same bytes.
		expect(texts.map((t) => pythonCompactJsonOfText(t, { maxDepth: 64, maxMembers: 100_000 }).compact.join(''))).toEqual(theirs);
		expect(pythonCompactJson({ a: 'é', b: [1, 2.5, null, true] })).toBe('{"a":"\\u00e9","b":[1,2.5,null,true]}');
	});
});

function randomJson(seed: number, depth: number): unknown {
	let state = seed * 7919 + 17;
	const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
	const strings = ['plain', 'Zoë', '履歴書', '😀 emoji', 'quote " and \\ slash /', 'tab\tnew\nline', '\u0001\u001f\u007f', ''];
	const make = (d: number): unknown => {
		const r = next();
		if (d <= 0 || r < 0.35) {
			const k = Math.floor(next() * 6);
			return [strings[Math.floor(next() * strings.length)], Math.floor(next() * 1e6) - 5e5, (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20), true, null, 0.5][k];
		}
		if (r < 0.65) return Array.from({ length: Math.floor(next() * 4) }, () => make(d - 1));
		const obj: Record<string, unknown> = {};
		for (let i = 0; i < Math.floor(next() * 5); i++) obj[[...strings, '10', '2', 'key'][Math.floor(next() * 11)] + i] = make(d - 1);
		return obj;
	};
	return make(depth);
}

describe('HrFlow.ai catalogue', () => {
	it('hrflow has the 12 profile and 9 job events of its tables, each with a volume and origin/message meta', () => {
		expect(platforms.hrflow.events.filter((event) => event.entity === 'profile')).toHaveLength(12);
		expect(platforms.hrflow.events.filter((event) => event.entity === 'job')).toHaveLength(9);
		for (const event of platforms.hrflow.events) {
			expect(event.volume).toBeDefined();
			expect(event.sampleMeta).toEqual({ origin: 'api', message: expect.any(String) });
			expect((event.sample as { type: string }).type).toBe(event.name);
		}
	});
});
