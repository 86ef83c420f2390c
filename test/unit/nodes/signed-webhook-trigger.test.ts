import type { ICredentialTestFunctions, IDataObject } from 'n8n-workflow';
import { signDelivery } from '../../../core';
import { SignedWebhookTrigger } from '../../../nodes/SignedWebhookTrigger/SignedWebhookTrigger.node';
import { expectNoSecretLeak, hookContext, receive } from './harness';

const secret = 'laravel-webhook-secret-55c1';
const node = new SignedWebhookTrigger();
let sequence = 0;

const laravel = { secret, header: 'X-Signature', algorithm: 'sha256', encoding: 'hex', prefix: '' };
const github = { secret, header: 'X-Hub-Signature-256', algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=' };

function delivery(credential: IDataObject, event = 'candidate.hired', extra: IDataObject = {}) {
	return signDelivery('signed-webhook', { event, data: { candidate: { id: ++sequence, name: 'Priya Raman' }, ...extra } }, credential);
}

const on = (credential: IDataObject | undefined, parameters: Record<string, unknown> = {}) => ({
	parameters: { httpMethod: 'POST', events: '*', verifySignatures: true, options: {}, ...parameters },
	credentials: (credential === undefined ? {} : { signedWebhookApi: credential }) as Record<string, IDataObject>,
});

describe('Signed Webhook Trigger', () => {
	it('verifies a Laravel webhook-server style X-Signature and names the event from the payload', async () => {
		const request = delivery(laravel);
		expect(Object.keys(request.headers)).toContain('X-Signature');
		const { response, items, harness } = await receive(node, request, on(laravel));
		expect(response.statusCode).toBe(200);
		expect(items[0]).toMatchObject({
			event: 'candidate.hired',
			platform: 'signed-webhook',
			id: null,
			entity: 'payload',
			candidate: { name: 'Priya Raman' },
			meta: { method: 'POST' },
		});
		expectNoSecretLeak([secret], items, response, harness.logs);
	});

	it('verifies a GitHub-style sender through header, prefix and algorithm settings', async () => {
		const request = delivery(github, 'push');
		expect(request.headers['X-Hub-Signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
		expect((await receive(node, request, on(github))).items[0].event).toBe('push');
		// The same delivery checked against the Laravel header settings is missing its header.
		const wrongHeader = await receive(node, delivery(github), on(laravel));
		expect([wrongHeader.response.statusCode, wrongHeader.response.body]).toEqual([401, 'missing_header']);
	});

	it('supports base64 SHA-512 senders', async () => {
		const sha512 = { ...laravel, algorithm: 'sha512', encoding: 'base64' };
		expect((await receive(node, delivery(sha512), on(sha512))).items).toHaveLength(1);
		const mismatch = await receive(node, delivery({ ...sha512, secret: 'other' }), on(sha512));
		expect([mismatch.response.statusCode, mismatch.response.body, mismatch.result.workflowData]).toEqual([401, 'signature_mismatch', undefined]);
	});

	it('filters on free-form event names', async () => {
		const skipped = await receive(node, delivery(laravel, 'candidate.rejected'), on(laravel, { events: 'candidate.hired, job.published' }));
		expect([skipped.response.statusCode, skipped.result.workflowData]).toEqual([200, undefined]);
		const kept = await receive(node, delivery(laravel, 'job.published'), on(laravel, { events: 'candidate.hired, job.published' }));
		expect(kept.items).toHaveLength(1);
	});

	it('reads unsigned deliveries only when verification is explicitly off', async () => {
		const unsigned = signDelivery('signed-webhook', { event: 'ping', data: { n: ++sequence } }, { secret: '' });
		const refused = await receive(node, unsigned, on({ ...laravel, secret: '' }));
		expect([refused.response.statusCode, refused.response.body]).toEqual([500, 'missing_secret']);
		const accepted = await receive(node, unsigned, on(undefined, { verifySignatures: false }));
		expect(accepted.items[0]).toMatchObject({ event: 'ping', n: sequence });
	});

	it('listens on the HTTP method chosen in the node', () => {
		const webhook = node.description.webhooks![0];
		expect(webhook.httpMethod).toBe('={{$parameter["httpMethod"] || "POST"}}');
		// The same read without the expression engine, for n8n 2.41+ (nodes/shared/description.ts).
		const native = (webhook as unknown as Record<symbol, Record<string, { template: string; resolve(p: object): unknown }>>)[Symbol.for('n8n.webhookDescriptionResolvers')]
			.httpMethod;
		expect(native.template).toBe(webhook.httpMethod);
		expect([native.resolve({ httpMethod: 'PUT' }), native.resolve({ httpMethod: 'PATCH' }), native.resolve({ httpMethod: '' }), native.resolve({})]).toEqual([
			'PUT',
			'PATCH',
			'POST',
			'POST',
		]);
		expect(node.description.properties[0]).toMatchObject({ name: 'httpMethod', default: 'POST' });
	});

	it('keeps only local state', async () => {
		const { context, harness } = hookContext({});
		expect(await node.webhookMethods.default.create.call(context)).toBe(true);
		expect(await node.webhookMethods.default.checkExists.call(context)).toBe(true);
		expect(await node.webhookMethods.default.delete.call(context)).toBe(true);
		expect(harness.requests).toHaveLength(0);
	});

	it('tests the credential offline, naming a bad header name', async () => {
		const test = node.methods.credentialTest.signedWebhookSecretTest;
		const run = (data: IDataObject) => test.call({} as ICredentialTestFunctions, { id: '1', name: 'c', type: 'signedWebhookApi', data: data as never });
		expect(await run(github)).toMatchObject({ status: 'OK' });
		expect(await run({ ...laravel, header: 'X Signature' })).toMatchObject({ status: 'Error', message: expect.stringMatching(/header name/) });
	});

	it("verifies each named sender with the code that signs it, and names events and ids the sender's way", async () => {
		const cases: Array<[IDataObject, string, string | null]> = [
			[{ preset: 'github', secret }, 'pull_request', 'gh-delivery-1'],
			[{ preset: 'stripe', secret: 'whsec_stripe' }, 'invoice.paid', 'evt_1'],
			[{ preset: 'slack', secret }, 'app_mention', null],
			[{ preset: 'shopify', secret }, 'orders/create', 'shop-webhook-1'],
			[{ preset: 'standard-webhooks', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }, 'user.created', 'msg_1'],
		];
		for (const [credential, event, id] of cases) {
			const request = signDelivery('signed-webhook', { event, data: { n: ++sequence }, ...(id === null ? {} : { id }) }, credential);
			const { response, items, harness } = await receive(node, request, on(credential));
			expect([credential.preset, response.statusCode, items[0]?.event]).toEqual([credential.preset, 200, event]);
			if (id !== null) expect(items[0].id).toBe(id);
			expectNoSecretLeak([String(credential.secret)], items, response, harness.logs);
		}
	});

	it("answers Slack's url_verification challenge once it verified, and starts no run", async () => {
		const credential = { preset: 'slack' as const, secret };
		const challenge = signDelivery('signed-webhook', { event: 'url_verification', data: { token: 't', type: 'url_verification', challenge: 'chal-123' } }, credential);
		const answered = await receive(node, challenge, on(credential));
		expect([answered.response.statusCode, answered.response.body, answered.result.workflowData]).toEqual([200, 'chal-123', undefined]);
		const forged = await receive(node, challenge, on({ ...credential, secret: 'not-the-secret' }));
		expect([forged.response.statusCode, forged.response.body, forged.result.workflowData]).toEqual([401, 'signature_mismatch', undefined]);
	});

	it('accepts the previous secret during a rotation until it is cleared', async () => {
		const rotated = { preset: 'spatie', secret: 'new-secret', previousSecret: 'old-secret' };
		const byOld = delivery({ preset: 'spatie', secret: 'old-secret' });
		expect((await receive(node, byOld, on(rotated))).items).toHaveLength(1);
		expect((await receive(node, delivery({ preset: 'spatie', secret: 'new-secret' }), on(rotated))).items).toHaveLength(1);
		const cleared = await receive(node, delivery({ preset: 'spatie', secret: 'old-secret' }), on({ preset: 'spatie', secret: 'new-secret' }));
		expect([cleared.response.statusCode, cleared.response.body]).toEqual([401, 'signature_mismatch']);
	});

	it('derives the credential from the presets: custom settings show only for Custom, a Previous Secret for rotation', async () => {
		const { SignedWebhookApi } = await import('../../../credentials/SignedWebhookApi.credentials');
		const properties = new SignedWebhookApi().properties;
		expect(properties[0]).toMatchObject({ name: 'preset', type: 'options', default: 'spatie' });
		expect(properties.find((p) => p.name === 'previousSecret')).toMatchObject({ displayName: 'Previous Secret', typeOptions: { password: true }, required: false });
		for (const name of ['header', 'signedContent', 'timestampHeader', 'timestampFormat', 'algorithm', 'encoding', 'prefix', 'signatureSeparator', 'idHeader']) {
			expect([name, properties.find((p) => p.name === name)?.displayOptions]).toEqual([name, { show: { preset: ['custom'] } }]);
		}
		const test = node.methods.credentialTest.signedWebhookSecretTest;
		const run = (data: IDataObject) => test.call({} as ICredentialTestFunctions, { id: '1', name: 'c', type: 'signedWebhookApi', data: data as never });
		const whsec = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
		expect(await run({ preset: 'standard-webhooks', secret: whsec, previousSecret: whsec })).toMatchObject({ status: 'OK' });
		expect(await run({ preset: 'standard-webhooks', secret: whsec, previousSecret: 'whsec_not base64!' })).toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/whsec_/),
		});
		expect(await run({ preset: 'custom', secret, signedContent: '{timestamp}.{body}' })).toMatchObject({ status: 'Error', message: expect.stringMatching(/Timestamp Header/) });
	});
});
