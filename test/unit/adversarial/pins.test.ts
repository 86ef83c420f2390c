/**
 * Issue 14, one test per hole: each failed on the code before the fix.
 */
import { type Delivery, TALENTPOOLS_DEFAULT_EVENT_TOLERANCE_SECONDS, platformIds, platforms, redeliveryKeys, signDelivery, statusForCode, verifyDelivery } from '../../../core';
import { encryptTalentPoolsMessage } from '../../../core/platforms/talentpools/encryption';
import { signSvix } from '../../../core/schemes/svix';
import { expectCode } from '../../helpers/expect-code';
import { HRFLOW_SEED_SIGN_JSON, SMARTRECRUITERS_DOCUMENTED, python } from '../../helpers/independent';

const { secrets: srSecrets, delivery: documented } = SMARTRECRUITERS_DOCUMENTED;
const documentedNow = { now: SMARTRECRUITERS_DOCUMENTED.now };

describe('1. SmartRecruiters: header values that split the signed string one way only', () => {
	it('the documented example still verifies, keyed on its event id', () => {
		const verified = verifyDelivery('smartrecruiters', documented, srSecrets, documentedNow);
		expect(verified).toMatchObject({ event: 'application.created', id: '123', meta: { version: 'v201910', link: 'http://smartrecruiters.com/endpoint' } });
		expect(redeliveryKeys(verified)).toEqual(['123']);
	});

	it('refuses the same signature under another event id and name (id "123.application", name "created")', () => {
		const moved = { ...documented, headers: { ...documented.headers, 'event-id': '123.application', 'event-name': 'created' } };
		expectCode(() => verifyDelivery('smartrecruiters', moved, srSecrets, documentedNow), 'malformed_header', /event-id/);
	});

	it('refuses a moved version/link boundary, which would truncate meta.link', () => {
		const moved = { ...documented, headers: { ...documented.headers, 'event-version': 'v201910.<http://smartrecruiters', link: 'com/endpoint>; rel=self' } };
		expectCode(() => verifyDelivery('smartrecruiters', moved, srSecrets, documentedNow), 'malformed_header', /event-version/);
		const noBrackets = { ...documented, headers: { ...documented.headers, 'event-version': 'v201910.http://smartrecruiters', link: 'com/endpoint; rel=self' } };
		expectCode(() => verifyDelivery('smartrecruiters', noBrackets, srSecrets, documentedNow), 'malformed_header');
	});

	it('refuses a body/id boundary move and a body that is not a JSON object', () => {
		const d = signDelivery('smartrecruiters', { event: 'job.created', data: { id: 'j1' }, id: 'e1' }, srSecrets);
		// body '{"id":"j1"}.e1' with no event-id: the same signed string, refused for the missing id.
		const { 'event-id': _id, ...noId } = d.headers;
		expectCode(() => verifyDelivery('smartrecruiters', { headers: noId, body: `${d.body}.e1` }, srSecrets), 'missing_header', /event-id/);
		const scalar = signDelivery('smartrecruiters', { event: 'job.created', data: 12.5, id: 'e2' }, srSecrets);
		expectCode(() => verifyDelivery('smartrecruiters', scalar, srSecrets), 'malformed_body', /JSON object/);
	});

	it('every split of the documented signed string at its dots but the genuine one is refused', () => {
		const h = documented.headers;
		const joined = [h['smartrecruiters-timestamp'], documented.body, h['event-id'], h['event-name'], h['event-version'], h.link].join('.');
		const dots = [...joined].flatMap((ch, i) => (ch === '.' ? [i] : []));
		let accepted = 0;
		const choose = (from: number, left: number, cuts: number[]): void => {
			if (left === 0) {
				const parts = [joined.slice(0, cuts[0]), ...cuts.map((c, i) => joined.slice(c + 1, cuts[i + 1]))];
				const headers = { ...h, 'smartrecruiters-timestamp': parts[0], 'event-id': parts[2], 'event-name': parts[3], 'event-version': parts[4], link: parts[5] };
				try {
					verifyDelivery('smartrecruiters', { headers, body: parts[1] }, srSecrets, documentedNow);
					accepted++;
					expect(parts).toEqual([h['smartrecruiters-timestamp'], documented.body, h['event-id'], h['event-name'], h['event-version'], h.link]);
				} catch (error) {
					expect(statusForCode).toHaveProperty((error as { code: string }).code);
				}
				return;
			}
			for (let i = from; i <= dots.length - left; i++) choose(i + 1, left - 1, [...cuts, dots[i]]);
		};
		choose(0, 5, []);
		expect(accepted).toBe(1);
	});
});

