/**
 * Who answers the platform, and when. A delivery that starts a run must not be acknowledged by the
 * node before n8n has registered the run: when n8n then does not register it (seen in the fault
 * runs, test/faults: 213 of 500 events answered 2xx by the node around an n8n restart had no
 * execution at all), the 2xx already sent loses the event for good, since the platform never
 * delivers it again. So webhook() leaves that answer to n8n (onReceived, noData, the platform's success status
 * as responseCode), which n8n 2.x sends after WorkflowRunner.run(); everything that starts no run
 * (rejections, redeliveries, unselected events, handshakes) is still answered by the node itself.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { platformIds, platforms, signDelivery, type PlatformId } from '../../../core';
import { HrFlowTrigger } from '../../../nodes/HrFlowTrigger/HrFlowTrigger.node';
import { PeopleForceTrigger } from '../../../nodes/PeopleForceTrigger/PeopleForceTrigger.node';
import { SignedWebhookTrigger } from '../../../nodes/SignedWebhookTrigger/SignedWebhookTrigger.node';
import { SmartRecruitersTrigger } from '../../../nodes/SmartRecruitersTrigger/SmartRecruitersTrigger.node';
import { TalentPoolsTrigger } from '../../../nodes/TalentPoolsTrigger/TalentPoolsTrigger.node';
import { webhookContext } from './harness';

interface TriggerNode {
	description: { webhooks?: Array<Record<string, unknown>> };
	webhook(this: IWebhookFunctions): Promise<IWebhookResponseData>;
}

const secretsOf: Record<PlatformId, Record<string, string>> = {
	talentpools: { signingSecret: `whsec_${Buffer.from('acknowledgement-signing-secret-32b').toString('base64')}`, encryptionKey: 'acknowledgement-encryption-key' },
	hrflow: { secret: 'wsk_acknowledgement' },
	peopleforce: { secret: 'pf-acknowledgement' },
	'signed-webhook': { secret: 'sw-acknowledgement' },
	smartrecruiters: { secret: 'sr-acknowledgement-key' },
};
const setups: Record<PlatformId, { node: TriggerNode; credentials: Record<string, IDataObject>; parameters: Record<string, unknown> }> = {
	talentpools: { node: new TalentPoolsTrigger(), credentials: { talentPoolsApi: secretsOf.talentpools }, parameters: { events: ['*'], options: {} } },
	hrflow: { node: new HrFlowTrigger(), credentials: { hrFlowApi: secretsOf.hrflow }, parameters: { events: ['*'], options: {} } },
	peopleforce: { node: new PeopleForceTrigger(), credentials: { peopleForceApi: secretsOf.peopleforce }, parameters: { events: ['*'], verifySignatures: true, options: {} } },
	'signed-webhook': { node: new SignedWebhookTrigger(), credentials: { signedWebhookApi: secretsOf['signed-webhook'] }, parameters: { events: '*', verifySignatures: true, httpMethod: 'POST', options: {} } },
	smartrecruiters: {
		node: new SmartRecruitersTrigger(),
		credentials: { smartRecruitersApi: { apiKey: 'k', baseUrl: 'https://api.smartrecruiters.example' } },
		parameters: { authentication: 'apiKey', events: ['*'], options: {} },
	},
};

let sequence = 0;
function delivery(id: PlatformId) {
	const definition = platforms[id].events[0];
	const signed = signDelivery(id, { event: definition.name, data: { ...(definition.sample as object), acknowledgementTest: ++sequence }, id: `evt-ack-${sequence}`, meta: definition.sampleMeta }, secretsOf[id]);
	return { method: signed.method, headers: signed.headers, body: signed.body };
}

async function call(id: PlatformId, request: ReturnType<typeof delivery>, staticData: IDataObject) {
	const { node, credentials, parameters } = setups[id];
	const { context, response } = webhookContext(request, { parameters, credentials, staticData });
	const result = await node.webhook.call(context);
	return { result, response, context };
}

describe.each(platformIds)('%s: the answer to a delivery that starts a run', (id) => {
	it("comes from n8n after it registered the run: the node writes nothing and describes n8n's answer (onReceived, no body, the platform's success status)", async () => {
		const webhook = setups[id].node.description.webhooks![0];
		expect([webhook.responseMode, webhook.responseData, Number(webhook.responseCode ?? 200)]).toEqual(['onReceived', 'noData', platforms[id].successStatus]);
		if (id === 'smartrecruiters') expect(typeof webhook.responseCode).toBe('number'); // n8n passes it to Express's res.status
	});
});

describe.each(platformIds.filter((id) => id !== 'smartrecruiters'))('%s: runs and redeliveries', (id) => {
	it('a fresh delivery: workflowData, no answer written, no noWebhookResponse; a retry before n8n answered: 503, no run; its redelivery after: answered by the node with the success status, no run', async () => {
		const staticData: IDataObject = {};
		const request = delivery(id);
		const first = await call(id, request, staticData);
		expect(first.result.workflowData?.[0]).toHaveLength(1);
		expect(first.result.noWebhookResponse).toBeUndefined();
		expect(first.response.sentAt).toBeUndefined();

		// Before n8n has answered, nobody knows whether the run exists: a retry is told to come back later.
		const early = await call(id, request, staticData);
		expect(early.result).toEqual({ noWebhookResponse: true });
		expect([early.response.statusCode, early.response.body, early.response.headers['retry-after']]).toEqual([503, 'delivery_in_progress', '10']);

		// n8n registers the run and answers (onReceived): from now on the same delivery is a redelivery.
		first.context.getResponseObject().status(platforms[id].successStatus);
		first.context.getResponseObject().end('');
		const again = await call(id, request, staticData);
		expect(again.result).toEqual({ noWebhookResponse: true });
		expect([again.response.statusCode, again.response.body]).toEqual([platforms[id].successStatus, '']);
	});

	it('a rejected delivery is still answered by the node (4xx with the code), no run', async () => {
		const request = { ...delivery(id), body: 'garbage' };
		const { result, response } = await call(id, request, {});
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBeGreaterThanOrEqual(400);
		expect(response.statusCode).toBeLessThan(500);
	});
});
