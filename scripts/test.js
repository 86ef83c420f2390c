#!/usr/bin/env node
/**
 * `npm test`: every check the project has, in order, each step's time printed; stops at the first
 * failure with its exit code. Servers the later steps need are started and stopped by the steps.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** "2.41.1 (Node 24), ..." from the install folders test/e2e/compat runs on (e2e/n8n*). */
function compatVersions() {
	const dirs = fs.readdirSync(path.join(root, 'e2e')).filter((d) => /^n8n(-|$)/.test(d) && fs.existsSync(path.join(root, 'e2e', d, 'package.json')));
	return dirs
		.map((d) => JSON.parse(fs.readFileSync(path.join(root, 'e2e', d, 'package.json'), 'utf8')))
		.map((p) => `${p.dependencies.n8n} (Node ${p.hirehooks.nodeMajor})`)
		.join(', ');
}

const steps = [
	['build the package (tsc + assets)', npm, ['run', 'build']],
	['n8n-node lint, strict mode (node-cli, Node 24; full rules on nodes, credentials, core, package.json; own rules elsewhere)', npm, ['run', 'lint']],
	['Prettier: the whole repository in the one format of .prettierrc.json', npm, ['run', 'format:check']],
	["n8n's community-package scanner on the packed tarball, offline (Node 24)", npm, ['run', 'scan']],
	['manual install into ~/.n8n/nodes on Node 20, 22, 24: nothing compiled, n8n-workflow from n8n only', npm, ['run', 'check:install']],
	['unit tests (jest: core, n8n nodes, sandbox)', npx, ['jest', '--selectProjects', 'unit', '--ci']],
	['Zapier: build the integrations, zapier-platform validate, app-tester tests (jest)', process.execPath, ['zapier-app/scripts/check.js']],
	['compile the sandbox (tsc → build/sandbox)', npx, ['tsc', '-p', 'sandbox/tsconfig.json']],
	[
		'end-to-end tests in a real n8n 2.41.1 (jest e2e: regular and queue mode; installs n8n on first use)',
		npx,
		['jest', '--selectProjects', 'e2e', '--runInBand', '--ci', '--testPathIgnorePatterns', '/test/e2e/compat/'],
	],
	[
		`compatibility e2e: the same checks and the example workflows on n8n ${compatVersions()} (installs each on first use)`,
		npx,
		['jest', '--selectProjects', 'e2e', '--runInBand', '--ci', 'test/e2e/compat/'],
	],
];

const only = process.argv.slice(2);
const selected = steps.filter(([title]) => only.length === 0 || only.some((word) => title.includes(word)));
const needsN8n = ([title]) => /end-to-end|e2e/.test(title);

/**
 * The n8n installs (e2e/n8n*, minutes each, mostly downloading and unpacking) run in the background
 * while the steps before the first one that needs n8n run; that step waits for them. Should the
 * background install fail, the suites install on first use as before.
 */
function installN8nInBackground() {
	const logDir = path.join(root, '.tooling', 'logs');
	fs.mkdirSync(logDir, { recursive: true });
	const logFile = path.join(logDir, `npm-test-n8n-installs-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
	const out = fs.openSync(logFile, 'a');
	const child = spawn(process.execPath, [path.join(root, 'scripts', 'lib', 'n8n-runtime.js'), 'install'], { cwd: root, stdio: ['ignore', out, out] });
	const done = new Promise((resolve) => {
		child.on('exit', (code) => resolve({ code }));
		child.on('error', () => resolve({ code: 1 }));
	});
	console.log(`\n▶ installing the n8n versions the end-to-end steps need, in the background (log: ${path.relative(root, logFile)})`);
	return { child, done, logFile };
}

async function main() {
	const started = Date.now();
	const firstN8nStep = selected.findIndex(needsN8n);
	const installs = firstN8nStep > 0 && process.env.HIREHOOKS_NO_BACKGROUND_INSTALL !== '1' ? installN8nInBackground() : null;
	for (const [index, [title, command, args]] of selected.entries()) {
		if (installs && index === firstN8nStep) {
			const t = Date.now();
			const { code } = await installs.done;
			// Each folder's own figures are in the log; spawnSync kept this loop from noticing an earlier end.
			console.log(
				`${code === 0 ? '✔' : '✖'} n8n installs ${code === 0 ? 'ready' : `failed (exit ${code}; the suites install on first use)`}; waited ${((Date.now() - t) / 1000).toFixed(1)} s for them (${path.relative(root, installs.logFile)})`,
			);
		}
		const t0 = Date.now();
		console.log(`\n▶ ${title}: ${command} ${args.join(' ')}`);
		const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
		const seconds = ((Date.now() - t0) / 1000).toFixed(1);
		if (result.status !== 0) {
			console.error(`✖ ${title} failed after ${seconds} s (exit ${result.status ?? result.signal})`);
			if (installs) installs.child.kill('SIGTERM');
			process.exit(result.status || 1);
		}
		console.log(`✔ ${title} (${seconds} s)`);
	}
	console.log(`\nall checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
