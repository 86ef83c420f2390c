import { parseUnverifiedDelivery, signDelivery, verifyDelivery } from '../../core';
import { expectCode } from '../helpers/expect-code';
import { opensslHmac, PEOPLEFORCE_SEED_CHECK, python } from '../helpers/independent';
import { platforms } from '../../core/platforms';

const secrets = { secret: 'pf-webhook-secret-4c1d' };
const employee = {
	id: 130333,
	attributes: { first_name: 'John', last_name: 'Doe', email: 'john.doe@example.com' },
	meta: { created_at: '2022-09-05T18:33:55.130+03:00', updated_at: '2022-09-05T18:33:55.526+03:00' },
};

describe('PeopleForce: X-PeopleForce-Signature sha256=<hex> of the raw body', () => {
	it("round-trips, and passes the seed's Python verify_signature and openssl", () => {
		const delivery = signDelivery('peopleforce', { event: 'employee_create', data: employee }, secrets);
		const signature = delivery.headers['X-PeopleForce-Signature'];
		expect(signature).toBe('sha256=' + opensslHmac('sha256', secrets.secret, delivery.body, 'hex'));
		expect(python(PEOPLEFORCE_SEED_CHECK, JSON.stringify({ secret: secrets.secret, body: delivery.body, signature }))).toBe('True');
		const verified = verifyDelivery('peopleforce', delivery, secrets);
		expect(verified).toMatchObject({ platform: 'peopleforce', event: 'employee_create', entity: 'employee', data: employee, occurredAt: '2022-09-05T15:33:55.526Z' });
	});

	it('verifies the raw bytes, never a re-serialisation: the same JSON with other spacing is a mismatch', () => {
		const body = '{ "action": "leave_request_approve", "data": {"id": 7} }';
		const signature = 'sha256=' + opensslHmac('sha256', secrets.secret, body, 'hex');
		expect(verifyDelivery('peopleforce', { headers: { 'x-peopleforce-signature': signature }, body }, secrets).event).toBe('leave_request_approve');
		expectCode(
			() => verifyDelivery('peopleforce', { headers: { 'x-peopleforce-signature': signature }, body: JSON.stringify(JSON.parse(body)) }, secrets),
			'signature_mismatch',
			/raw request body/,
		);
	});

	it('unsigned deliveries are read only through the explicit unverified path', () => {
		const unsigned = signDelivery('peopleforce', { event: 'applicant_create', data: { id: 5 } }, {});
		expect(unsigned.headers['X-PeopleForce-Signature']).toBeUndefined();
		expectCode(() => verifyDelivery('peopleforce', unsigned, secrets), 'missing_header', /Settings → Webhooks/);
		expectCode(() => verifyDelivery('peopleforce', unsigned, { secret: '' }), 'missing_secret');
		expect(parseUnverifiedDelivery('peopleforce', unsigned).event).toBe('applicant_create');
	});

	it('rejections: wrong secret, bad hex, duplicated header, not JSON, no action', () => {
		const d = signDelivery('peopleforce', { event: 'employee_update', data: employee }, secrets);
		expectCode(() => verifyDelivery('peopleforce', d, { secret: 'other' }), 'signature_mismatch');
		expectCode(() => verifyDelivery('peopleforce', { ...d, headers: { 'X-PeopleForce-Signature': 'sha256=nothex' } }, secrets), 'malformed_header');
		expectCode(
			() => verifyDelivery('peopleforce', { ...d, headers: { 'X-PeopleForce-Signature': [d.headers['X-PeopleForce-Signature'], d.headers['X-PeopleForce-Signature']] } }, secrets),
			'malformed_header',
		);
		const sign = (body: string) => ({ headers: { 'X-PeopleForce-Signature': 'sha256=' + opensslHmac('sha256', secrets.secret, body, 'hex') }, body });
		expectCode(() => verifyDelivery('peopleforce', sign('<xml/>'), secrets), 'malformed_body', /not JSON/);
		expectCode(() => verifyDelivery('peopleforce', sign('{"data":{}}'), secrets), 'malformed_body', /no "action"/);
	});
});

describe('PeopleForce catalogue', () => {
	it('peopleforce has its 18 webhook topics', () => {
		expect(platforms.peopleforce.events).toHaveLength(18);
		expect(platforms.peopleforce.events.filter((event) => event.entity === 'employee').map((event) => event.name)).toEqual([
			'employee_create',
			'employee_update',
			'employee_start',
			'employee_terminate',
			'employee_termination_revert',
		]);
	});
});
