'use strict';
/**
 * n8n's own checking tools, each pinned by tools/<name>/package.json and its package-lock.json:
 *
 *   ensureTool(name, { log })   install tools/<name>/node_modules once (npm ci from the lock, under
 *                               Node 24 from the npm registry), reuse it while the lock is unchanged
 *   linkIntoProject(tool, pkg)  make tools/<tool>/node_modules/<pkg> resolvable from the project root
 *
 * They live outside the project's own dependencies because they cannot install on Node 20: both pull
 * n8n-workflow 2.x, whose isolated-vm 7 needs Node >= 24. `--ignore-scripts` keeps the install free of
 * native builds; nothing the checks use is native.
 *
 * Concurrency: the install runs in a private folder and is published with one rename(2), so a
 * half-finished install is never seen; a process that loses the race uses the winner's copy.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ensureNode, findNpmCli, nodeVersionOf, REPO_ROOT } = require('./node-runtime');

const TOOLS_DIR = path.join(REPO_ROOT, 'tools');
const TOOL_NODE_MAJOR = 24;
const MARKER = '.hirehooks-install.json';

function toolDir(name) {
	const dir = path.join(TOOLS_DIR, name);
	if (!fs.existsSync(path.join(dir, 'package-lock.json'))) throw new Error(`tools/${name} has no package-lock.json`);
	return dir;
}

function lockDigest(dir) {
	return crypto
		.createHash('sha256')
		.update(fs.readFileSync(path.join(dir, 'package-lock.json')))
		.digest('hex');
}

function isCurrent(modulesDir, digest) {
	try {
		return JSON.parse(fs.readFileSync(path.join(modulesDir, MARKER), 'utf8')).lockSha256 === digest;
	} catch {
		return false;
	}
}

/** PATH with `nodeBin`'s folder first, so that every `node` a tool spawns (npm, eslint) is that one. */
function pathWith(nodeBin, base = process.env.PATH) {
	return [path.dirname(nodeBin), base || ''].join(path.delimiter);
}

/**
 * @param {string} name  a folder under tools/
 * @returns {{ dir: string, modules: string, nodeBin: string, installed: boolean, seconds: number }}
 */
function ensureTool(name, { log = () => {} } = {}) {
	const dir = toolDir(name);
	const modules = path.join(dir, 'node_modules');
	const nodeBin = ensureNode(TOOL_NODE_MAJOR, { log });
	const digest = lockDigest(dir);
	if (isCurrent(modules, digest)) return { dir, modules, nodeBin, installed: false, seconds: 0 };

	const t0 = Date.now();
	const work = path.join(dir, `.install-${process.pid}-${Date.now()}`);
	fs.mkdirSync(work);
	try {
		for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(dir, file), path.join(work, file));
		log(`[tools] installing tools/${name} (npm ci --ignore-scripts, node ${nodeVersionOf(nodeBin)})`);
		const r = spawnSync(nodeBin, [findNpmCli(), 'ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: work,
			encoding: 'utf8',
			env: { ...process.env, PATH: pathWith(nodeBin) },
			timeout: 15 * 60 * 1000,
		});
		if (r.status !== 0) throw new Error(`npm ci in tools/${name} failed (status ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
		fs.writeFileSync(
			path.join(work, 'node_modules', MARKER),
			`${JSON.stringify({ lockSha256: digest, node: nodeVersionOf(nodeBin), installedAt: new Date().toISOString() }, null, 2)}\n`,
		);
		if (fs.existsSync(modules) && !isCurrent(modules, digest)) {
			const stale = `${modules}.stale-${process.pid}`;
			fs.renameSync(modules, stale);
			fs.rmSync(stale, { recursive: true, force: true });
		}
		try {
			fs.renameSync(path.join(work, 'node_modules'), modules);
		} catch (error) {
			if (!isCurrent(modules, digest)) throw error; // not a lost race
		}
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	const seconds = (Date.now() - t0) / 1000;
	log(`[tools] tools/${name} ready in ${seconds.toFixed(1)} s`);
	return { dir, modules, nodeBin, installed: true, seconds };
}

/**
 * Symlinks tools/<tool>/node_modules/<pkg> into the project's node_modules, so that a file at the
 * project root can import it (eslint.config.mjs imports '@n8n/node-cli/eslint'); Node resolves the
 * link to its real path, so the package's own dependencies come from the tool's folder.
 * `npm ci` and `npm install` remove the link as extraneous; every run re-creates it.
 */
function linkIntoProject(tool, pkg) {
	const target = path.join(TOOLS_DIR, tool, 'node_modules', ...pkg.split('/'));
	const link = path.join(REPO_ROOT, 'node_modules', ...pkg.split('/'));
	const relative = path.relative(path.dirname(link), target);
	let current;
	try {
		current = fs.readlinkSync(link);
	} catch {
		current = undefined;
	}
	if (current === relative) return link;
	fs.mkdirSync(path.dirname(link), { recursive: true });
	fs.rmSync(link, { recursive: true, force: true });
	fs.symlinkSync(relative, link, 'dir');
	return link;
}

module.exports = { ensureTool, linkIntoProject, pathWith, TOOLS_DIR, TOOL_NODE_MAJOR };
