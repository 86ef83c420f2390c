/**
 * End to end: every Signed Webhook preset through a real n8n 2.41.1 (one activation per preset; the
 * sandbox signs for all of them in one emit), Slack's url_verification answered, replays refused; then
 * every platform's credential rotated through n8n's public API during a stream of deliveries: nothing
 * refused, nothing doubled, and the old secret refused once cleared.
 *
 * Needs `npm run build` and `npx tsc -p sandbox/tsconfig.json` first (scripts/test.js does both).
 */
import fs from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { type PlatformId, platforms, signDelivery } from '../../core';
import { signedWebhookPresetIds, type SignedWebhookPresetId } from '../../core/platforms/signed-webhook/presets';
import {
	INSTALL_TIMEOUT_MS,
	SETTLE_MS,
	type Deployed,
	type Execution,
	type Stack,
	deliveriesTo,
	executionsSettled,
	expectNoNewExecution,
	expectedItemsOfRequest,
	sleep,
	stackLib,
	stopStackAndReport,
	suiteLogger,
	withNonce,
} from './helpers';
import { KEEP_CREDENTIAL_SECRETS_MS } from '../../nodes/shared/credentials';

jest.setTimeout(120000);

const { log, file: logFile } = suiteLogger('signed-webhook-presets');
const timings: Record<string, number> = {};
let stack: Stack;
const byPreset = {} as Record<SignedWebhookPresetId, Deployed>;
/** Every secret value the suite handed to n8n, current and previous, for the leak check. */
const usedSecrets = new Set<string>();

const whsec = (): string => `whsec_${randomBytes(24).toString('base64')}`;
const plain = (): string => `hh_${randomBytes(18).toString('hex')}`;

/** What each preset's sender holds; Custom exercises every custom setting at once. */
function presetSecrets(preset: SignedWebhookPresetId): Record<string, string> {
	if (preset === 'stripe' || preset === 'standard-webhooks') return { preset, secret: whsec() };
	if (preset !== 'custom') return { preset, secret: plain() };
	return {
		preset,
		secret: plain(),
		header: 'X-Request-Signature',
		signedContent: '{header:X-Request-Id}.{timestamp}.{body}',
		timestampHeader: 'X-Request-Timestamp',
		timestampFormat: 'iso',
		algorithm: 'sha512',
		encoding: 'base64',
		prefix: 'v1=',
		signatureSeparator: 'space',
		idHeader: 'X-Request-Id',
	};
}

/** The runs of a workflow whose item carries `nonce`, once there are at least `count` (other runs of the workflow do not matter). */
async function runsCarrying(deployed: Deployed, nonce: string, count: number): Promise<Execution[]> {
	return stackLib.waitFor(
		`${count} run(s) carrying ${nonce}`,
		async () => {
			const runs = (await stackLib.executionsOf(stack, deployed.workflowId, { includeData: true })).filter((execution) => stackLib.itemsOf(execution)[0]?.data?.e2eNonce === nonce);
			return runs.length >= count && runs.every((run) => run.status === 'success') ? { done: true, value: runs } : { why: `${runs.length} so far` };
		},
		{ timeoutMs: 60000, intervalMs: 500 },
	);
}

const TIMESTAMPED: SignedWebhookPresetId[] = ['stripe', 'slack', 'standard-webhooks', 'custom'];

beforeAll(async () => {
	const t0 = Date.now();
	stack = await stackLib.startStack({ log });
	timings.startStackMs = Date.now() - t0;
	const t1 = Date.now();
	for (const preset of signedWebhookPresetIds) {
		const secrets = presetSecrets(preset);
		usedSecrets.add(secrets.secret);
		byPreset[preset] = await stackLib.deployPlatformWorkflow(stack, 'signed-webhook', { name: `e2e preset: ${preset}`, secrets });
	}
	timings.deployPresetsMs = Date.now() - t1;
}, INSTALL_TIMEOUT_MS);

afterAll(() => stopStackAndReport(stack, 'signed-webhook presets', timings, log, logFile), 60000);

