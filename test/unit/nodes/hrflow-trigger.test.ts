import type { IDataObject } from 'n8n-workflow';
import { signDelivery, signHrFlowBatch } from '../../../core';
import { HrFlowApi } from '../../../credentials/HrFlowApi.credentials';
import { HrFlowTrigger } from '../../../nodes/HrFlowTrigger/HrFlowTrigger.node';
import { type RecordedRequest, expectNoSecretLeak, hookContext, receive } from './harness';

const secret = 'wsk_9c2f0d8e1b7a4c3d';
const apiKey = 'ask_read_0f9e8d7c6b5a4f3e';
const node = new HrFlowTrigger();

let sequence = 0;
const profileKey = () => (++sequence).toString(16).padStart(40, 'a');
const SOURCE = 'd900ec70c67d43c71027f9bc63ec3b5b3e16c1d8';
const BOARD = 'b0a4d0e1c2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7';

function profileEvent(type = 'profile.parsing.success', key = profileKey()) {
	return { event: type, data: { origin: 'api', message: 'profile parsing succeed', profile: { key, source: { key: SOURCE } } } };
}

const credential = { secret, apiKey, userEmail: 'ops@example.com', baseUrl: 'http://127.0.0.1:9/hrflow' };
const on = (parameters: Record<string, unknown> = {}, server?: (r: RecordedRequest) => { statusCode: number; body?: unknown }) => ({
	parameters: { events: ['*'], options: {}, ...parameters },
	credentials: { hrFlowApi: credential },
	server,
});

