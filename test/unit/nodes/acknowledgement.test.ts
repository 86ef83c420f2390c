/**
 * Who answers the platform, and when. A delivery that starts a run must not be acknowledged by the
 * node before n8n has registered the run: when n8n then does not register it (around a restart,
 * n8n 2.41 keeps serving webhooks and may start no run), the 2xx already sent loses the event for
 * good, since the platform never delivers it again. So webhook() leaves that answer to n8n (onReceived, noData, the platform's success status
 * as responseCode), which n8n 2.x sends after WorkflowRunner.run(); everything that starts no run
 * (rejections, redeliveries, unselected events, handshakes) is still answered by the node itself.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { platformIds, platforms, signDelivery, type PlatformId } from '../../../core';
import { examplesOf } from '../../../core/platforms/examples';
import { defaultParameters, facesOf } from '../../helpers/n8n-faces';
import { webhookContext } from './harness';

interface TriggerNode {
	description: { webhooks?: Array<Record<string, unknown>> };
	webhook(this: IWebhookFunctions): Promise<IWebhookResponseData>;
}

/** Each platform's trigger with its default parameters, every event selected, and its examples' secrets in its credential. */
function setupOf(id: PlatformId): { node: TriggerNode; credentials: Record<string, IDataObject>; parameters: Record<string, unknown> } {
	const { node, credentials } = facesOf(id);
	return { node: node as unknown as TriggerNode, credentials: { [credentials[0].name]: examplesOf(id).secrets as IDataObject }, parameters: defaultParameters(node) };
}
const setups = Object.fromEntries(platformIds.map((id) => [id, setupOf(id)])) as Record<PlatformId, ReturnType<typeof setupOf>>;

let sequence = 0;
function delivery(id: PlatformId) {
	const definition = platforms[id].events[0];
	const signed = signDelivery(
		id,
		{ event: definition.name, data: { ...(definition.sample as object), acknowledgementTest: ++sequence }, id: `evt-ack-${sequence}`, meta: definition.sampleMeta },
		examplesOf(id).secrets,
	);
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
		if (webhook.responseCode !== undefined) expect(typeof webhook.responseCode).toBe('number'); // n8n passes it to Express's res.status
	});
});

// Platforms subscribed through an API get their signing key at activation (their own trigger tests cover it).
describe.each(platformIds.filter((id) => platforms[id].subscription.kind !== 'api'))('%s: runs and redeliveries', (id) => {
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