describe('Signed Webhook presets in a real n8n', () => {
	it('one sandbox emit reaches every preset, signed its way: one run each, the item the core reads from the bytes sent', async () => {
		const t0 = Date.now();
		const nonce = randomUUID();
		const emitted = await stackLib.emit(stack, 'signed-webhook', 'invoice.paid', { data: { invoice: { id: 7, total: 42 }, e2eNonce: nonce } });
		await sleep(SETTLE_MS);
		for (const preset of signedWebhookPresetIds) {
			const deployed = byPreset[preset];
			const [sent] = deliveriesTo(emitted, deployed.productionUrl);
			const runs = await runsCarrying(deployed, nonce, 1);
			expect([preset, runs.length]).toEqual([preset, 1]);
			const [execution] = runs;
			// On a loaded machine n8n may answer after the sender's 3 s timeout (Laravel's webhook-server
			// default) and the sender retries: a retry is told to come back (503) or acknowledged, never refused, never run twice.
			const delivery = await stackLib.deliveryDetails(stack, sent.id);
			const answers = delivery.attempts.map((attempt) => attempt.status ?? 'timeout');
			expect([preset, answers.filter((answer) => answer !== 200 && answer !== 503 && answer !== 'timeout')]).toEqual([preset, []]);
			const items = stackLib.itemsOf(execution);
			expect([preset, items]).toEqual([preset, expectedItemsOfRequest('signed-webhook', delivery.attempts[0], deployed.secrets)]);
			expect(items[0].data.invoice).toEqual({ id: 7, total: 42 });
			log(`${preset}: answers ${JSON.stringify(answers)}`);
		}
		timings.emitAllPresetsMs = Date.now() - t0;
	});

	it('a redelivery of the same bytes starts no second run, for every preset', async () => {
		for (const preset of signedWebhookPresetIds) {
			const deployed = byPreset[preset];
			const nonce = randomUUID();
			const delivery = signDelivery('signed-webhook', { event: 'order.created', data: { order: 1, e2eNonce: nonce }, id: `evt_${randomUUID()}` }, deployed.secrets);
			expect([preset, (await stackLib.sendDelivery(deployed.productionUrl, delivery)).status]).toEqual([preset, 200]);
			await runsCarrying(deployed, nonce, 1);
			const again = await stackLib.sendDelivery(deployed.productionUrl, delivery);
			expect([preset, again.status, again.text]).toEqual([preset, 200, '']);
			await sleep(SETTLE_MS);
			expect([preset, (await runsCarrying(deployed, nonce, 1)).length]).toEqual([preset, 1]);
		}
	});

	it('presets that sign a timestamp refuse a delivery signed outside the window', async () => {
		for (const preset of TIMESTAMPED) {
			const deployed = byPreset[preset];
			const stale = signDelivery('signed-webhook', { event: 'order.created', data: withNonce({}) }, deployed.secrets, { now: new Date(Date.now() - 11 * 60 * 1000) });
			const response = await expectNoNewExecution(stack, deployed.workflowId, () => stackLib.sendDelivery(deployed.productionUrl, stale));
			expect([preset, response.status, response.text]).toEqual([preset, 401, 'timestamp_out_of_tolerance']);
		}
	});

	it("answers Slack's signed url_verification challenge and refuses a forged one, starting no run", async () => {
		const deployed = byPreset.slack;
		const data = { token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge: `chal_${randomUUID()}`, type: 'url_verification' };
		const challenge = signDelivery('signed-webhook', { event: 'url_verification', data }, deployed.secrets);
		const answered = await expectNoNewExecution(stack, deployed.workflowId, () => stackLib.sendDelivery(deployed.productionUrl, challenge));
		expect([answered.status, answered.text]).toEqual([200, data.challenge]);
		const forged = signDelivery('signed-webhook', { event: 'url_verification', data }, { ...deployed.secrets, secret: 'not-the-signing-secret' });
		const refused = await expectNoNewExecution(stack, deployed.workflowId, () => stackLib.sendDelivery(deployed.productionUrl, forged));
		expect([refused.status, refused.text]).toEqual([401, 'signature_mismatch']);
	});
});

/** The secret fields a user types for a platform (what rotates), with fresh values in each one's format. */
function freshSecrets(id: PlatformId, base: Record<string, string>): Record<string, string> {
	const made = stackLib.platformSetups[id].makeSecrets() as Record<string, string>;
	const next = { ...base };
	for (const field of platforms[id].secretFields) if (field.rotatable) next[field.key] = made[field.key];
	return next;
}

const previousKey = (key: string): string => `previous${key.charAt(0).toUpperCase()}${key.slice(1)}`;

