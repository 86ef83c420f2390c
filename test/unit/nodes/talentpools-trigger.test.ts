import type { IDataObject, ICredentialTestFunctions } from 'n8n-workflow';
import { signDelivery, signSvix } from '../../../core';
import { talentPools } from '../../../core/platforms';
import { TalentPoolsTrigger } from '../../../nodes/TalentPoolsTrigger/TalentPoolsTrigger.node';
import { PRODUCTION_URL, TEST_URL, expectNoSecretLeak, hookContext, receive } from './harness';

const secrets = { signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', encryptionKey: 'tp-encryption-key-7Qx2' };
const credentials = { talentPoolsApi: secrets };
const job = talentPools.events.find((e) => e.name === 'job.posted')!.sample as IDataObject;

const node = new TalentPoolsTrigger();
// Redeliveries are remembered per process: every test delivery gets its own id unless it says otherwise.
let sequence = 0;

function delivery(overrides: { event?: string; id?: string; at?: Date; secrets?: Partial<typeof secrets>; data?: unknown } = {}) {
	const signed = signDelivery(
		'talentpools',
		{ event: overrides.event ?? 'job.posted', data: overrides.data ?? job, id: overrides.id ?? `msg_${++sequence}` },
		{ ...secrets, ...overrides.secrets },
		{ now: overrides.at ?? new Date() },
	);
	return { method: signed.method, headers: signed.headers, body: signed.body };
}

const on = (parameters: Record<string, unknown> = {}, staticData: IDataObject = {}) => ({
	parameters: { events: ['*'], options: {}, ...parameters },
	credentials,
	staticData,
});

describe('TalentPools Trigger: receiving', () => {
	it('accepts a signed, encrypted delivery and emits one typed item', async () => {
		const { response, items, harness } = await receive(node, delivery({ id: 'msg_2fQ1' }), on());
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			event: 'job.posted',
			id: 'msg_2fQ1',
			platform: 'talentpools',
			entity: 'job',
			known: true,
			title: job.title,
			jobId: job.id,
			customerId: job.customerId,
			meta: { signedAt: expect.any(String) },
		});
		expect(typeof items[0].occurredAt).toBe('string');
		expect(items[0].headers).toBeUndefined();
		expectNoSecretLeak(Object.values(secrets), items, response, harness.logs);
	});

	it('adds the request headers on request, without credentials-bearing ones', async () => {
		const request = delivery({ id: 'msg_with_headers' });
		request.headers = { ...request.headers, authorization: 'Bearer abc.def.ghi' };
		const { items } = await receive(node, request, on({ options: { includeHeaders: true } }));
		expect(items[0].headers).toMatchObject({ 'svix-id': 'msg_with_headers', 'content-type': 'application/json' });
		expect((items[0].headers as IDataObject).authorization).toBeUndefined();
	});

	it.each([
		['signature_mismatch', 401, () => delivery({ secrets: { signingSecret: 'whsec_' + Buffer.from('another-secret-entirely').toString('base64') } })],
		[
			'missing_header',
			401,
			() => {
				const d = delivery();
				delete (d.headers as Record<string, string>)['svix-signature'];
				return d;
			},
		],
		['timestamp_out_of_tolerance', 401, () => delivery({ at: new Date(Date.now() - 10 * 60_000) })],
		['decryption_failed', 401, () => delivery({ secrets: { encryptionKey: 'not-the-key' } })],
		[
			'malformed_body',
			400,
			() => {
				const body = 'this is not json';
				return { method: 'POST', headers: { 'content-type': 'text/plain', ...signSvix(body, [secrets.signingSecret]) }, body };
			},
		],
	])('rejects %s with %i, the code as body, and no run', async (code, status, make) => {
		const { result, response, harness } = await receive(node, make(), on());
		expect(response.statusCode).toBe(status);
		expect(response.body).toBe(code);
		expect(result.workflowData).toBeUndefined();
		expect(harness.logs.some((l) => l.level === 'warn' && l.message.includes(code))).toBe(true);
		expectNoSecretLeak(Object.values(secrets), response, harness.logs);
	});

	it('honours a wider tolerance from the options', async () => {
		const old = delivery({ at: new Date(Date.now() - 10 * 60_000) });
		// The encrypted event time is checked too (15 s by default): widen both.
		const { response, items } = await receive(node, old, on({ options: { toleranceSeconds: 900, eventToleranceSeconds: 0 } }));
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
	});

	it('answers 500 missing_secret when no credential is set, and starts nothing', async () => {
		const { response, result, harness } = await receive(node, delivery(), { parameters: { events: ['*'] }, credentials: {} });
		expect(response.statusCode).toBe(500);
		expect(response.body).toBe('missing_secret');
		expect(result.workflowData).toBeUndefined();
		expect(harness.logs.some((l) => l.level === 'error' && l.message.includes('missing_secret'))).toBe(true);
	});

	it('acknowledges events that are not selected with 200 and no run', async () => {
		const { response, result } = await receive(node, delivery(), on({ events: ['freelancer.registered'] }));
		expect(response.statusCode).toBe(200);
		expect(result.workflowData).toBeUndefined();
	});

	it('passes unknown future events through "*", and through Other Event Names only when listed', async () => {
		const future = () => delivery({ event: 'payment.released', id: `msg_${Math.random()}`, data: { id: 'pay_1', amount: 10 } });
		const all = await receive(node, future(), on());
		expect(all.items[0]).toMatchObject({ event: 'payment.released', known: false, entity: null, payloadId: 'pay_1', amount: 10 });
		const picked = await receive(node, future(), on({ events: ['job.posted'] }));
		expect(picked.result.workflowData).toBeUndefined();
		const listed = await receive(node, future(), on({ events: ['job.posted'], options: { otherEvents: 'payment.released, other.thing' } }));
		expect(listed.items).toHaveLength(1);
	});

	it('starts no second run for a redelivery of the same event id, from memory or from static data', async () => {
		const staticData: IDataObject = {};
		const request = delivery({ id: 'msg_redelivered' });
		const first = await receive(node, request, on({}, staticData));
		expect(first.items).toHaveLength(1);
		const second = await receive(node, request, on({}, staticData));
		expect(second.response.statusCode).toBe(200);
		expect(second.result.workflowData).toBeUndefined();
		// Another process (no shared memory) that loads the persisted static data also drops it.
		const elsewhere = await receive(node, request, { ...on({}, JSON.parse(JSON.stringify(staticData))), node: { id: 'node-in-other-process' } });
		expect(elsewhere.result.workflowData).toBeUndefined();
		// A new event id is a new event.
		const next = await receive(node, delivery({ id: 'msg_next' }), on({}, staticData));
		expect(next.items).toHaveLength(1);
	});

	it('has no verification switch: TalentPools secrets are required', () => {
		expect(node.description.properties.find((p) => p.name === 'verifySignatures')).toBeUndefined();
	});
});

