/**
 * The sandbox against the project's own SmartRecruiters client (core/platforms/smartrecruiters/api.ts),
 * configured with the sandbox's URL as base URL and nothing else changed.
 */
import { recognizeHandshake, verifyDelivery } from '../../../core';
import { createSmartRecruitersWebhooksClient, isSmartRecruitersApiError, type SmartRecruitersRequester } from '../../../core/platforms/smartrecruiters/api';
import { createSandbox, type Sandbox } from '../../../sandbox';
import { request } from './helpers/http';
import { startReceiver, type Receiver } from './helpers/receiver';

let sandbox: Sandbox;
let receiver: Receiver;

/** What the n8n node's httpRequestWithAuthentication does with the X-SmartToken credential. */
const requester: SmartRecruitersRequester = async ({ method, url, body, headers, qs }) => {
	const target = new URL(url);
	for (const [key, value] of Object.entries(qs ?? {})) target.searchParams.set(key, String(value));
	const response = await request(target.toString(), { method, body, headers: { ...headers, 'X-SmartToken': 'sandbox-api-key' } });
	return { statusCode: response.status, body: response.json ?? response.text, headers: response.headers as Record<string, string> };
};

beforeAll(async () => {
	receiver = await startReceiver((received) => {
		const handshake = recognizeHandshake('smartrecruiters', { headers: received.headers, body: received.body });
		if (handshake !== undefined) return received.path === '/deaf' ? { status: 200 } : { status: handshake.status, headers: handshake.headers };
		return { status: 202 };
	});
	sandbox = await createSandbox({ timeouts: { handshakeMs: 500 } }).start();
});
afterAll(async () => {
	await sandbox.stop();
	await receiver.close();
});

it("subscribes, activates, fetches a key, receives a verified notification and resolves its link, with the project's client", async () => {
	const sr = createSmartRecruitersWebhooksClient({ request: requester, baseUrl: sandbox.url });
	const created = await sr.createSubscription({ callbackUrl: `${receiver.url}/n8n`, events: ['application.status.updated'], alertingEmailAddress: 'ops@example.com' });
	expect(created).toMatchObject({ callbackUrl: `${receiver.url}/n8n`, events: ['application.status.updated'], status: 'inactive' });
	await sr.activateSubscription(created.id);
	expect((await sr.getSubscription(created.id))?.status).toBe('active');
	const key = await sr.generateSecretKey(created.id);
	expect(await sr.getSecretKey(created.id)).toBe(key);
	expect((await sr.listSubscriptions()).map((subscription) => subscription.id)).toContain(created.id);

	sandbox.emit({ platform: 'smartrecruiters', event: 'application.status.updated' });
	const [notification] = await receiver.waitFor(1, (received) => received.path === '/n8n' && received.body.length > 0);
	const verified = verifyDelivery('smartrecruiters', { headers: notification.headers, body: notification.body }, { secret: key });
	expect(await sr.resolveLink(verified.meta.link as string)).toMatchObject({
		candidateId: 'e1a7c3d9-6b2f-4f08-8c45-7d9e0b3a2f61',
		job: { id: '5c4f7e2a-0d3b-4a8e-9f61-2b7d3c9e1a05' },
	});

	expect(await sr.deleteSubscription(created.id)).toBe(true);
	expect(await sr.deleteSubscription(created.id)).toBe(false);
	expect(await sr.getSubscription(created.id)).toBeUndefined();
	await sandbox.whenIdle();
});

it('surfaces a failed handshake and injected faults as SmartRecruitersApiError', async () => {
	const sr = createSmartRecruitersWebhooksClient({ request: requester, baseUrl: sandbox.url });
	const deaf = await sr.createSubscription({ callbackUrl: `${receiver.url}/deaf`, events: ['job.created'] });
	const failure = await sr.activateSubscription(deaf.id).catch((error: unknown) => error);
	expect(isSmartRecruitersApiError(failure) && failure.status).toBe(400);
	expect((failure as Error).message).toMatch(/X-Hook-Secret/);

	await request(`${sandbox.url}/_sandbox/faults`, { body: { route: 'subscriptions.create', status: 503 } });
	const outage = await sr.createSubscription({ callbackUrl: `${receiver.url}/n8n`, events: ['job.created'] }).catch((error: unknown) => error);
	expect(isSmartRecruitersApiError(outage) && outage.status).toBe(503);
});
