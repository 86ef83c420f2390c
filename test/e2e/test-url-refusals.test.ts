/**
 * "Listen for test event" on n8n 2.41.1 (scripts/lib/stack.js): a delivery the trigger refuses shows
 * in the editor as a failed test run naming the code and the credential field to check; the same
 * delivery on the production URL is answered with the code and starts no run. The check itself is
 * expectTestUrlRefusalInEditor (test-url-refusal.ts), for other n8n versions' suites to reuse.
 *
 * Needs `npm run build` and `npx tsc -p sandbox/tsconfig.json` first (scripts/test.js does both).
 */
import { randomUUID } from 'node:crypto';
import { signDelivery } from '../../core';
import { INSTALL_TIMEOUT_MS, type Stack, stackLib, stopStackAndReport, suiteLogger } from './helpers';
import { expectTestUrlRefusalInEditor } from './test-url-refusal';

jest.setTimeout(90000);

const { log, file: logFile } = suiteLogger('test-url-refusals');
const timings: Record<string, number> = {};
let stack: Stack;

beforeAll(async () => {
	const t0 = Date.now();
	stack = await stackLib.startStack({ log });
	timings.startStackMs = Date.now() - t0;
}, INSTALL_TIMEOUT_MS);

afterAll(() => stopStackAndReport(stack, 'test-URL refusals', timings, log, logFile), 60000);

it('TalentPools: a wrong encryption key fails the test run naming "Encryption Key"; production answers decryption_failed, no run', async () => {
	const deployed = await stackLib.deployPlatformWorkflow(stack, 'talentpools', { name: 'e2e test-URL refusal: TalentPools', registerEndpoint: false });
	const sender = { ...deployed.secrets, encryptionKey: `${deployed.secrets.encryptionKey}-rotated-on-the-platform` };
	const delivery = signDelivery('talentpools', { event: 'job.posted', data: { id: `job_${randomUUID()}` }, id: `msg_${randomUUID()}` }, sender);
	const result = await expectTestUrlRefusalInEditor(stack, deployed, delivery, {
		code: 'decryption_failed',
		setting: '"Encryption Key" in the TalentPools credential',
		secrets: [deployed.secrets.signingSecret, deployed.secrets.encryptionKey, sender.encryptionKey],
	});
	log(`talentpools: production ${result.production.status}, test ${result.test.status}, execution ${result.execution.id}: ${result.message}`);
});

it('Signed webhook: a wrong secret fails the test run naming "Secret"; production answers signature_mismatch, no run', async () => {
	const deployed = await stackLib.deployPlatformWorkflow(stack, 'signed-webhook', { name: 'e2e test-URL refusal: signed webhook', registerEndpoint: false });
	const delivery = signDelivery('signed-webhook', { event: 'candidate.hired', data: { event: 'candidate.hired', id: randomUUID() } }, { ...deployed.secrets, secret: 'not-the-secret-typed-in-n8n' });
	const result = await expectTestUrlRefusalInEditor(stack, deployed, delivery, {
		code: 'signature_mismatch',
		setting: '"Secret"',
		secrets: [String(deployed.secrets.secret)],
	});
	log(`signed-webhook: production ${result.production.status}, test ${result.test.status}, execution ${result.execution.id}: ${result.message}`);
});
