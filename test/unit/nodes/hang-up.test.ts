/**
 * Whether a retry is a redelivery depends on n8n's answer to the first attempt, not on whether the
 * platform was still listening. n8n 2.41 registers the run of a delivery the trigger accepted and then
 * answers: 2xx when the run is registered, an error when it could not register it. A platform that
 * timed out and hung up first gets neither, and sends again; a retry that arrives before n8n answered
 * is told to come back later (503), since whether the run exists is not known yet.
 *
 * Played over real sockets: a Node HTTP server hands its real ServerResponse (with Express's `status`
 * and `send`) to the trigger, then answers the way n8n does (status, then end), after the client is
 * gone when the test says so.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { signDelivery } from '../../../core';
import { peopleForce } from '../../../core/platforms';
import { PeopleForceTrigger } from '../../../nodes/PeopleForceTrigger/PeopleForceTrigger.node';
import { webhookContext } from './harness';

const trigger = new PeopleForceTrigger();
const secret = 'pf-hang-up-secret';
const employee = peopleForce.events.find((e) => e.name === 'employee_create')!.sample as IDataObject;
const options = { parameters: { events: ['*'], verifySignatures: true, options: {} }, credentials: { peopleForceApi: { secret } }, node: { id: 'node-hang-up' } };

interface Plan {
	/** The status n8n answers with once it is done: 200 (run registered) or 500 (it could not register it); a promise when n8n is slow. */
	n8nAnswers: number | Promise<number>;
	/** The platform gives up (closes the connection) before n8n answers. */
	hangsUp: boolean;
}

let server: http.Server;
let url: string;
let next: { delivery: ReturnType<typeof signDelivery>; plan: Plan; done: (runs: number) => void; answered: (status: number) => void } | undefined;

beforeAll(async () => {
	server = http.createServer((req, res) => {
		const { delivery, plan, done, answered } = next!;
		// The two Express methods the trigger uses to answer a redelivery itself.
		Object.assign(res, { status: (code: number) => ((res.statusCode = code), res), send: (body: string) => res.end(body) });
		req.resume();
		req.on('end', async () => {
			const { context } = webhookContext(delivery, options);
			(context as { getResponseObject: IWebhookFunctions['getResponseObject'] }).getResponseObject = () => res as never;
			const result = await trigger.webhook.call(context);
			const runs = result.workflowData?.[0]?.length ?? 0;
			if (runs === 0) return done(0); // the trigger answered itself (a redelivery, or "come back later")
			if (plan.hangsUp) await new Promise((resolve) => (res.socket?.destroyed ? resolve(undefined) : res.once('close', resolve)));
			done(runs);
			res.statusCode = await plan.n8nAnswers;
			res.end();
			answered(res.statusCode);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => {
	server.closeAllConnections();
	return new Promise<void>((resolve) => server.close(() => resolve()));
});

/** One attempt of `delivery`: the number of items the trigger handed n8n, and the status the platform saw (none after a hang-up). */
function attempt(delivery: ReturnType<typeof signDelivery>, plan: Plan): Promise<{ runs: number; status?: number; n8nAnswered: Promise<number> }> {
	let answered!: (status: number) => void;
	const n8nAnswered = new Promise<number>((resolve) => (answered = resolve));
	const runs = new Promise<number>((resolve) => (next = { delivery, plan, done: resolve, answered }));
	const status = new Promise<number | undefined>((resolve) => {
		const request = http.request(url, { method: 'POST', headers: delivery.headers });
		request.on('response', (response) => {
			response.resume();
			resolve(response.statusCode);
		});
		request.on('error', () => resolve(undefined)); // the hang-up
		request.end(delivery.body);
		if (plan.hangsUp) setTimeout(() => request.destroy(), 50);
	});
	return Promise.all([runs, status]).then(([r, s]) => ({ runs: r, status: s, n8nAnswered }));
}

/** The number of runs of one attempt, once the platform has its answer and n8n has answered when it was to. */
async function runsOf(delivery: ReturnType<typeof signDelivery>, plan: Plan): Promise<number> {
	const result = await attempt(delivery, plan);
	if (result.runs > 0) await result.n8nAnswered;
	return result.runs;
}

const employeeDelivery = (id: number) => signDelivery('peopleforce', { event: 'employee_create', data: { ...employee, id } }, { secret });

it('answered 2xx, run registered: the retry is a redelivery and starts no run', async () => {
	const delivery = employeeDelivery(880001);
	expect(await runsOf(delivery, { n8nAnswers: 200, hangsUp: false })).toBe(1);
	expect(await runsOf(delivery, { n8nAnswers: 200, hangsUp: false })).toBe(0);
});

it('hung up before n8n answered 2xx: n8n registered the run anyway, so the retry starts no second run', async () => {
	const delivery = employeeDelivery(880002);
	expect(await runsOf(delivery, { n8nAnswers: 200, hangsUp: true })).toBe(1);
	expect(await runsOf(delivery, { n8nAnswers: 200, hangsUp: false })).toBe(0);
});

it('n8n answered an error (no run registered): the retry runs, and is then remembered', async () => {
	const delivery = employeeDelivery(880003);
	expect(await runsOf(delivery, { n8nAnswers: 500, hangsUp: false })).toBe(1);
	expect(await runsOf(delivery, { n8nAnswers: 200, hangsUp: false })).toBe(1);
	expect(await runsOf(delivery, { n8nAnswers: 200, hangsUp: false })).toBe(0);
});

it('hung up, then n8n answered an error to the closed socket: the retry runs', async () => {
	const delivery = employeeDelivery(880004);
	expect(await runsOf(delivery, { n8nAnswers: 503, hangsUp: true })).toBe(1);
	expect(await runsOf(delivery, { n8nAnswers: 200, hangsUp: false })).toBe(1);
});

/** A first attempt the platform hangs up on while n8n holds its answer back; `answer` releases it, and `answered` is when n8n has answered. */
async function attemptWithAnswerHeld(delivery: ReturnType<typeof signDelivery>) {
	let answer!: (status: number) => void;
	const first = await attempt(delivery, { n8nAnswers: new Promise<number>((resolve) => (answer = resolve)), hangsUp: true });
	return { first, answered: (status: number) => (answer(status), first.n8nAnswered) };
}

it('a retry while n8n has not answered yet: 503 "come back later", no run; the next retry gets what n8n decided', async () => {
	const slow = employeeDelivery(880005);
	const refused = await attemptWithAnswerHeld(slow);
	expect([refused.first.runs, refused.first.status]).toEqual([1, undefined]);
	const early = await attempt(slow, { n8nAnswers: 200, hangsUp: false });
	expect([early.runs, early.status]).toEqual([0, 503]);
	await refused.answered(500);
	expect(await runsOf(slow, { n8nAnswers: 200, hangsUp: false })).toBe(1); // n8n refused the first: this one runs

	const registeredLate = employeeDelivery(880006);
	const registered = await attemptWithAnswerHeld(registeredLate);
	expect((await attempt(registeredLate, { n8nAnswers: 200, hangsUp: false })).status).toBe(503);
	await registered.answered(200);
	const after = await attempt(registeredLate, { n8nAnswers: 200, hangsUp: false });
	expect([after.runs, after.status]).toEqual([0, 200]); // the run exists: a redelivery
});
