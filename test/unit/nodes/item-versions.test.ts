/**
 * The item each node version emits, pinned: versions 1 and 2 keep the flat item saved workflows read
 * (their expressions must not change), version 3, the default for new nodes, emits the core's envelope
 * (nodes/shared/output.ts, core/envelope.ts). Compared as JSON text, so key order is pinned too.
 */
import type { IDataObject } from 'n8n-workflow';
import { platformIds, signDelivery } from '../../../core';
import { PeopleForceTrigger } from '../../../nodes/PeopleForceTrigger/PeopleForceTrigger.node';
import { TalentPoolsTrigger } from '../../../nodes/TalentPoolsTrigger/TalentPoolsTrigger.node';
import { facesOf } from '../../helpers/n8n-faces';
import { receive } from './harness';

const secrets = { signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', encryptionKey: 'tp-encryption-key-7Qx2' };
const job = { id: 'job_81723', title: 'Senior React Developer', customerId: 'cus_1', meta: { source: 'import' } };
// Recent: TalentPools refuses an event whose encrypted timestamp is older than its window.
const occurredAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000).toISOString();
const talentPoolsNode = new TalentPoolsTrigger();

function jobPosted(id: string) {
	const signed = signDelivery('talentpools', { event: 'job.posted', data: job, id, occurredAt: new Date(occurredAt) }, secrets);
	return { method: signed.method, headers: signed.headers, body: signed.body };
}

async function itemOf(typeVersion: number, id: string, options: IDataObject = {}): Promise<IDataObject> {
	const { items } = await receive(talentPoolsNode, jobPosted(id), {
		parameters: { events: ['*'], options },
		credentials: { talentPoolsApi: secrets },
		node: { typeVersion },
	});
	expect(items).toHaveLength(1);
	return items[0];
}

const signedAt = expect.any(String);

describe('the item of each node version', () => {
	it.each(platformIds)('%s: versions 1, 2 and 3, 3 the default for new nodes', (id) => {
		const { description } = facesOf(id).node;
		expect([description.version, description.defaultVersion]).toEqual([[1, 2, 3], 3]);
	});

	it.each([1, 2])('version %i: the flat item, exactly as before (envelope first, data spread, colliding keys renamed)', async (typeVersion) => {
		const item = await itemOf(typeVersion, `msg_flat_${typeVersion}`);
		const expected = {
			event: 'job.posted',
			id: `msg_flat_${typeVersion}`,
			occurredAt,
			platform: 'talentpools',
			entity: 'job',
			known: true,
			// The signing time is the test's own; compared below.
			meta: item.meta,
			jobId: 'job_81723',
			title: 'Senior React Developer',
			customerId: 'cus_1',
			jobMeta: { source: 'import' },
		};
		expect(JSON.stringify(item)).toBe(JSON.stringify(expected));
		expect(item.meta).toEqual({ signedAt });
	});

	it('version 3: the envelope, the payload whole under data', async () => {
		const item = await itemOf(3, 'msg_envelope');
		const expected = {
			id: 'msg_envelope',
			event: 'job.posted',
			occurredAt,
			platform: 'talentpools',
			entity: 'job',
			known: true,
			verified: true,
			data: job,
			meta: item.meta,
		};
		expect(JSON.stringify(item)).toBe(JSON.stringify(expected));
		expect(item.meta).toEqual({ signedAt });
	});

	it('version 3: the options add their siblings beside the envelope, credentials-bearing headers left out', async () => {
		const request = jobPosted('msg_envelope_headers');
		request.headers = { ...request.headers, authorization: 'Bearer abc.def.ghi' };
		const { items } = await receive(talentPoolsNode, request, {
			parameters: { events: ['*'], options: { includeHeaders: true } },
			credentials: { talentPoolsApi: secrets },
			node: { typeVersion: 3 },
		});
		expect(Object.keys(items[0])).toEqual(['id', 'event', 'occurredAt', 'platform', 'entity', 'known', 'verified', 'data', 'meta', 'headers']);
		expect(items[0].headers).toMatchObject({ 'svix-id': 'msg_envelope_headers' });
		expect((items[0].headers as IDataObject).authorization).toBeUndefined();
	});

	it('version 3: verified is false when the user switched verification off; the id is the body fingerprint when the platform sends none', async () => {
		const signed = signDelivery('peopleforce', { event: 'employee_create', data: { id: 7, attributes: { first_name: 'Ada' } } }, {});
		const { items } = await receive(
			new PeopleForceTrigger(),
			{ method: signed.method, headers: signed.headers, body: signed.body },
			{
				parameters: { events: ['*'], verifySignatures: false, options: {} },
				node: { typeVersion: 3 },
			},
		);
		expect(items).toEqual([
			expect.objectContaining({ id: expect.stringMatching(/^[0-9a-f]{64}$/), event: 'employee_create', verified: false, data: { id: 7, attributes: { first_name: 'Ada' } } }),
		]);
	});
});
