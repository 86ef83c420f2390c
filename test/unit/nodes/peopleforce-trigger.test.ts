import type { ICredentialTestFunctions, IDataObject } from 'n8n-workflow';
import { bodyHmacSignature, signDelivery } from '../../../core';
import { peopleForce } from '../../../core/platforms';
import { PeopleForceTrigger } from '../../../nodes/PeopleForceTrigger/PeopleForceTrigger.node';
import { expectNoSecretLeak, hookContext, receive } from './harness';

const secret = 'pf-webhook-secret-Xa81';
const node = new PeopleForceTrigger();
const employee = peopleForce.events.find((e) => e.name === 'employee_create')!.sample as IDataObject;

let sequence = 0;
/** PeopleForce sends no event id: bodies differ per test so that redelivery memory does not interfere. */
function delivery(options: { action?: string; signWith?: string; data?: IDataObject } = {}) {
	const data = options.data ?? { ...employee, id: 130000 + ++sequence };
	const signed = signDelivery('peopleforce', { event: options.action ?? 'employee_create', data }, { secret: options.signWith ?? secret });
	return { method: signed.method, headers: signed.headers, body: signed.body };
}

const on = (parameters: Record<string, unknown> = {}, credential: IDataObject | undefined = { secret }) => ({
	parameters: { events: ['*'], verifySignatures: true, options: {}, ...parameters },
	credentials: (credential === undefined ? {} : { peopleForceApi: credential }) as Record<string, IDataObject>,
});

describe('PeopleForce Trigger: receiving', () => {
	it('accepts a signed delivery: the employee fields flat, its id and meta renamed', async () => {
		const request = delivery();
		const { response, items, harness } = await receive(node, request, on());
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
		const sent = JSON.parse(request.body).data;
		expect(items[0]).toMatchObject({
			event: 'employee_create',
			id: null,
			platform: 'peopleforce',
			entity: 'employee',
			known: true,
			employeeId: sent.id,
			attributes: sent.attributes,
			employeeMeta: sent.meta,
			meta: {},
		});
		expect(items[0].occurredAt).toBe(new Date(sent.meta.updated_at).toISOString());
		expectNoSecretLeak([secret], items, response, harness.logs);
	});

	it.each([
		['signature_mismatch', 401, () => delivery({ signWith: 'someone-elses-secret' })],
		[
			'missing_header',
			401,
			() => {
				const d = delivery();
				delete (d.headers as Record<string, string>)['X-PeopleForce-Signature'];
				return d;
			},
		],
		[
			'malformed_body',
			400,
			() => {
				const body = '{"action":';
				return {
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						'X-PeopleForce-Signature': bodyHmacSignature(body, secret, { header: 'X-PeopleForce-Signature', algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=' }),
					},
					body,
				};
			},
		],
	])('rejects %s with %i and no run', async (code, status, make) => {
		const { result, response, harness } = await receive(node, make(), on());
		expect([response.statusCode, response.body]).toEqual([status, code]);
		expect(result.workflowData).toBeUndefined();
		expectNoSecretLeak([secret], response, harness.logs);
	});

	it('with Verify Signatures on and no secret in the credential, refuses loudly (500 missing_secret), never skips', async () => {
		const unsigned = signDelivery('peopleforce', { event: 'employee_update', data: { ...employee, id: 990001 } }, { secret: '' });
		const { response, result, harness } = await receive(node, unsigned, on({}, { secret: '' }));
		expect([response.statusCode, response.body]).toEqual([500, 'missing_secret']);
		expect(result.workflowData).toBeUndefined();
		expect(harness.logs.find((l) => l.level === 'error')?.message).toMatch(/No webhook secret is configured/);
	});

	it('with Verify Signatures off, reads unsigned deliveries without any credential', async () => {
		const unsigned = signDelivery('peopleforce', { event: 'leave_request_create', data: { id: 5, attributes: { state: 'pending' } } }, { secret: '' });
		expect(Object.keys(unsigned.headers).map((h) => h.toLowerCase())).not.toContain('x-peopleforce-signature');
		const { response, items } = await receive(node, unsigned, on({ verifySignatures: false }, undefined));
		expect(response.statusCode).toBe(200);
		expect(items[0]).toMatchObject({ event: 'leave_request_create', entity: 'leave_request', leaveRequestId: 5, attributes: { state: 'pending' } });
		// Still rejects what it cannot read.
		const broken = await receive(node, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2' }, on({ verifySignatures: false }, undefined));
		expect([broken.response.statusCode, broken.response.body]).toEqual([400, 'malformed_body']);
	});

	it('shows the verification-off warning only when verification is off, and makes the credential optional then', () => {
		const notice = node.description.properties.find((p) => p.name === 'verificationOffNotice')!;
		expect(notice.type).toBe('notice');
		expect(notice.displayOptions).toEqual({ show: { verifySignatures: [false] } });
		expect(node.description.credentials![0].displayOptions).toEqual({ show: { verifySignatures: [true] } });
		expect(node.description.properties.find((p) => p.name === 'verifySignatures')!.default).toBe(true);
	});

	it('filters by action and starts no second run for an identical redelivery (no id: body fingerprint)', async () => {
		const skipped = await receive(node, delivery({ action: 'employee_update' }), on({ events: ['employee_create'] }));
		expect([skipped.response.statusCode, skipped.result.workflowData]).toEqual([200, undefined]);

		const request = delivery();
		expect((await receive(node, request, on())).items).toHaveLength(1);
		const again = await receive(node, request, on());
		expect([again.response.statusCode, again.result.workflowData]).toEqual([200, undefined]);
	});
});

describe('PeopleForce Trigger: lifecycle and credential', () => {
	it('keeps only local state', async () => {
		const { context, harness } = hookContext({});
		expect(await node.webhookMethods.default.create.call(context)).toBe(true);
		expect(await node.webhookMethods.default.checkExists.call(context)).toBe(true);
		expect(await node.webhookMethods.default.delete.call(context)).toBe(true);
		expect(harness.requests).toHaveLength(0);
	});

	it('tests the secret offline; an empty secret is allowed but explained', async () => {
		const test = node.methods.credentialTest.peopleForceSecretTest;
		const run = (data: IDataObject) => test.call({} as ICredentialTestFunctions, { id: '1', name: 'c', type: 'peopleForceApi', data: data as never });
		expect(await run({ secret })).toMatchObject({ status: 'OK' });
		expect(await run({ secret: '' })).toMatchObject({ status: 'OK', message: expect.stringMatching(/Verify Signatures turned off/) });
	});
});
