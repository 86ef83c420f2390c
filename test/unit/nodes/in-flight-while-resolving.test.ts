/**
 * A delivery's keys are in flight from the moment the trigger admits it (nodes/shared/delivery-ledger.ts),
 * not from when its items are ready: a retry that arrives while "Resolve Full Entity" is still fetching
 * is told to come back later, never acknowledged as a redelivery of a run n8n has not registered yet.
 */
import { signDelivery } from '../../../core';
import { HrFlowTrigger } from '../../../nodes/HrFlowTrigger/HrFlowTrigger.node';
import { receive, webhookContext } from './harness';

const node = new HrFlowTrigger();
const secret = 'wsk_in_flight_0c1d2e3f';
const options = (server: () => Promise<{ statusCode: number; body?: unknown }>) => ({
	parameters: { events: ['*'], options: { resolveEntity: true } },
	credentials: { hrFlowApi: { secret, apiKey: 'ask_in_flight_9f8e7d', userEmail: 'ops@example.com', baseUrl: 'http://127.0.0.1:9/hrflow' } },
	server,
});

it('a retry while the first attempt still resolves its entity: 503, no run; after n8n registered the run: a redelivery', async () => {
	const key = 'c'.repeat(40);
	const delivery = signDelivery(
		'hrflow',
		{ event: 'profile.parsing.success', data: { origin: 'api', message: 'ok', profile: { key, source: { key: 'd'.repeat(40) } } } },
		{ secret },
	);
	let answerFetch!: () => void;
	const fetched = new Promise<void>((resolve) => (answerFetch = resolve));
	let fetching!: () => void;
	const fetchStarted = new Promise<void>((resolve) => (fetching = resolve));
	const slowServer = async () => {
		fetching();
		await fetched;
		return { statusCode: 200, body: { code: 200, data: { key, info: { full_name: 'Ada Lovelace' } } } };
	};

	const first = webhookContext(delivery, options(slowServer));
	const firstRun = node.webhook.call(first.context);
	await fetchStarted;

	const retry = await receive(node, delivery, options(slowServer));
	expect([retry.response.statusCode, retry.response.body, retry.items]).toEqual([503, 'delivery_in_progress', []]);

	answerFetch();
	const result = await firstRun;
	expect(result.workflowData?.[0]).toHaveLength(1);
	// n8n registers the run and answers (onReceived, HrFlow's 200).
	first.context.getResponseObject().status(200);
	first.context.getResponseObject().end('');

	const later = await receive(node, delivery, options(slowServer));
	expect([later.response.statusCode, later.response.answeredBy, later.items]).toEqual([200, 'node', []]);
});
