#!/usr/bin/env node
/**
 * `npm test`: every check the project has, in order, each step's time printed; stops at the first
 * failure with its exit code. Servers the later steps need are started and stopped by the steps.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const steps = [
	['build the package (tsc + assets)', npm, ['run', 'build']],
	['n8n-node lint, strict mode (node-cli, Node 24; full rules on nodes, credentials, core, package.json; own rules elsewhere)', npm, ['run', 'lint']],
	["n8n's community-package scanner on the packed tarball, offline (Node 24)", npm, ['run', 'scan']],
	['manual install into ~/.n8n/nodes on Node 20, 22, 24: nothing compiled, n8n-workflow from n8n only', npm, ['run', 'check:install']],
	['unit tests (jest: core, n8n nodes, sandbox)', npx, ['jest', '--selectProjects', 'unit', '--ci']],
	['Zapier: build 5 bundles, zapier-platform validate, app-tester tests (jest)', process.execPath, ['zapier-app/scripts/check.js']],
	['compile the sandbox (tsc → build/sandbox)', npx, ['tsc', '-p', 'sandbox/tsconfig.json']],
	['end-to-end tests in a real n8n 2.41.1 (jest e2e: regular and queue mode; installs n8n on first use)', npx, ['jest', '--selectProjects', 'e2e', '--runInBand', '--ci']],
];

const only = process.argv.slice(2);
const started = Date.now();
for (const [title, command, args] of steps) {
	if (only.length > 0 && !only.some((word) => title.includes(word))) continue;
	const t0 = Date.now();
	console.log(`\n▶ ${title}: ${command} ${args.join(' ')}`);
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
	const seconds = ((Date.now() - t0) / 1000).toFixed(1);
	if (result.status !== 0) {
		console.error(`✖ ${title} failed after ${seconds} s (exit ${result.status ?? result.signal})`);
		process.exit(result.status || 1);
	}
	console.log(`✔ ${title} (${seconds} s)`);
}
console.log(`\nall checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
