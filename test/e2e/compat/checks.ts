/**
 * The compatibility checks: one list, run in order against every n8n version the package supports
 * (suite.ts, one test file per version). A check gets the version's running stack with one active
 * workflow per platform; to prove one more thing on every version, add an entry here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { platformIds, platforms, signDelivery, type EventDefinition, type PlatformId, type SignedDelivery } from '../../../core';
import { expectTestUrlRefusalInEditor } from '../test-url-refusal';
import {
	type Deployed,
	type Stack,
	deliveriesTo,
	executionCount,
	executionsSettled,
	expectNoNewExecution,
	expectTypedItem,
	expectedItemsOfRequest,
	reportedEventName,
	runtime,
	sleep,
	SETTLE_MS,
	stackLib,
	withNonce,
} from '../helpers';

export interface CompatContext {
	stack: Stack;
	/** The n8n version under test, e.g. "1.123.81". */
	n8nVersion: string;
	/** One active workflow per platform (trigger → No Operation), deployed before the first check. */
	deployed: Record<PlatformId, Deployed>;
	log(line: string): void;
}

export interface CompatCheck {
	title: string;
	timeoutMs?: number;
	/** Versions the check applies to (default: all); on the others it is reported as skipped. */
	appliesTo?(n8nVersion: string): boolean;
	run(context: CompatContext): Promise<void>;
}

export const EXAMPLES_DIR = path.join(__dirname, '..', '..', '..', 'examples');

const firstEvent = (id: PlatformId): EventDefinition => platforms[id].events[0];

/** A delivery signed by the core exactly as the platform would send it (fresh event id, unique data). */
export function signedDelivery(id: PlatformId, secrets: unknown, definition: EventDefinition = firstEvent(id)): SignedDelivery {
	return signDelivery(id, { event: definition.name, data: withNonce(definition.sample), id: randomUUID(), meta: definition.sampleMeta }, secrets);
}

/** Secrets that differ from the deployment's where the signature is made (TalentPools keeps its encryption key, so only the signature is wrong). */
export function forgedSecrets(id: PlatformId, deployed: Deployed): Record<string, unknown> {
	if (id === 'smartrecruiters') return { secret: 'forged-key-0123456789abcdef' };
	const fresh = stackLib.platformSetups[id].makeSecrets();
	return { ...deployed.secrets, ...fresh, ...(id === 'talentpools' ? { encryptionKey: deployed.secrets.encryptionKey } : {}) };
}

