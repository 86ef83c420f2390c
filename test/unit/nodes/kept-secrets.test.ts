/**
 * Credential secrets kept between deliveries (nodes/shared/credentials.ts): fewer credential reads,
 * but a changed secret works at once and a flood of forgeries causes at most one read a second.
 */
import type { IDataObject } from 'n8n-workflow';
import { signDelivery } from '../../../core';
import { peopleForce } from '../../../core/platforms';
import { PeopleForceTrigger } from '../../../nodes/PeopleForceTrigger/PeopleForceTrigger.node';
import { KEEP_CREDENTIAL_SECRETS_MS, REREAD_AFTER_FAILURE_MS, credentialSecretsReader, forgetKeptSecrets } from '../../../nodes/shared/credentials';
import { webhookContext } from './harness';

const employee = peopleForce.events.find((e) => e.name === 'employee_create')!.sample as IDataObject;
let sequence = 0;
const signed = (secret: string) => signDelivery('peopleforce', { event: 'employee_create', data: { ...employee, id: 990000 + ++sequence } }, { secret });

/** A webhook context whose credential (id cred-1) holds `credential.secret` at the time of each read; reads are counted. */
function contextFor(credential: { secret: string; reads: number }, node: { id?: string } = {}) {
	const request = signed(credential.secret);
	const { context } = webhookContext(request, {
		node: { id: node.id ?? 'node-kept', credentials: { peopleForceApi: { id: 'cred-1', name: 'PeopleForce' } } },
		credentials: { peopleForceApi: { secret: credential.secret } },
	});
	const read = context.getCredentials.bind(context);
	(context as { getCredentials: unknown }).getCredentials = async (type: string) => {
		credential.reads++;
		await read(type);
		return { secret: credential.secret };
	};
	return context;
}

describe('credentialSecretsReader', () => {
	beforeEach(() => forgetKeptSecrets());

	it('reads the credential once, then keeps its secrets for KEEP_CREDENTIAL_SECRETS_MS', async () => {
		let now = 1_000_000;
		const reader = credentialSecretsReader(peopleForce, 'peopleForceApi', () => now);
		const credential = { secret: 'pf-kept-1', reads: 0 };
		expect(await reader(contextFor(credential), { fresh: false })).toEqual({ secrets: { secret: 'pf-kept-1' }, kept: false });
		now += KEEP_CREDENTIAL_SECRETS_MS - 1;
		expect(await reader(contextFor(credential), { fresh: false })).toEqual({ secrets: { secret: 'pf-kept-1' }, kept: true });
		expect(credential.reads).toBe(1);
		now += 1;
		expect(await reader(contextFor(credential), { fresh: false })).toMatchObject({ kept: false });
		expect(credential.reads).toBe(2);
	});

	it('allows a fresh read at most once per REREAD_AFTER_FAILURE_MS', async () => {
		let now = 5_000_000;
		const reader = credentialSecretsReader(peopleForce, 'peopleForceApi', () => now);
		const credential = { secret: 'pf-kept-2', reads: 0 };
		await reader(contextFor(credential), { fresh: false });
		expect(await reader(contextFor(credential), { fresh: true })).toBeUndefined();
		now += REREAD_AFTER_FAILURE_MS;
		expect(await reader(contextFor(credential), { fresh: true })).toMatchObject({ kept: false });
		expect(credential.reads).toBe(2);
	});

	it('keeps nothing for a node without a saved credential id', async () => {
		const reader = credentialSecretsReader(peopleForce, 'peopleForceApi');
		let reads = 0;
		const { context } = webhookContext(signed('pf-kept-3'), { credentials: { peopleForceApi: { secret: 'pf-kept-3' } } });
		(context as { getCredentials: unknown }).getCredentials = async () => {
			reads++;
			return { secret: 'pf-kept-3' };
		};
		expect(await reader(context, { fresh: false })).toMatchObject({ kept: false });
		expect(await reader(context, { fresh: false })).toMatchObject({ kept: false });
		expect(reads).toBe(2);
	});
});

describe('a trigger with kept secrets', () => {
	beforeEach(() => forgetKeptSecrets());
	const trigger = new PeopleForceTrigger();
	const parameters = { events: ['*'], verifySignatures: true, options: {} };

	async function deliver(credential: { secret: string; reads: number }, signWith: string) {
		const request = signed(signWith);
		const { context, response } = webhookContext(request, {
			parameters,
			node: { id: 'node-rotation', credentials: { peopleForceApi: { id: 'cred-rot', name: 'PeopleForce' } } },
			credentials: { peopleForceApi: { secret: credential.secret } },
		});
		(context as { getCredentials: unknown }).getCredentials = async () => {
			credential.reads++;
			return { secret: credential.secret };
		};
		const result = await trigger.webhook.call(context);
		// A run is answered by n8n (onReceived, PeopleForce's 200), not by the node: see acknowledgement.test.ts.
		return { status: result.workflowData === undefined ? response.statusCode : 200, body: response.body, runs: result.workflowData?.[0]?.length ?? 0 };
	}

	it('verifies 20 deliveries with one credential read', async () => {
		const credential = { secret: 'pf-rot-old', reads: 0 };
		for (let i = 0; i < 20; i++) expect(await deliver(credential, 'pf-rot-old')).toMatchObject({ status: 200, runs: 1 });
		expect(credential.reads).toBe(1);
	});

	it('takes a changed secret at once: the first delivery signed with it verifies', async () => {
		const credential = { secret: 'pf-rot-old', reads: 0 };
		expect(await deliver(credential, 'pf-rot-old')).toMatchObject({ status: 200, runs: 1 });
		credential.secret = 'pf-rot-new';
		await new Promise((resolve) => setTimeout(resolve, REREAD_AFTER_FAILURE_MS + 50));
		expect(await deliver(credential, 'pf-rot-new')).toMatchObject({ status: 200, runs: 1 });
		expect(credential.reads).toBe(2);
	});

	it('answers a flood of forgeries 401 with at most one extra credential read', async () => {
		const credential = { secret: 'pf-rot-real', reads: 0 };
		expect(await deliver(credential, 'pf-rot-real')).toMatchObject({ status: 200, runs: 1 });
		for (let i = 0; i < 50; i++) expect(await deliver(credential, `forger-${i}`)).toEqual({ status: 401, body: 'signature_mismatch', runs: 0 });
		expect(credential.reads).toBeLessThanOrEqual(2);
		expect(await deliver(credential, 'pf-rot-real')).toMatchObject({ status: 200, runs: 1 });
	});
});
