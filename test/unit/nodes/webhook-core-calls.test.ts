/**
 * webhook() hands each delivery to the core once: one normalisation, one signature check, and a
 * second check only when a fresh credential read brings different secrets (nodes/shared/webhook.ts).
 */
import type { IDataObject } from 'n8n-workflow';
import { signDelivery } from '../../../core';
import { normalizeDelivery } from '../../../core/delivery';
import { peopleForce, platforms, smartRecruiters } from '../../../core/platforms';
import { PeopleForceTrigger } from '../../../nodes/PeopleForceTrigger/PeopleForceTrigger.node';
import { SmartRecruitersTrigger } from '../../../nodes/SmartRecruitersTrigger/SmartRecruitersTrigger.node';
import { REREAD_AFTER_FAILURE_MS, forgetKeptSecrets } from '../../../nodes/shared/credentials';
import { receive } from './harness';

jest.mock('../../../core/delivery', () => {
	const actual = jest.requireActual('../../../core/delivery');
	return { ...actual, normalizeDelivery: jest.fn(actual.normalizeDelivery) };
});

const normalizations = normalizeDelivery as jest.MockedFunction<typeof normalizeDelivery>;
const peopleForceTrigger = new PeopleForceTrigger();
const employee = peopleForce.events.find((e) => e.name === 'employee_create')!.sample as IDataObject;
let sequence = 0;
const signed = (secret: string) => signDelivery('peopleforce', { event: 'employee_create', data: { ...employee, id: 770000 + ++sequence } }, { secret });

/** One delivery to a PeopleForce trigger whose credential (kept between deliveries) holds `credential.secret`. */
async function deliver(credential: { secret: string }, request: ReturnType<typeof signed>) {
	return await receive(peopleForceTrigger, request, {
		parameters: { events: ['*'], verifySignatures: true, options: {} },
		node: { id: 'node-core-calls', credentials: { peopleForceApi: { id: 'cred-core-calls', name: 'PeopleForce' } } },
		credentials: { peopleForceApi: { secret: credential.secret } },
	});
}

/** Counts the core's normalisations and PeopleForce signature checks during `run`. */
async function counted<T>(run: () => Promise<T>): Promise<{ result: T; normalized: number; verified: number }> {
	const verify = jest.spyOn(peopleForce, 'verify');
	normalizations.mockClear();
	try {
		const result = await run();
		return { result, normalized: normalizations.mock.calls.length, verified: verify.mock.calls.length };
	} finally {
		verify.mockRestore();
	}
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(() => forgetKeptSecrets());

it('the node and the core share one platform definition (a spy on one is seen by the other)', () => {
	expect(platforms.peopleforce).toBe(peopleForce);
	expect(platforms.smartrecruiters).toBe(smartRecruiters);
});

it('a delivery is normalised once and verified once', async () => {
	const credential = { secret: 'pf-core-calls-1' };
	const { result, normalized, verified } = await counted(() => deliver(credential, signed(credential.secret)));
	expect(result.items).toHaveLength(1);
	expect([normalized, verified]).toEqual([1, 1]);
});

it('a forgery refused with kept secrets is not verified again when the fresh read brings the same secrets', async () => {
	const credential = { secret: 'pf-core-calls-2' };
	expect((await deliver(credential, signed(credential.secret))).items).toHaveLength(1);
	await wait(REREAD_AFTER_FAILURE_MS + 50);
	const { result, normalized, verified } = await counted(() => deliver(credential, signed('pf-forger')));
	expect([result.response.statusCode, result.response.body]).toEqual([401, 'signature_mismatch']);
	expect([normalized, verified]).toEqual([1, 1]);
});

it('a changed secret is verified a second time, with the freshly read secrets, and runs', async () => {
	const credential = { secret: 'pf-core-calls-old' };
	expect((await deliver(credential, signed(credential.secret))).items).toHaveLength(1);
	credential.secret = 'pf-core-calls-new';
	await wait(REREAD_AFTER_FAILURE_MS + 50);
	const { result, verified } = await counted(() => deliver(credential, signed('pf-core-calls-new')));
	expect(result.items).toHaveLength(1);
	expect(verified).toBe(2);
});

it("SmartRecruiters' activation handshake is recognised by the same single core call, before any signing key exists", async () => {
	const verify = jest.spyOn(smartRecruiters, 'verify');
	normalizations.mockClear();
	const staticData: IDataObject = {};
	const { response, result } = await receive(
		new SmartRecruitersTrigger(),
		{ headers: { 'X-Hook-Secret': 'hs-core-calls' }, body: '' },
		{ parameters: { events: ['*'], options: {} }, staticData },
	);
	expect([response.statusCode, response.headers['x-hook-secret'], result.workflowData]).toEqual([200, 'hs-core-calls', undefined]);
	expect([normalizations.mock.calls.length, verify.mock.calls.length]).toEqual([1, 0]);
	expect(staticData).toEqual({});
	verify.mockRestore();
});

it('no platform that lets the user turn verification off has an unsigned handshake (webhook.ts then only parses)', () => {
	for (const platform of Object.values(platforms)) if (platform.secretOptional) expect(platform.handshake).toBeUndefined();
});
