/**
 * One item for both faces: for the same genuine delivery, the n8n trigger (node version 3, default
 * options) and the Zapier hook trigger emit the same envelope (core/envelope.ts), ids included. Every
 * platform with a Zapier hook, every catalogue event, in every wire variant its examples know
 * (core/platforms/<id>/examples.ts: HrFlow.ai batches among them).
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { type PlatformId, type SignedDelivery, platformIds, platforms, signDelivery } from '../../core';
import { examplesOf } from '../../core/platforms/examples';
import { defaultParameters, facesOf } from '../../test/helpers/n8n-faces';
import { receive } from '../../test/unit/nodes/harness';
import { appOf, runHook } from './helpers';

/** Platforms Zapier reaches with a hook trigger (the others poll an API: src/app.ts). */
const hookPlatforms = platformIds.filter((id) => platforms[id].handshake === undefined && platforms[id].subscription.kind !== 'api');

function deliveriesOf(id: PlatformId, secrets: Record<string, unknown>): SignedDelivery[] {
	const now = new Date();
	const inputs = platforms[id].events.map((event) => ({ event: event.name, data: event.sample, meta: event.sampleMeta }));
	const variants = examplesOf(id).wireVariants?.(inputs, secrets, now);
	return variants ?? inputs.map((input) => signDelivery(id, input, secrets, { now }));
}

let workflow = 0;
async function n8nItems(id: PlatformId, delivery: SignedDelivery, secrets: Record<string, unknown>): Promise<IDataObject[]> {
	const { node, credentials } = facesOf(id);
	const trigger = node as unknown as { webhook(this: IWebhookFunctions): Promise<IWebhookResponseData>; description: { webhooks?: Array<Record<string, unknown>> } };
	const { items } = await receive(
		trigger,
		{ method: delivery.method, headers: delivery.headers, body: delivery.body },
		{
			parameters: defaultParameters(node),
			credentials: { [credentials[0].name]: secrets as IDataObject },
			node: { typeVersion: 3 },
			// Each delivery its own workflow: wire variants of one event share its id, which would read as a redelivery.
			workflowId: `faces-${++workflow}`,
		},
	);
	return items;
}

describe.each(hookPlatforms)('%s: the n8n item (version 3) is the Zapier item', (id) => {
	const secrets = examplesOf(id).secrets as Record<string, string>;
	const app = appOf(id);
	const triggerKey = app.triggers.any_event !== undefined ? 'any_event' : Object.keys(app.triggers)[0];

	it('for every catalogue event in every wire variant', async () => {
		const deliveries = deliveriesOf(id, secrets);
		expect(deliveries.length).toBeGreaterThan(0);
		for (const delivery of deliveries) {
			const fromN8n = await n8nItems(id, delivery, secrets);
			const { items: fromZapier } = await runHook(app, triggerKey, delivery, secrets);
			expect(fromN8n.length).toBeGreaterThan(0);
			expect(JSON.parse(JSON.stringify(fromN8n))).toEqual(JSON.parse(JSON.stringify(fromZapier)));
		}
	});
});