/** The example workflow users import for a platform (examples/<platform id>.json). */
export function exampleWorkflow(id: PlatformId): { name: string; nodes: Array<Record<string, any>>; connections: Record<string, unknown> } {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${id}.json`), 'utf8'));
}

const perPlatform = (make: (id: PlatformId) => CompatCheck): CompatCheck[] => platformIds.map(make);
/** Platforms whose URL the user pastes (no subscription API): their test URL takes the production secrets. */
const pastedUrlPlatforms = platformIds.filter((id) => platforms[id].subscription.kind === 'manual');

export const compatChecks: CompatCheck[] = [
	...perPlatform((id) => ({
		title: `${id}: a genuine delivery from the sandbox is answered ${platforms[id].successStatus} and runs exactly once, with the item the core makes of its bytes`,
		async run({ stack, deployed }) {
			const target = deployed[id];
			const definition = firstEvent(id);
			const before = await executionCount(stack, target.workflowId);
			const result = await stackLib.emit(stack, id, definition.name, { data: withNonce(definition.sample) });
			const mine = deliveriesTo(result, target.productionUrl);
			expect(mine.map((d) => d.attempts.map((a) => a.status))).toEqual([[platforms[id].successStatus]]);
			const executions = await executionsSettled(stack, target.workflowId, before + 1);
			expect(executions).toHaveLength(before + 1);
			expect([executions[0].mode, executions[0].status]).toEqual(['webhook', 'success']);
			const record = await stackLib.deliveryDetails(stack, mine[0].id);
			expect(stackLib.itemsOf(executions[0])).toEqual(expectedItemsOfRequest(id, record.attempts[0], target.secrets));
			expect(stackLib.itemsOf(executions[0])[0].event).toBe(reportedEventName(id, definition));
		},
	})),
	...perPlatform((id) => ({
		title: `${id}: a forged delivery (signed with another secret) is refused 401 signature_mismatch and starts no run`,
		async run({ stack, deployed }) {
			const target = deployed[id];
			const response = await expectNoNewExecution(stack, target.workflowId, () => stackLib.sendDelivery(target.productionUrl, signedDelivery(id, forgedSecrets(id, target))));
			expect([response.status, response.text]).toEqual([401, 'signature_mismatch']);
		},
	})),
	...perPlatform((id) => ({
		title: `${id}: a redelivery (the same delivery again) is acknowledged ${platforms[id].successStatus} and does not run again`,
		async run({ stack, deployed }) {
			const target = deployed[id];
			const delivery = signedDelivery(id, target.secrets);
			const before = await executionCount(stack, target.workflowId);
			const first = await stackLib.sendDelivery(target.productionUrl, delivery);
			expect(first.status).toBe(platforms[id].successStatus);
			await stackLib.waitForExecutionCount(stack, target.workflowId, before + 1, { includeData: false });
			const again = await stackLib.sendDelivery(target.productionUrl, delivery);
			expect([again.status, again.text]).toEqual([platforms[id].successStatus, '']);
			await sleep(SETTLE_MS);
			expect(await executionCount(stack, target.workflowId)).toBe(before + 1);
		},
	})),
	{
		title: 'smartrecruiters: activation subscribed the production URL; deactivation unsubscribes it; re-activation subscribes exactly once more',
		timeoutMs: 90000,
		async run({ stack, deployed }) {
			const target = deployed.smartrecruiters;
			const mine = async (): Promise<Array<{ id: string; status: string }>> =>
				(await stackLib.smartRecruitersSubscriptions(stack)).filter((s) => s.callbackUrl === target.productionUrl);
			expect((await mine()).map((s) => [s.id, s.status])).toEqual([[target.subscriptionId, 'active']]);
			const oldId = target.subscriptionId;
			await stackLib.deactivateWorkflow(stack, target);
			expect(await mine()).toEqual([]);
			const late = await expectNoNewExecution(stack, target.workflowId, () => stackLib.sendDelivery(target.productionUrl, signedDelivery('smartrecruiters', target.secrets)));
			expect(late.status).toBe(404);
			await stackLib.activateDeployed(stack, target);
			const now = await mine();
			expect(now.map((s) => s.status)).toEqual(['active']);
			expect(now[0].id).not.toBe(oldId);
			const before = await executionCount(stack, target.workflowId);
			const result = await stackLib.emit(stack, 'smartrecruiters', 'job.created');
			expect(deliveriesTo(result, target.productionUrl).map((d) => d.attempts[0].status)).toEqual([202]);
			const executions = await executionsSettled(stack, target.workflowId, before + 1);
			expect(stackLib.itemsOf(executions[0])[0]).toMatchObject({ event: 'job.created', id: result.eventId });
		},
	},
	...pastedUrlPlatforms.map(
		(id): CompatCheck => ({
			title: `${id}: while the editor listens for a test event, a genuine delivery to the test URL runs once as a manual execution, and the URL is gone after it`,
			async run({ stack, deployed }) {
				const target = deployed[id];
				await stackLib.listenForTestEvent(stack, target);
				const manualBefore = await executionCount(stack, target.workflowId, 'manual');
				const productionBefore = await executionCount(stack, target.workflowId, 'webhook');
				const definition = firstEvent(id);
				const data = withNonce(definition.sample);
				const delivery = signDelivery(id, { event: definition.name, data, id: randomUUID(), meta: definition.sampleMeta }, target.secrets);
				const response = await stackLib.sendDelivery(target.testUrl, delivery);
				expect(response.status).toBe(platforms[id].successStatus);
				const manual = await stackLib.waitFor('the manual execution', async () => {
					const list = (await stackLib.executionsOf(stack, target.workflowId)).filter((e) => e.mode === 'manual' && (e.finished || e.stoppedAt));
					return list.length > manualBefore ? { done: true, value: list } : { why: `${list.length} manual` };
				});
				expect(manual).toHaveLength(manualBefore + 1);
				expectTypedItem(stackLib.itemsOf(manual[0])[0], id, definition, data);
				expect(await executionCount(stack, target.workflowId, 'webhook')).toBe(productionBefore);
				await runtime.waitForWebhook(target.testUrl, { method: 'POST', gone: true });
			},
		}),
	),
	// Issue 16: on the test URL the user is watching the editor, so a refusal fails the test run there.
	...pastedUrlPlatforms.map(
		(id): CompatCheck => ({
			title: `${id}: a delivery signed with another secret on the test URL fails the test run, naming the code and the credential field; production answers 401 and starts no run`,
			timeoutMs: 90000,
			async run({ stack, deployed }) {
				const target = deployed[id];
				const forged = forgedSecrets(id, target);
				const fields = platforms[id].secretFields.filter((field) => field.refusedAs?.includes('signature_mismatch')).map((field) => `"${field.label}"`);
				await expectTestUrlRefusalInEditor(stack, target, signedDelivery(id, forged), {
					code: 'signature_mismatch',
					setting: `Check ${fields.join(' and ')} in the ${platforms[id].displayName} credential`,
					secrets: platforms[id].secretFields
						.filter((field) => field.secret)
						.flatMap((field) => [target.secrets[field.key], forged[field.key]])
						.filter((value): value is string => typeof value === 'string' && value !== ''),
				});
			},
		}),
	),
	{
		title: 'talentpools: a wrong encryption key on the test URL fails the test run naming "Encryption Key"; production answers decryption_failed and starts no run',
		timeoutMs: 90000,
		async run({ stack, deployed }) {
			const target = deployed.talentpools;
			const sender = { ...target.secrets, encryptionKey: `${target.secrets.encryptionKey}-rotated-on-the-platform` };
			await expectTestUrlRefusalInEditor(stack, target, signedDelivery('talentpools', sender), {
				code: 'decryption_failed',
				setting: '"Encryption Key" in the TalentPools credential',
				secrets: [target.secrets.signingSecret, target.secrets.encryptionKey, sender.encryptionKey],
			});
		},
	},
	{
		// Saved workflows keep their trigger's version, and their expressions read the flat item.
		title: `${pastedUrlPlatforms[0]}: a version-1 trigger (a saved workflow) still emits the flat item, not the envelope`,
		timeoutMs: 90000,
		async run({ stack }) {
			const id = pastedUrlPlatforms[0];
			const saved = await stackLib.deployPlatformWorkflow(stack, id, { name: `compat: ${platforms[id].displayName} v1`, typeVersion: 1 });
			try {
				const definition = firstEvent(id);
				const result = await stackLib.emit(stack, id, definition.name, { data: withNonce(definition.sample) });
				const mine = deliveriesTo(result, saved.productionUrl);
				const executions = await executionsSettled(stack, saved.workflowId, 1);
				const record = await stackLib.deliveryDetails(stack, mine[0].id);
				const [item] = stackLib.itemsOf(executions[0]);
				expect([item]).toEqual(expectedItemsOfRequest(id, record.attempts[0], saved.secrets, 1));
				expect(item).not.toHaveProperty('verified');
				expect(item).toHaveProperty('e2eNonce');
			} finally {
				if (saved.endpointId) await fetch(`${stack.sandbox.url}/_sandbox/endpoints/${saved.endpointId}`, { method: 'DELETE' });
				await stackLib.deactivateWorkflow(stack, saved);
			}
		},
	},
	...perPlatform((id) => ({
		title: `${id}: the example workflow examples/${id}.json imports through the public API, activates, and runs a genuine delivery through its Edit Fields node`,
		timeoutMs: 90000,
		async run({ stack }) {
			const workflow = exampleWorkflow(id);
			const imported = await stackLib.deployPlatformWorkflow(stack, id, { workflow });
			try {
				const stored = await stack.api.getWorkflow(imported.workflowId);
				expect(stored.nodes.map((n: { type: string }) => n.type)).toEqual(workflow.nodes.map((n) => n.type));
				const definition = firstEvent(id);
				const result = await stackLib.emit(stack, id, definition.name, { data: withNonce(definition.sample) });
				expect(deliveriesTo(result, imported.productionUrl).map((d) => d.attempts[0].status)).toEqual([platforms[id].successStatus]);
				const executions = await executionsSettled(stack, imported.workflowId, 1);
				expect(executions.map((e) => [e.mode, e.status])).toEqual([['webhook', 'success']]);
				const [item] = stackLib.itemsOf(executions[0]);
				expect(item).toMatchObject({ event: reportedEventName(id, definition), platform: id, entity: definition.entity, known: true });
				expect(stackLib.itemsOf(executions[0], 'Edit Fields')).toEqual([{ event: item.event, entity: item.entity, platform: id }]);
			} finally {
				// The sandbox stops sending to the URL (it would retry a dead one), then n8n lets it go.
				if (imported.endpointId) await fetch(`${stack.sandbox.url}/_sandbox/endpoints/${imported.endpointId}`, { method: 'DELETE' });
				await stackLib.deactivateWorkflow(stack, imported);
			}
		},
	})),
];
