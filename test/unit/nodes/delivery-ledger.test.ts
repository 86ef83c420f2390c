/**
 * The delivery ledger (nodes/shared/delivery-ledger.ts) on its own: which keys are new, which are
 * redeliveries, which retries must come back later, and how n8n's answer settles a delivery's keys.
 * The triggers' own tests (acknowledgement, hang-up) play the same through webhook().
 */
import { EventEmitter } from 'node:events';
import type { IDataObject } from 'n8n-workflow';
import { type Admission, type Admitted, IN_FLIGHT_AT_MOST_MS, deliveryLedger } from '../../../nodes/shared/delivery-ledger';
import { PRODUCTION_URL, TEST_URL, webhookContext } from './harness';

/** A ledger of one node (its own id, so tests do not share process memory), on a clock the test moves. */
function ledgerOf(nodeId: string, options: { windowSeconds?: number; staticData?: IDataObject; webhookUrl?: string } = {}) {
	const clock = { now: 10_000_000 };
	const { context, harness } = webhookContext({ headers: {}, body: '' }, { node: { id: nodeId }, staticData: options.staticData, webhookUrl: options.webhookUrl });
	const ledger = deliveryLedger(context, { windowSeconds: options.windowSeconds ?? 300, now: () => clock.now });
	return { ledger, clock, staticData: harness.staticData };
}

/** n8n's response as the ledger sees it: a status, and `end`, which n8n calls once with its answer. */
function n8nResponse() {
	const ended: unknown[][] = [];
	const response = Object.assign(new EventEmitter(), {
		statusCode: 200,
		end(...args: unknown[]) {
			ended.push(args);
			return response;
		},
	});
	const original = response.end;
	return { response, ended, original, answer: (status: number) => ((response.statusCode = status), response.end('')) };
}

function admitted(admission: Admission): Admitted {
	if (admission.verdict !== 'admitted') throw new Error(`expected an admission, got ${admission.verdict}`);
	return admission;
}