describe("Rotation through n8n's API during a stream of deliveries", () => {
	const rotating: PlatformId[] = ['signed-webhook', 'talentpools', 'hrflow', 'peopleforce'];
	const cleared: Array<{ id: PlatformId; deployed: Deployed; old: Record<string, string>; at: number }> = [];

	it.each(rotating)('%s: old and new secrets both accepted while the credential holds both; nothing refused, nothing doubled', async (id) => {
		const t0 = Date.now();
		const initial = id === 'signed-webhook' ? presetSecrets('stripe') : (stackLib.platformSetups[id].makeSecrets() as Record<string, string>);
		const deployed = await stackLib.deployPlatformWorkflow(stack, id, { name: `e2e rotation: ${id}`, secrets: initial, registerEndpoint: false });
		const next = freshSecrets(id, initial);
		for (const field of platforms[id].secretFields) if (field.secret) [initial[field.key], next[field.key]].forEach((value) => usedSecrets.add(value));
		const rotatedCredential: Record<string, string> = { ...next };
		for (const field of platforms[id].secretFields) if (field.rotatable) rotatedCredential[previousKey(field.key)] = initial[field.key];
		const definition = platforms[id].events[0];
		const statuses: Array<[number, number]> = [];
		let switched = false;
		const send = async (n: number): Promise<void> => {
			// After the switch the sender's late retries still carry the old signature: every other delivery here.
			const signWith = switched && n < 18 && n % 2 === 1 ? initial : switched ? next : initial;
			const delivery = signDelivery(id, { event: definition.name, data: withNonce(definition.sample), id: `msg_${randomUUID()}`, meta: definition.sampleMeta }, signWith);
			statuses.push([n, (await stackLib.sendDelivery(deployed.productionUrl, delivery)).status]);
		};
		const update = async (data: Record<string, string>): Promise<void> => {
			const response = await stack.api.request('PATCH', `/credentials/${encodeURIComponent(deployed.credentialId)}`, { data });
			log(`credential ${deployed.credentialId} updated: ${Object.keys(data).join(', ')} (${JSON.stringify(response).length} bytes back)`);
		};
		const total = 24;
		for (let n = 0; n < total; n++) {
			if (n === 6) await update(rotatedCredential);
			// The sender switches a moment after the user saved the rotated credential, as a real rollout would.
			if (n === 12) {
				await sleep(1500);
				switched = true;
			}
			if (n === 18) await update(next);
			await send(n);
			await sleep(60);
		}
		expect(statuses.filter(([, status]) => status !== 200)).toEqual([]);
		const executions = await executionsSettled(stack, deployed.workflowId, total);
		const ids = executions.map((execution) => stackLib.itemsOf(execution)[0].data?.e2eNonce ?? JSON.stringify(stackLib.itemsOf(execution)[0]));
		expect([executions.length, new Set(ids).size]).toEqual([total, total]);
		cleared.push({ id, deployed, old: initial, at: Date.now() });
		timings[`rotation.${id}Ms`] = Date.now() - t0;
	});

	it("once the previous secret is cleared, a delivery signed with it is refused (after the trigger's secret-keeping window)", async () => {
		expect(cleared.map((c) => c.id)).toEqual(rotating);
		const wait = Math.max(0, KEEP_CREDENTIAL_SECRETS_MS + 500 - (Date.now() - Math.max(...cleared.map((c) => c.at))));
		await sleep(wait);
		for (const { id, deployed, old } of cleared) {
			const definition = platforms[id].events[0];
			const stale = signDelivery(id, { event: definition.name, data: withNonce(definition.sample), id: `msg_${randomUUID()}`, meta: definition.sampleMeta }, old);
			const response = await expectNoNewExecution(stack, deployed.workflowId, () => stackLib.sendDelivery(deployed.productionUrl, stale));
			expect([id, response.status]).toEqual([id, 401]);
		}
	});
});

describe('secrets', () => {
	it('appear in no n8n log file and in no execution data, previous ones included', async () => {
		const secrets = [...usedSecrets].filter((secret) => typeof secret === 'string' && secret.length >= 8);
		expect(secrets.length).toBeGreaterThan(10);
		const haystacks: Array<[string, string]> = stack.logFiles().map((file) => [file, fs.readFileSync(file, 'utf8')]);
		haystacks.push(['executions (includeData)', JSON.stringify(await stack.api.listExecutions({ includeData: true }))]);
		const leaks = haystacks.flatMap(([where, text]) => secrets.filter((secret) => text.includes(secret)).map((secret) => `${secret.slice(0, 6)}… in ${where}`));
		expect(leaks).toEqual([]);
	});
});
