/**
 * "Listen for test event": a delivery the trigger refuses on the editor's test URL becomes a failed
 * run the editor shows (a NodeOperationError naming the code and the credential fields to check, no
 * secret), since a 401 never reaches the editor. On the production URL nothing changes: 401 and the
 * code, no run.
 */
import { NodeOperationError } from 'n8n-workflow';
import { signDelivery } from '../../../core';
import { SignedWebhookTrigger } from '../../../nodes/SignedWebhookTrigger/SignedWebhookTrigger.node';
import { TalentPoolsTrigger } from '../../../nodes/TalentPoolsTrigger/TalentPoolsTrigger.node';
import { TEST_URL, expectNoSecretLeak, webhookContext } from './harness';

const secrets = { signingSecret: `whsec_${Buffer.from('test-url-refusals-signing-secret').toString('base64')}`, encryptionKey: 'test-url-refusals-key' };
const parameters = { events: ['*'], options: {} };

function wrongKeyDelivery() {
	const signed = signDelivery('talentpools', { event: 'job.posted', data: { id: 'j1' }, id: 'msg_test_url' }, { ...secrets, encryptionKey: 'another key' });
	return { method: signed.method, headers: signed.headers, body: signed.body };
}

describe('a refused delivery on the test URL', () => {
	it('fails the test run with the code and the setting to check, and answers nothing itself', async () => {
		const { context, response } = webhookContext(wrongKeyDelivery(), { parameters, credentials: { talentPoolsApi: secrets }, mode: 'manual', webhookUrl: TEST_URL });
		const outcome = await new TalentPoolsTrigger().webhook.call(context).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(outcome).toBeInstanceOf(NodeOperationError);
		expect((outcome as Error).message).toMatch(/^Test delivery refused \(decryption_failed\): .* Check "Encryption Key" in the TalentPools credential\.$/);
		expect(response.statusCode).toBeUndefined();
		expectNoSecretLeak(Object.values(secrets), (outcome as NodeOperationError).message, (outcome as NodeOperationError).description);
	});

	it("names the generic sender's header and secret for a missing signature", async () => {
		const { context } = webhookContext(
			{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"event":"x"}' },
			{
				parameters: { events: '*', verifySignatures: true, httpMethod: 'POST', options: {} },
				credentials: { signedWebhookApi: { secret: 's3cret' } },
				mode: 'manual',
				webhookUrl: TEST_URL,
			},
		);
		await expect(new SignedWebhookTrigger().webhook.call(context)).rejects.toThrow(/\(missing_header\).*Check "Secret" and "Signature Header" in the Signed Webhook credential\./);
	});
});

describe('a refused delivery on the production URL', () => {
	it('is answered 401 with the code and starts no run, as before', async () => {
		const { context, response } = webhookContext(wrongKeyDelivery(), { parameters, credentials: { talentPoolsApi: secrets }, mode: 'webhook' });
		const result = await new TalentPoolsTrigger().webhook.call(context);
		expect(result).toEqual({ noWebhookResponse: true });
		expect([response.statusCode, response.body]).toEqual([401, 'decryption_failed']);
	});
});
