/**
 * The check behind issue 16, point 6, run on every supported n8n by the compatibility checks
 * (compat/checks.ts): a delivery the trigger refuses shows in the editor when it arrives on the test
 * URL ("Listen for test event"), and changes nothing on the production URL. It goes through n8n's own test-webhook flow: the editor's
 * POST /rest/workflows/{id}/run, the delivery on /webhook-test/..., then the manual execution the
 * editor opens (n8n pushes its id as testWebhookReceived).
 */
import type { SignedDelivery } from '../../core';
import { type Deployed, type Execution, SETTLE_MS, type Stack, executionCount, runtime, sleep, stackLib } from './helpers';

export interface TestUrlRefusalExpectation {
	/** The refusal code, e.g. "decryption_failed". */
	code: string;
	/** Text the editor's error must contain to name the setting, e.g. '"Encryption Key" in the TalentPools credential'. */
	setting: string;
	/** Values that must appear nowhere in what the editor shows. */
	secrets: string[];
}

export interface TestUrlRefusalResult {
	production: { status: number; text: string };
	test: { status: number; text: string };
	execution: Execution;
	message: string;
}

/**
 * Sends `delivery` to the production URL (expects the code with 401/400 and no run), then listens for a
 * test event and sends it to the test URL (expects one failed manual execution whose error names the
 * code and the setting, no secret anywhere in it, and the test URL released afterwards).
 */
export async function expectTestUrlRefusalInEditor(stack: Stack, deployed: Deployed, delivery: SignedDelivery, expected: TestUrlRefusalExpectation): Promise<TestUrlRefusalResult> {
	const runsBefore = await executionCount(stack, deployed.workflowId);
	const production = await stackLib.sendDelivery(deployed.productionUrl, delivery);
	expect([production.status >= 400 && production.status < 500, production.text]).toEqual([true, expected.code]);
	await sleep(SETTLE_MS);
	expect(await executionCount(stack, deployed.workflowId)).toBe(runsBefore);

	const manualBefore = await executionCount(stack, deployed.workflowId, 'manual');
	const productionRunsBefore = await executionCount(stack, deployed.workflowId, 'webhook');
	await stackLib.listenForTestEvent(stack, deployed);
	const test = await stackLib.sendDelivery(deployed.testUrl, delivery);
	const execution = await stackLib.waitFor(
		'the failed test execution',
		async () => {
			const manual = (await stackLib.executionsOf(stack, deployed.workflowId)).filter((e: Execution) => e.mode === 'manual' && (e.finished || e.stoppedAt));
			return manual.length > manualBefore ? { done: true, value: manual[0] as Execution } : { why: `${manual.length} manual execution(s)` };
		},
		{ timeoutMs: 30000 },
	);
	const error = execution.data?.resultData?.error ?? {};
	const message = String(error.message ?? '');
	expect(execution.status).toBe('error');
	expect(message).toContain(`(${expected.code})`);
	expect(message).toContain(expected.setting);
	const shown = JSON.stringify({ error, text: test.text });
	for (const secret of expected.secrets) expect(shown.includes(secret)).toBe(false);
	// One run ends the listening, as for an accepted test event.
	await runtime.waitForWebhook(deployed.testUrl, { method: deployed.httpMethod, gone: true, timeoutMs: 15000 });
	expect(await executionCount(stack, deployed.workflowId, 'webhook')).toBe(productionRunsBefore);
	return { production, test, execution, message };
}