describe('2. work before verification is bounded; bodies over the cap are refused', () => {
	it('every platform has a default cap and refuses a bigger body with body_too_large (413) before reading it', () => {
		for (const id of platformIds) {
			const cap = platforms[id].maxBodyBytes;
			expect(cap).toBeGreaterThanOrEqual(64 * 1024);
			const error = expectCode(
				() => verifyDelivery(id, { headers: {}, body: Buffer.alloc(cap + 1, 0x20) }, { secret: 'x', signingSecret: 'whsec_eA==', encryptionKey: 'k' }),
				'body_too_large',
				/maximum body size/,
			);
			expect(error.status).toBe(413);
		}
	});

	it('the cap is an option, counted in UTF-8 bytes for text bodies', () => {
		const d = signDelivery('peopleforce', { event: 'employee_create', data: { name: 'Zoë' } }, { secret: 'pf' });
		const size = Buffer.byteLength(d.body);
		expect(verifyDelivery('peopleforce', d, { secret: 'pf' }, { maxBodyBytes: size }).event).toBe('employee_create');
		expectCode(() => verifyDelivery('peopleforce', d, { secret: 'pf' }, { maxBodyBytes: size - 1 }), 'body_too_large');
	});

	it('HrFlow JSON: nesting, member count and form fields are bounded before the signature is checked', () => {
		const forged = { 'HTTP-HRFLOW-SIGNATURE': 'a'.repeat(64) };
		expectCode(() => verifyDelivery('hrflow', { headers: forged, body: '['.repeat(100_000) + ']'.repeat(100_000) }, { secret: 'wsk_x' }), 'malformed_body', /nesting/);
		expectCode(() => verifyDelivery('hrflow', { headers: forged, body: `[${'1,'.repeat(300_000)}1]` }, { secret: 'wsk_x' }), 'malformed_body', /members/);
		expectCode(() => verifyDelivery('hrflow', { headers: forged, body: 'a=1&'.repeat(200) + 'type=x' }, { secret: 'wsk_x' }), 'malformed_body', /fields/);
		expectCode(() => verifyDelivery('hrflow', { headers: forged, body: '{"a": 1, "a": 2}' }, { secret: 'wsk_x' }), 'malformed_body', /repeated key/);
	});

	it("HrFlow's one-pass compact JSON is byte-exact with Python's json.dumps for Python-written and hand-written JSON", () => {
		const secret = 'wsk_exact';
		const bodies = [
			'{"type": "job.scoring.update", "origin": "api", "job": {"key": "abc"}, "2": 1.0, "score": 1e-05, "big": 1e16, "E": 1E5, "n": 12345678901234567890, "neg": -0.0, "z": -0, "text": "caf\\u00e9 \\ud83d\\ude00 \\/ \\u0041"}',
			'[ {"type":"profile.parsing.success","profile":{"key":"k","tags":[1.50, true, null, NaN, Infinity, -Infinity, "Zoë 履歴書 \\u007f"]}} ,\n\t{"type":"x","message":"\\"q\\" \\\\ \\n"} ]',
			'  {"type" :"t" , "nested": {"a": [[], {}, [{}]], "b": 1.7976931348623157e308, "c": 5e-324, "d": 1e400}}  ',
			'{"type": "t", "text": "Zo\\u00eb \\u2014 \\ud83d\\ude00 \\u0001 \\u007f \\b\\f\\n\\r\\t \\"q\\" \\\\", "upper": "\\u00E9", "short": "\\u000a\\u0008"}',
		];
		for (const body of bodies) {
			const signature = python(HRFLOW_SEED_SIGN_JSON, JSON.stringify({ secret, body }));
			expect(verifyDelivery('hrflow', { headers: { 'HTTP-HRFLOW-SIGNATURE': signature }, body }, { secret }).events.length).toBeGreaterThan(0);
			// As bytes too: long runs are then hashed from the bytes (when every character is one byte).
			const padded = body.replace(/"text": "/, `"pad": "${'p'.repeat(40_000)}", "text": "`);
			const paddedSignature = python(HRFLOW_SEED_SIGN_JSON, JSON.stringify({ secret, body: padded }));
			expect(verifyDelivery('hrflow', { headers: { 'HTTP-HRFLOW-SIGNATURE': paddedSignature }, body: Buffer.from(padded) }, { secret }).events.length).toBeGreaterThan(0);
		}
	});
});

describe('3. options the core cannot use throw invalid_option, never widen the window', () => {
	const cases: Array<[string, Record<string, unknown>]> = [
		['NaN tolerance', { toleranceSeconds: NaN }],
		['negative tolerance', { toleranceSeconds: -1 }],
		['infinite tolerance', { toleranceSeconds: Infinity }],
		['text tolerance', { toleranceSeconds: '300' }],
		['invalid now', { now: new Date('not a date') }],
		['now as a number', { now: Date.now() }],
		['NaN event tolerance', { eventToleranceSeconds: NaN }],
		['negative event tolerance', { eventToleranceSeconds: -15 }],
		['zero body cap', { maxBodyBytes: 0 }],
		['fractional body cap', { maxBodyBytes: 10.5 }],
		['infinite body cap', { maxBodyBytes: Infinity }],
	];
	it.each(cases)('%s → invalid_option (500), on a SmartRecruiters delivery from 2019', (_label, options) => {
		const error = expectCode(() => verifyDelivery('smartrecruiters', documented, srSecrets, options as never), 'invalid_option', /option/);
		expect(error.status).toBe(500);
	});
	it('options that are not an object → invalid_option; absent options are the defaults', () => {
		expectCode(() => verifyDelivery('smartrecruiters', documented, srSecrets, 'strict' as never), 'invalid_option');
		expectCode(() => verifyDelivery('smartrecruiters', documented, srSecrets), 'timestamp_out_of_tolerance');
		expectCode(() => verifyDelivery('smartrecruiters', documented, srSecrets, null as never), 'timestamp_out_of_tolerance');
	});
});

describe('4. redelivery keys a replayer cannot vary', () => {
	const secret = 'wsk_keys';
	it('HrFlow JSON signed over its compact form: re-spaced raw bytes give the same key', () => {
		const d = signDelivery('hrflow', { event: 'profile.parsing.success', data: { origin: 'api', profile: { key: 'p1' } } }, { secret }, { bodyFormat: 'json' });
		const respaced = { ...d, body: d.body.replace(/, /g, ',\n    ').replace(/^\{/, '  {') };
		expect(respaced.body).not.toBe(d.body);
		const keys = redeliveryKeys(verifyDelivery('hrflow', d, { secret }));
		expect(redeliveryKeys(verifyDelivery('hrflow', respaced, { secret }))).toEqual(keys);
	});

	it('HrFlow signed requests: the unsigned body does not change the key', () => {
		const d = signDelivery('hrflow', { event: 'profile.parsing.success', data: { origin: 'api', profile: { key: 'p1' } } }, { secret }, { signatureFormat: 'signed-request' });
		const keys = redeliveryKeys(verifyDelivery('hrflow', d, { secret }));
		expect(redeliveryKeys(verifyDelivery('hrflow', { ...d, body: 'anything at all' }, { secret }))).toEqual(keys);
	});

	it('HrFlow and the generic sender: the unsigned Content-Type cannot change the item', () => {
		const raw = signDelivery(
			'hrflow',
			{ event: 'profile.parsing.success', data: { origin: 'api', message: 'x&type=evil' } },
			{ secret },
			{ bodyFormat: 'json', signatureFormat: 'raw-hex' },
		);
		const asJson = verifyDelivery('hrflow', raw, { secret });
		for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'application/json']) {
			const v = verifyDelivery('hrflow', { ...raw, headers: { ...raw.headers, 'content-type': type } }, { secret });
			expect([v.event, v.data]).toEqual([asJson.event, asJson.data]);
		}
		const form = signDelivery(
			'signed-webhook',
			{ event: 'candidate.hired', data: { id: 'c1', note: 'a b' } },
			{ secret: 'sw' },
			{ contentType: 'application/x-www-form-urlencoded' },
		);
		const items = ['application/x-www-form-urlencoded', 'application/json', 'text/plain', ''].map(
			(type) => verifyDelivery('signed-webhook', { ...form, headers: { ...form.headers, 'content-type': type } }, { secret: 'sw' }).data,
		);
		for (const item of items) expect(item).toEqual({ event: 'candidate.hired', id: 'c1', note: 'a b' });
	});
});

describe('5. TalentPools: a Svix retry after an outage is not lost; a replay is', () => {
	const secrets = { signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', encryptionKey: 'retry-key' };
	/** A Svix retry: the original encrypted event, re-signed with a fresh svix-timestamp and the same svix-id. */
	function retried(eventAt: Date, attemptAt: Date): Delivery {
		const body = JSON.stringify({
			message: encryptTalentPoolsMessage(JSON.stringify({ eventType: 'job.posted', timestamp: eventAt.toISOString(), data: { id: 'job_1' } }), secrets.encryptionKey),
		});
		return { headers: { 'content-type': 'application/json', ...signSvix(body, [secrets.signingSecret], { id: 'msg_retry', now: attemptAt }) }, body };
	}
	const eventAt = new Date('2026-11-23T10:00:00Z');
	const late = (seconds: number) => new Date(eventAt.getTime() + seconds * 1000);

	it("by default, retries up to the end of Svix's schedule verify (60 s, 5 min, 27 h late)", () => {
		for (const seconds of [16, 60, 305, 27 * 3600]) {
			expect(verifyDelivery('talentpools', retried(eventAt, late(seconds)), secrets, { now: late(seconds) }).id).toBe('msg_retry');
		}
		expect(TALENTPOOLS_DEFAULT_EVENT_TOLERANCE_SECONDS).toBeGreaterThan(27.5 * 3600);
		expectCode(
			() =>
				verifyDelivery('talentpools', retried(eventAt, late(TALENTPOOLS_DEFAULT_EVENT_TOLERANCE_SECONDS + 1)), secrets, {
					now: late(TALENTPOOLS_DEFAULT_EVENT_TOLERANCE_SECONDS + 1),
				}),
			'timestamp_out_of_tolerance',
		);
	});

	it("the seed's strict 15 s check is an option", () => {
		expectCode(
			() => verifyDelivery('talentpools', retried(eventAt, late(60)), secrets, { now: late(60), eventToleranceSeconds: 15 }),
			'timestamp_out_of_tolerance',
			/encrypted event timestamp/,
		);
	});

	it('a captured delivery replayed later than the signed Svix window is refused, and its key is the svix-id either way', () => {
		const captured = retried(eventAt, late(60));
		expectCode(() => verifyDelivery('talentpools', captured, secrets, { now: late(60 + 301) }), 'timestamp_out_of_tolerance', /signed/);
		expect(redeliveryKeys(verifyDelivery('talentpools', captured, secrets, { now: late(61) }))).toEqual(['msg_retry']);
	});
});
