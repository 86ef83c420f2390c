/**
 * The compatibility suite of one n8n version: starts the stack on that version's install folder
 * (installed on first use), deploys one workflow per platform, and runs every check of checks.ts.
 */
import path from 'node:path';
import { platformIds, platforms, type PlatformId } from '../../../core';
import { INSTALL_TIMEOUT_MS, type Deployed, type Stack, stackLib, stopStackAndReport, suiteLogger } from '../helpers';
import { type CompatContext, compatChecks } from './checks';

const runtime: { pinnedN8nVersion(n8nDir?: string): string; requiredNodeMajor(n8nDir?: string): number } = require('../../../scripts/lib/n8n-runtime');

/** `n8nDir`: the install folder relative to the repository root, e.g. "e2e/n8n-1.123". */
export function defineCompatSuite(n8nDir: string): void {
	const version = runtime.pinnedN8nVersion(n8nDir);
	const nodeMajor = runtime.requiredNodeMajor(n8nDir);
	const { log, file: logFile } = suiteLogger(`compat-${path.basename(n8nDir)}`);
	const timings: Record<string, any> = {};
	const context = { n8nVersion: version, log, deployed: {} as Record<PlatformId, Deployed> } as CompatContext;

	beforeAll(async () => {
		const t0 = Date.now();
		context.stack = (await stackLib.startStack({ n8nDir, log })) as Stack;
		timings.startStackMs = Date.now() - t0;
		const st = context.stack.timings;
		Object.assign(timings, { ensureInstalledMs: st.ensureInstalledMs, freshInstall: st.n8nFreshInstall, installDurations: st.n8nInstallDurations, n8nBootMs: st.n8nBootMs });
		const t1 = Date.now();
		for (const id of platformIds) context.deployed[id] = await stackLib.deployPlatformWorkflow(context.stack, id, { name: `compat: ${platforms[id].displayName}` });
		timings.deployAllMs = Date.now() - t1;
	}, INSTALL_TIMEOUT_MS);

	afterAll(() => stopStackAndReport(context.stack, `compat n8n ${version}`, timings, log, logFile), 60000);

	describe(`n8n ${version} on Node ${nodeMajor} (${n8nDir})`, () => {
		for (const check of compatChecks) {
			const test = check.appliesTo === undefined || check.appliesTo(version) ? it : it.skip;
			test(
				check.title,
				async () => {
					const t0 = Date.now();
					try {
						await check.run(context);
					} finally {
						log(`${check.title}: ${Date.now() - t0} ms`);
					}
				},
				check.timeoutMs ?? 60000,
			);
		}
	});
}
