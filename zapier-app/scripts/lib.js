'use strict';
/**
 * Shared plumbing of the Zapier build scripts: paths, the tooling install, Node 22 for the Zapier CLI,
 * running commands, timings. Plain Node, no dependencies: it runs before anything is installed.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawnSync } = require('node:child_process');

const ZAPIER_DIR = path.resolve(__dirname, '..');
const REPO_ROOT = path.resolve(ZAPIER_DIR, '..');
const TOOLING_MODULES = path.join(ZAPIER_DIR, 'node_modules');
/** The Zapier CLI refuses Node < 22 (the runtime Zapier runs integrations on). */
const ZAPIER_NODE_MAJOR = 22;
const PLATFORM_CORE = 'zapier-platform-core';

/** Environment for the Zapier CLI: no analytics, no update checks, nothing that reaches beyond the npm registry. */
const OFFLINE_ENV = { DISABLE_ZAPIER_ANALYTICS: '1', NO_UPDATE_NOTIFIER: '1', CI: process.env.CI || '1', FORCE_COLOR: '0' };

function log(message) {
	process.stdout.write(`[zapier] ${message}\n`);
}

async function timed(label, run, timings) {
	const started = Date.now();
	try {
		return await run();
	} finally {
		const seconds = (Date.now() - started) / 1000;
		timings?.push({ label, seconds });
		log(`${label}: ${seconds.toFixed(1)} s`);
	}
}

function run(command, args, options = {}) {
	const result = spawnSync(command, args, {
		cwd: options.cwd ?? ZAPIER_DIR,
		env: { ...process.env, ...(options.env ?? {}) },
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		timeout: options.timeout ?? 10 * 60 * 1000,
	});
	if (result.error) throw result.error;
	if (result.status !== 0 && !options.allowFailure) {
		throw new Error(`${path.basename(command)} ${args.join(' ')} failed (${result.status}) in ${options.cwd ?? ZAPIER_DIR}:\n${result.stdout}\n${result.stderr}`);
	}
	return result;
}

function lockHash() {
	const lock = path.join(ZAPIER_DIR, 'package-lock.json');
	return crypto
		.createHash('sha256')
		.update(fs.readFileSync(path.join(ZAPIER_DIR, 'package.json')))
		.update(fs.existsSync(lock) ? fs.readFileSync(lock) : '')
		.digest('hex');
}

/** `npm ci` in zapier-app/ the first time, and again whenever package.json or the lockfile changed. */
function ensureTooling() {
	const stamp = path.join(TOOLING_MODULES, '.hirehooks-install-stamp');
	const hash = lockHash();
	if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash && fs.existsSync(path.join(TOOLING_MODULES, PLATFORM_CORE))) return false;
	const hasLock = fs.existsSync(path.join(ZAPIER_DIR, 'package-lock.json'));
	log(`installing the Zapier tooling (npm ${hasLock ? 'ci' : 'install'}) in ${path.relative(REPO_ROOT, ZAPIER_DIR)}/`);
	run(npmCommand(), [hasLock ? 'ci' : 'install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: ZAPIER_DIR });
	fs.writeFileSync(stamp, hash);
	return true;
}

function npmCommand() {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

/** A Node >= 22 binary: this one if it is new enough, else the one scripts/lib/node-runtime.js installs from npm. */
function node22() {
	if (Number(process.versions.node.split('.')[0]) >= ZAPIER_NODE_MAJOR) return process.execPath;
	const { ensureNode } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'node-runtime.js'));
	return ensureNode(ZAPIER_NODE_MAJOR, { log });
}

function zapierCliScript() {
	return path.join(TOOLING_MODULES, 'zapier-platform-cli', 'src', 'bin', 'run');
}

/** The platform ids of the core, read from its compiled copy. */
function platformIdsOf(compiledCoreDir) {
	return require(path.join(compiledCoreDir, 'index.js')).platformIds;
}

module.exports = {
	ZAPIER_DIR,
	REPO_ROOT,
	TOOLING_MODULES,
	PLATFORM_CORE,
	ZAPIER_NODE_MAJOR,
	OFFLINE_ENV,
	log,
	timed,
	run,
	ensureTooling,
	node22,
	zapierCliScript,
	platformIdsOf,
	npmCommand,
};
