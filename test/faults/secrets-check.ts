/** The secrets check of the delivery-fault suite, after the load and bad-input runs: no secret in n8n's logs, execution data or rejection answers. */
import fs from 'node:fs';
import { type FaultRun, format } from './fault-run';
import { recordFaultRow } from './results';

export async function checkSecrets(run: FaultRun): Promise<void> {
	const { plan, stack } = run;
	const secrets = stack.secretValues();
	// Both credential secrets of every manual platform, the SmartRecruiters key, the sandbox's API key and client secret.
	expect(secrets.length).toBeGreaterThanOrEqual(8);
	const logFiles = stack.logFiles();
	expect(logFiles.length).toBeGreaterThan(0);
	let logBytes = 0;
	const leaks = [...run.executionLeaks];
	for (const file of logFiles) {
		const text = fs.readFileSync(file, 'utf8');
		logBytes += text.length;
		for (const secret of secrets) if (text.includes(secret)) leaks.push(`${secret.slice(0, 6)}… in ${file}`);
	}
	for (const text of run.rejectionTexts) for (const secret of secrets) if (text.includes(secret)) leaks.push(`${secret.slice(0, 6)}… in an answer: ${text.slice(0, 200)}`);
	// Every execution of the two runs was read with its data, and scanned.
	const all = (await stack.api.listExecutions({ includeData: false, limit: 250 })) as unknown[];
	expect(run.executionsScanned).toBe(all.length);
	expect(run.rejectionTexts.length).toBeGreaterThan(0);
	expect(leaks).toEqual([]);
	recordFaultRow(plan.suite, {
		kind: 'secrets',
		scenario: 'no secret in n8n logs, execution data or rejection answers after the load and bad-input runs',
		mode: plan.mode,
		loadHeld: `${format(run.executionsScanned)} executions read with data, ${format(Math.round(logBytes / 1024))} KiB of n8n logs, ${format(run.rejectionTexts.length)} answers`,
		faultsSurvived: 'the load run (restart, lost responses) and the bad-input run',
		badInputsTried: 0,
		eventsLost: 0,
		eventsDoubled: 0,
		figures: {
			secretsChecked: secrets.length,
			executionsScanned: run.executionsScanned,
			logFiles: logFiles.length,
			logKiB: Math.round(logBytes / 1024),
			answersScanned: run.rejectionTexts.length,
			leaks: leaks.length,
		},
	});
}
