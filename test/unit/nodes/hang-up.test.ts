/**
 * A platform that hangs up before n8n answered (it timed out while n8n was slow): n8n 2.41 starts no
 * run for that request, and the platform sends again. The retry must run, not be taken for a redelivery.
 */
import { EventEmitter } from 'node:events';
import type { IDataObject } from 'n8n-workflow';
import { signDelivery } from '../../../core';
import { peopleForce } from '../../../core/platforms';
import { PeopleForceTrigger } from '../../../nodes/PeopleForceTrigger/PeopleForceTrigger.node';
import { webhookContext } from './harness';

const trigger = new PeopleForceTrigger();
const secret = 'pf-hang-up-secret';
const employee = peopleForce.events.find((e) => e.name === 'employee_create')!.sample as IDataObject;
const options = { parameters: { events: ['*'], verifySignatures: true, options: {} }, credentials: { peopleForceApi: { secret } }, node: { id: 'node-hang-up' } };

/** Runs webhook() with a response that emits 'close' like Node's ServerResponse; `finished` says whether n8n had answered. */
async function deliver(request: ReturnType<typeof signDelivery>, finished: boolean) {
	const { context } = webhookContext(request, options);
	const res = context.getResponseObject() as unknown as Record<string, unknown>;
	const events = new EventEmitter();
	res.once = events.once.bind(events);
	res.writableFinished = false;
	const result = await trigger.webhook.call(context);
	res.writableFinished = finished;
	events.emit('close');
	return result.workflowData?.[0]?.length ?? 0;
}

it('a retry after a hang-up before the answer runs; a retry after an answered delivery does not', async () => {
	const hungUp = signDelivery('peopleforce', { event: 'employee_create', data: { ...employee, id: 880001 } }, { secret });
	expect(await deliver(hungUp, false)).toBe(1);
	expect(await deliver(hungUp, true)).toBe(1); // the platform's retry: a new run, now answered
	expect(await deliver(hungUp, true)).toBe(0); // a redelivery of an answered delivery: no run
});