describe('deliveryLedger', () => {
	it('a new delivery is admitted; its retry before n8n answered is in flight; after a 2xx it is a redelivery', () => {
		const { ledger } = ledgerOf('ledger-basic');
		const first = admitted(ledger.admit(['evt-1']));
		expect(first).toEqual({ verdict: 'admitted', isNew: [true], newKeys: ['evt-1'] });
		expect(ledger.admit(['evt-1'])).toEqual({ verdict: 'in_flight' });

		const { answer } = n8nResponseSettling(ledger, first);
		answer(200);
		expect(ledger.admit(['evt-1'])).toEqual({ verdict: 'admitted', isNew: [false], newKeys: [] });
	});

	it("n8n's error answer forgets the keys, so the platform's retry runs (and is then remembered)", () => {
		const { ledger } = ledgerOf('ledger-refused');
		n8nResponseSettling(ledger, admitted(ledger.admit(['evt-2']))).answer(503);
		const retry = admitted(ledger.admit(['evt-2']));
		expect(retry.isNew).toEqual([true]);
		n8nResponseSettling(ledger, retry).answer(200);
		expect(admitted(ledger.admit(['evt-2'])).isNew).toEqual([false]);
	});

	it('a dropped connection decides nothing: the status n8n ends the response with does', () => {
		const { ledger } = ledgerOf('ledger-hang-up');
		const registered = n8nResponseSettling(ledger, admitted(ledger.admit(['evt-3'])));
		registered.response.emit('close');
		expect(ledger.admit(['evt-3'])).toEqual({ verdict: 'in_flight' });
		registered.answer(200);
		expect(admitted(ledger.admit(['evt-3'])).isNew).toEqual([false]);

		const refused = n8nResponseSettling(ledger, admitted(ledger.admit(['evt-4'])));
		refused.response.emit('close');
		refused.answer(500);
		expect(admitted(ledger.admit(['evt-4'])).isNew).toEqual([true]);
	});

	it("hands n8n's answer on unchanged, once, and puts the response's own end back", () => {
		const { ledger } = ledgerOf('ledger-end');
		const { response, ended, original, answer } = n8nResponseSettling(ledger, admitted(ledger.admit(['evt-5'])));
		expect(response.end).not.toBe(original);
		answer(202);
		expect(ended).toEqual([['']]);
		expect(response.end).toBe(original);
	});

	it('a response without end settles at once: the keys stay seen', () => {
		const { ledger } = ledgerOf('ledger-no-end');
		ledger.settleOnAnswer(admitted(ledger.admit(['evt-6'])), { statusCode: 200 } as never);
		expect(admitted(ledger.admit(['evt-6'])).isNew).toEqual([false]);
	});

	it('a delivery n8n never answers stops holding retries back after IN_FLIGHT_AT_MOST_MS', () => {
		const { ledger, clock } = ledgerOf('ledger-no-answer', { windowSeconds: 3600 });
		n8nResponseSettling(ledger, admitted(ledger.admit(['evt-7'])));
		clock.now += IN_FLIGHT_AT_MOST_MS;
		expect(ledger.admit(['evt-7'])).toEqual({ verdict: 'in_flight' });
		clock.now += 1;
		expect(admitted(ledger.admit(['evt-7'])).isNew).toEqual([false]);
	});

	it('keys are seen for the window, then new again', () => {
		const { ledger, clock } = ledgerOf('ledger-window', { windowSeconds: 60 });
		n8nResponseSettling(ledger, admitted(ledger.admit(['early', 'late']))).answer(200);
		clock.now += 60_000;
		expect(admitted(ledger.admit(['early'])).isNew).toEqual([false]);
		// 'late' was last seen at the start: one millisecond past the window it is new.
		clock.now += 1;
		expect(admitted(ledger.admit(['late'])).isNew).toEqual([true]);
	});

	it('a batch: each key is judged on its own, and one key in flight holds the whole delivery back without recording it', () => {
		const { ledger } = ledgerOf('ledger-batch');
		n8nResponseSettling(ledger, admitted(ledger.admit(['a', 'b']))).answer(200);
		const mixed = admitted(ledger.admit(['b', 'c']));
		expect(mixed).toEqual({ verdict: 'admitted', isNew: [false, true], newKeys: ['c'] });
		const pending = n8nResponseSettling(ledger, mixed);

		expect(ledger.admit(['c', 'd'])).toEqual({ verdict: 'in_flight' });
		expect(admitted(ledger.admit(['a'])).isNew).toEqual([false]); // only 'c' is in flight
		pending.answer(200);
		// 'd' came with a delivery held back: it was not recorded, so it is new now.
		expect(admitted(ledger.admit(['c', 'd'])).isNew).toEqual([false, true]);
	});

	it('an answer forgets only the keys that were new with it, not those the delivery repeated', () => {
		const { ledger } = ledgerOf('ledger-partial-refusal');
		n8nResponseSettling(ledger, admitted(ledger.admit(['kept']))).answer(200);
		n8nResponseSettling(ledger, admitted(ledger.admit(['kept', 'refused']))).answer(500);
		expect(admitted(ledger.admit(['kept', 'refused'])).isNew).toEqual([false, true]);
	});

	it('the test URL and the production URL keep separate ledgers; forget() clears a node on one URL', () => {
		const staticData: IDataObject = {};
		const production = ledgerOf('ledger-urls', { webhookUrl: PRODUCTION_URL, staticData: {} });
		const test = ledgerOf('ledger-urls', { webhookUrl: TEST_URL, staticData });
		n8nResponseSettling(production.ledger, admitted(production.ledger.admit(['evt-8']))).answer(200);
		const onTestUrl = admitted(test.ledger.admit(['evt-8']));
		expect(onTestUrl.isNew).toEqual([true]);
		n8nResponseSettling(test.ledger, onTestUrl).answer(200);
		expect(Object.keys(staticData.seenEvents as IDataObject)).toEqual(['evt-8']);

		test.ledger.forget();
		expect(staticData.seenEvents).toBeUndefined();
		// The process memory of the test URL is gone, the production URL's is not.
		expect(admitted(ledgerOf('ledger-urls', { webhookUrl: TEST_URL }).ledger.admit(['evt-8'])).isNew).toEqual([true]);
		expect(admitted(ledgerOf('ledger-urls', { webhookUrl: PRODUCTION_URL }).ledger.admit(['evt-8'])).isNew).toEqual([false]);
	});

	it("keeps keys in the node's static data too, which a new process (a restart) reads", () => {
		const staticData: IDataObject = {};
		const { ledger } = ledgerOf('ledger-restart', { staticData });
		n8nResponseSettling(ledger, admitted(ledger.admit(['evt-9']))).answer(200);
		jest.isolateModules(() => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const restarted = require('../../../nodes/shared/delivery-ledger') as typeof import('../../../nodes/shared/delivery-ledger');
			const { context } = webhookContext({ headers: {}, body: '' }, { node: { id: 'ledger-restart' }, staticData });
			const ledgerAfter = restarted.deliveryLedger(context, { windowSeconds: 300, now: () => 10_000_000 });
			expect(ledgerAfter.admit(['evt-9'])).toEqual({ verdict: 'admitted', isNew: [false], newKeys: [] });
			expect(ledgerAfter.admit(['evt-10'])).toMatchObject({ isNew: [true] });
		});
	});
});

/** Hands `admission` to the ledger to settle on a fresh n8n response, which the test then answers. */
function n8nResponseSettling(ledger: ReturnType<typeof deliveryLedger>, admission: Admitted) {
	const watched = n8nResponse();
	ledger.settleOnAnswer(admission, watched.response);
	return watched;
}