describe('TalentPools Trigger: lifecycle (local state only)', () => {
	it('remembers the URL it listens on; test and production URLs are separate', async () => {
		const staticData: IDataObject = {};
		const production = hookContext({ staticData, webhookUrl: PRODUCTION_URL });
		expect(await node.webhookMethods.default.checkExists.call(production.context)).toBe(false);
		expect(await node.webhookMethods.default.create.call(production.context)).toBe(true);
		expect(await node.webhookMethods.default.checkExists.call(production.context)).toBe(true);
		expect(production.harness.logs.some((l) => l.message.includes(PRODUCTION_URL))).toBe(true);

		const test = hookContext({ staticData, webhookUrl: TEST_URL });
		expect(await node.webhookMethods.default.checkExists.call(test.context)).toBe(false);

		expect(await node.webhookMethods.default.delete.call(production.context)).toBe(true);
		expect(await node.webhookMethods.default.checkExists.call(production.context)).toBe(false);
		expect(production.harness.requests).toHaveLength(0);
	});
});

describe('TalentPools credential test (offline)', () => {
	const test = node.methods.credentialTest.talentPoolsSecretsTest;
	const run = (data: IDataObject) => test.call({} as ICredentialTestFunctions, { id: '1', name: 'c', type: 'talentPoolsApi', data: data as never });

	it('passes well-formed secrets', async () => {
		expect(await run(secrets)).toMatchObject({ status: 'OK' });
	});

	it('names a signing secret that is not a whsec_ secret, without echoing it', async () => {
		const result = await run({ ...secrets, signingSecret: 'whsec_***not base64***' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/whsec_/);
		expect(result.message).not.toContain('not base64');
	});

	it('requires both secrets', async () => {
		expect(await run({ signingSecret: secrets.signingSecret })).toMatchObject({ status: 'Error', message: expect.stringMatching(/Encryption Key/) });
	});
});