describe('HrFlow Trigger: receiving', () => {
	it('accepts the form delivery of the seed and emits the profile reference', async () => {
		const event = profileEvent();
		const request = signDelivery('hrflow', event, { secret });
		expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
		const { response, items, harness } = await receive(node, request, on());
		expect(response.statusCode).toBe(200);
		expect(items).toEqual([
			expect.objectContaining({
				event: 'profile.parsing.success',
				id: null,
				platform: 'hrflow',
				entity: 'profile',
				known: true,
				type: 'profile.parsing.success',
				origin: 'api',
				profile: event.data.profile,
				meta: { origin: 'api', message: 'profile parsing succeed' },
			}),
		]);
		expectNoSecretLeak([secret, apiKey], items, response, harness.logs);
	});

	it('emits one item per event of a JSON array batch', async () => {
		const batch = signHrFlowBatch(
			[
				profileEvent('profile.storing.success'),
				{ event: 'job.storing.update', data: { job: { key: profileKey(), board: { key: BOARD } } } },
				profileEvent('profile.scoring.error'),
			],
			{ secret },
		);
		const { response, items } = await receive(node, batch, on());
		expect(response.statusCode).toBe(200);
		expect(items.map((i) => [i.event, i.entity])).toEqual([
			['profile.storing.success', 'profile'],
			['job.storing.update', 'job'],
			['profile.scoring.error', 'profile'],
		]);
		// Only the selected events of a batch start the run.
		const picked = await receive(
			node,
			signHrFlowBatch([profileEvent('profile.storing.success'), profileEvent('profile.storing.error')], { secret }),
			on({ events: ['profile.storing.error'] }),
		);
		expect(picked.items.map((i) => i.event)).toEqual(['profile.storing.error']);
	});

	it.each([
		['signature_mismatch', 401, () => signDelivery('hrflow', profileEvent(), { secret: 'wsk_other' })],
		[
			'missing_header',
			401,
			() => {
				const d = signDelivery('hrflow', profileEvent(), { secret });
				return { ...d, headers: { 'content-type': d.headers['content-type'] } };
			},
		],
		['malformed_header', 401, () => ({ ...signDelivery('hrflow', profileEvent(), { secret }), headers: { 'content-type': 'application/json', 'HTTP-HRFLOW-SIGNATURE': 'zz' } })],
		['malformed_body', 400, () => ({ method: 'POST', headers: { 'content-type': 'application/json', 'HTTP-HRFLOW-SIGNATURE': 'a'.repeat(64) }, body: '[{"type":' })],
	])('rejects %s with %i and no run', async (code, status, make) => {
		const { result, response } = await receive(node, make(), on());
		expect([response.statusCode, response.body, result.workflowData]).toEqual([status, code, undefined]);
	});

	it('starts no second run for the same batch delivered again', async () => {
		const batch = signHrFlowBatch([profileEvent(), profileEvent()], { secret });
		expect((await receive(node, batch, on())).items).toHaveLength(2);
		const again = await receive(node, batch, on());
		expect([again.response.statusCode, again.result.workflowData]).toEqual([200, undefined]);
	});

	it('resolves the full profile and job through the HrFlow.ai API when asked', async () => {
		const requests: RecordedRequest[] = [];
		const server = (request: RecordedRequest) => {
			requests.push(request);
			return { statusCode: 200, body: { code: 200, message: 'ok', data: { key: request.qs?.key, info: { full_name: 'Ada Lovelace' } } } };
		};
		const profile = profileEvent();
		const job = { event: 'job.storing.success', data: { job: { key: profileKey(), board: { key: BOARD } } } };
		const { items, response } = await receive(node, signHrFlowBatch([profile, job], { secret }), on({ options: { resolveEntity: true } }, server));
		expect(response.statusCode).toBe(200);
		expect(items[0].resolved).toEqual({ key: profile.data.profile.key, info: { full_name: 'Ada Lovelace' } });
		expect(items[1].resolved).toMatchObject({ key: job.data.job.key });
		expect(requests.map((r) => [r.credentialType, r.method, r.url, r.qs])).toEqual([
			['hrFlowApi', 'GET', 'http://127.0.0.1:9/hrflow/v1/profile/indexing', { source_key: SOURCE, key: profile.data.profile.key }],
			['hrFlowApi', 'GET', 'http://127.0.0.1:9/hrflow/v1/job/indexing', { board_key: BOARD, key: job.data.job.key }],
		]);
	});

	it('still runs, with resolveError, when the look-up fails', async () => {
		const { items, harness } = await receive(
			node,
			signDelivery('hrflow', profileEvent(), { secret }),
			on({ options: { resolveEntity: true } }, () => ({ statusCode: 404, body: { code: 404 } })),
		);
		expect(items[0].resolved).toBeUndefined();
		expect(items[0].resolveError).toMatch(/404/);
		expect(harness.logs.some((l) => l.level === 'warn')).toBe(true);

		const noKey = await receive(node, signDelivery('hrflow', profileEvent(), { secret }), {
			...on({ options: { resolveEntity: true } }),
			credentials: { hrFlowApi: { secret } },
		});
		expect(noKey.items[0].resolveError).toMatch(/API key/);
		expect(noKey.harness.requests).toHaveLength(0);
	});
});

describe('HrFlow Trigger: lifecycle and credential', () => {
	it('keeps only local state', async () => {
		const staticData: IDataObject = {};
		const { context, harness } = hookContext({ staticData });
		expect(await node.webhookMethods.default.checkExists.call(context)).toBe(false);
		expect(await node.webhookMethods.default.create.call(context)).toBe(true);
		expect(await node.webhookMethods.default.checkExists.call(context)).toBe(true);
		expect(await node.webhookMethods.default.delete.call(context)).toBe(true);
		expect(harness.requests).toHaveLength(0);
	});

	it('holds the secret and the API key as password fields, sends the key as headers, and tests it against /v1/auth', () => {
		const type = new HrFlowApi();
		const passwords = type.properties.filter((p) => p.typeOptions?.password).map((p) => p.name);
		expect(passwords).toEqual(['secret', 'previousSecret', 'apiKey']);
		expect(type.authenticate.properties.headers).toEqual({ 'X-API-KEY': '={{$credentials.apiKey}}', 'X-USER-EMAIL': '={{$credentials.userEmail}}' });
		expect(type.test.request).toMatchObject({ baseURL: '={{$credentials.baseUrl}}', url: '/v1/auth' });
	});
});
