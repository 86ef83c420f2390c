import { recognizeHandshake, signDelivery, verifyDelivery } from '../../core';
import { expectCode } from '../helpers/expect-code';
import { SMARTRECRUITERS_DOCUMENTED, opensslHmac } from '../helpers/independent';
import { platforms } from '../../core/platforms';

const { secrets } = SMARTRECRUITERS_DOCUMENTED;

describe('SmartRecruiters: v1 HMAC over timestamp.body.event-id.event-name.event-version.link', () => {
	it("verifies the worked example of SmartRecruiters' own documentation", () => {
		const { delivery } = SMARTRECRUITERS_DOCUMENTED;
		const verified = verifyDelivery('smartrecruiters', delivery, secrets, { now: new Date(1574080897_000 + 5_000) });
		expect(verified).toMatchObject({
			event: 'application.created',
			id: '123',
			data: { job_id: 'jid', candidate_id: 'cid' },
			meta: { version: 'v201910', link: 'http://smartrecruiters.com/endpoint' },
		});
	});

	it('signs like the documentation (openssl cross-check) and round-trips, several keys in rotation', () => {
		const now = new Date();
		const input = { event: 'job.created', data: { jobId: 'a1b2' }, id: 'evt-1', meta: { version: 'v201907', link: 'http://127.0.0.1:9/jobs-api/v1/jobs/a1b2' } };
		const d = signDelivery('smartrecruiters', input, { secret: ['old-key', secrets.secret] }, { now });
		const content = [d.headers['smartrecruiters-timestamp'], d.body, 'evt-1', 'job.created', 'v201907', '<http://127.0.0.1:9/jobs-api/v1/jobs/a1b2>; rel=self'].join('.');
		expect(d.headers['smartrecruiters-signature']).toBe(`v1=${opensslHmac('sha256', 'old-key', content, 'hex')};v1=${opensslHmac('sha256', secrets.secret, content, 'hex')}`);
		expect(verifyDelivery('smartrecruiters', d, secrets)).toMatchObject({ event: 'job.created', id: 'evt-1', meta: { link: 'http://127.0.0.1:9/jobs-api/v1/jobs/a1b2' } });
		expect(verifyDelivery('smartrecruiters', d, { secret: 'old-key' }).event).toBe('job.created');
	});

	it('recognises the X-Hook-Secret activation handshake, which is never an event', () => {
		const handshake = { headers: { 'X-Hook-Secret': '4jn8fs9011jj8' }, body: '' };
		expect(recognizeHandshake('smartrecruiters', handshake)).toEqual({ status: 200, headers: { 'X-Hook-Secret': '4jn8fs9011jj8' } });
		expectCode(() => verifyDelivery('smartrecruiters', handshake, secrets), 'handshake_not_event');
		expect(recognizeHandshake('smartrecruiters', { headers: {}, body: '{}' })).toBeUndefined();
		expect(recognizeHandshake('peopleforce', handshake)).toBeUndefined();
	});

	it('rejections', () => {
		const now = new Date();
		const d = signDelivery('smartrecruiters', { event: 'candidate.updated', data: { candidateId: 'c1' } }, secrets, { now });
		expectCode(() => verifyDelivery('smartrecruiters', { ...d, body: '{"candidateId":"c2"}' }, secrets), 'signature_mismatch', /re-activate/);
		expectCode(() => verifyDelivery('smartrecruiters', { ...d, headers: { ...d.headers, 'event-name': 'candidate.deleted' } }, secrets), 'signature_mismatch');
		const { 'smartrecruiters-signature': _s, ...noSig } = d.headers;
		expectCode(() => verifyDelivery('smartrecruiters', { ...d, headers: noSig }, secrets), 'missing_header', /secret key/);
		expectCode(() => verifyDelivery('smartrecruiters', d, secrets, { now: new Date(now.getTime() + 600_000) }), 'timestamp_out_of_tolerance');
		expect(verifyDelivery('smartrecruiters', d, secrets, { now: new Date(now.getTime() + 600_000), toleranceSeconds: 900 }).event).toBe('candidate.updated');
		expectCode(() => verifyDelivery('smartrecruiters', { ...d, headers: { ...d.headers, 'smartrecruiters-signature': 'v2=abc' } }, secrets), 'malformed_header');
		expectCode(
			() =>
				verifyDelivery(
					'smartrecruiters',
					{
						...d,
						headers: {
							...d.headers,
							'smartrecruiters-signature': Array(100)
								.fill('v1=' + '0'.repeat(64))
								.join(';'),
						},
					},
					secrets,
				),
			'malformed_header',
		);
		expectCode(() => verifyDelivery('smartrecruiters', { ...d, headers: { ...d.headers, 'smartrecruiters-timestamp': 'yesterday' } }, secrets), 'malformed_header');
	});
});

describe('SmartRecruiters catalogue', () => {
	it('smartrecruiters events carry an event version to sign samples with', () => {
		for (const name of ['job.created', 'job.status.updated', 'position.deleted', 'application.created', 'application.status.updated', 'candidate.deleted', 'offer.created']) {
			expect(platforms.smartrecruiters.events.find((event) => event.name === name)).toBeDefined();
		}
		for (const event of platforms.smartrecruiters.events) expect(event.sampleMeta).toEqual({ version: expect.stringMatching(/\S/) });
	});
});
