'use strict';
/**
 * Installing a pinned n8n folder (e2e/n8n*): npm install from its lock without lifecycle scripts, the sqlite3
 * binding built (or copied from a sibling folder), a marker that lets the next run reuse the install.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawnSync } = require('node:child_process');
const { ensureNode, nodeHeadersDir, findNpmCli, nodeVersionOf, REPO_ROOT } = require('../node-runtime');
const { LOG_DIR, noop, readJsonSafe } = require('./common');
const { withLock, run, tailFile } = require('./commands');

const N8N_DIR = path.join(REPO_ROOT, 'e2e', 'n8n');
const INSTALL_MARKER_NAME = '.hirehooks-install.json';

// ---------------------------------------------------------------------------
// Pin / package metadata
// ---------------------------------------------------------------------------

/** An n8n install folder as an absolute path (relative ones are taken from the repository root). */
function resolveN8nDir(n8nDir) {
	return n8nDir ? path.resolve(REPO_ROOT, n8nDir) : N8N_DIR;
}

function readN8nPackageJson(n8nDir) {
	return JSON.parse(fs.readFileSync(path.join(resolveN8nDir(n8nDir), 'package.json'), 'utf8'));
}

/** The n8n version pinned in `<n8nDir>/package.json` (default e2e/n8n). */
function pinnedN8nVersion(n8nDir) {
	const pkg = readN8nPackageJson(n8nDir);
	const v = pkg.dependencies && pkg.dependencies.n8n;
	if (!v || !/^\d+\.\d+\.\d+$/.test(v)) {
		throw new Error(`${path.relative(REPO_ROOT, resolveN8nDir(n8nDir))}/package.json must pin an exact n8n version (found ${JSON.stringify(v)})`);
	}
	return v;
}

/** Node major the pinned n8n runs on (`<n8nDir>/package.json` "hirehooks.nodeMajor"). */
function requiredNodeMajor(n8nDir) {
	const pkg = readN8nPackageJson(n8nDir);
	return Number((pkg.hirehooks && pkg.hirehooks.nodeMajor) || 24);
}

function sha256File(file) {
	return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

// ---------------------------------------------------------------------------
// Install
// ---------------------------------------------------------------------------

function sqliteBindingPath(dir) {
	return path.join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
}

/** The `node_modules/sqlite3` entry of a folder's package-lock.json ({ version, integrity }), or null. */
function lockedSqlite(dir) {
	const lock = readJsonSafe(path.join(dir, 'package-lock.json'));
	const entry = lock && lock.packages && lock.packages['node_modules/sqlite3'];
	return entry && entry.version && entry.integrity ? { version: entry.version, integrity: entry.integrity } : null;
}

/**
 * A built sqlite3 binding of another finished install folder next to `dir` (e2e/*) whose lock pins
 * the same sqlite3 tarball (version and integrity), or null.
 */
function builtSqliteElsewhere(dir) {
	const mine = lockedSqlite(dir);
	if (!mine) return null;
	const parent = path.dirname(dir);
	for (const name of fs.readdirSync(parent)) {
		const other = path.join(parent, name);
		if (other === dir || !fs.existsSync(path.join(other, 'node_modules', INSTALL_MARKER_NAME))) continue;
		const theirs = lockedSqlite(other);
		if (theirs && theirs.version === mine.version && theirs.integrity === mine.integrity && fs.existsSync(sqliteBindingPath(other))) {
			return sqliteBindingPath(other);
		}
	}
	return null;
}

function installIsCurrent(nodeBin, dir) {
	const marker = readJsonSafe(path.join(dir, 'node_modules', INSTALL_MARKER_NAME));
	if (!marker) return false;
	const installed = readJsonSafe(path.join(dir, 'node_modules', 'n8n', 'package.json'));
	const version = pinnedN8nVersion(dir);
	return Boolean(
		installed &&
			installed.version === version &&
			marker.n8nVersion === version &&
			marker.lockSha256 === sha256File(path.join(dir, 'package-lock.json')) &&
			marker.nodeVersion === nodeVersionOf(nodeBin) &&
			fs.existsSync(sqliteBindingPath(dir)),
	);
}

/** Environment for running npm / node-gyp / n8n with the chosen node first on PATH. */
function toolEnv(nodeBin, extra = {}, base = process.env) {
	const env = { ...base, ...extra };
	env.PATH = [path.dirname(nodeBin), env.PATH].filter(Boolean).join(path.delimiter);
	const headers = nodeHeadersDir(nodeBin);
	if (headers) env.npm_config_nodedir = headers;
	return env;
}

/**
 * Install an n8n folder (default e2e/n8n) if it is missing or does not match its pin.
 * @param {{ n8nDir?: string, log?: (msg: string) => void }} [o]
 * @returns {Promise<{ n8nBin: string, nodeBin: string, version: string, n8nDir: string, installed: boolean, durations: object }>}
 */
async function ensureN8nInstalled({ n8nDir, log = noop } = {}) {
	const dir = resolveN8nDir(n8nDir);
	const modules = path.join(dir, 'node_modules');
	const nodeBin = ensureNode(requiredNodeMajor(dir), { log });
	const version = pinnedN8nVersion(dir);
	const n8nBin = path.join(modules, 'n8n', 'bin', 'n8n');
	const result = { n8nBin, nodeBin, version, n8nDir: dir, installed: false, durations: {} };
	if (installIsCurrent(nodeBin, dir)) return result;

	// One lock per folder name: e2e/n8n keeps the lock name it always had.
	const lockName = dir === N8N_DIR ? 'n8n-install' : `n8n-install-${path.basename(dir)}`;
	return withLock(
		lockName,
		async () => {
			if (installIsCurrent(nodeBin, dir)) return result; // another process finished meanwhile
			fs.mkdirSync(LOG_DIR, { recursive: true });
			const logFile = path.join(LOG_DIR, `n8n-install-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
			const npmCli = findNpmCli();
			const env = toolEnv(nodeBin);
			const nodeVersion = nodeVersionOf(nodeBin);
			log(`[n8n-runtime] installing n8n@${version} into ${dir} with node ${nodeVersion} (log: ${logFile})`);

			// 1. The whole tree from package-lock.json, without lifecycle scripts: one
			//    optional dependency (@confluentinc/kafka-javascript) downloads a
			//    prebuilt binary from outside the npm registry in its install script,
			//    and sqlite3's script would try a prebuilt download first as well.
			//    `npm install` rather than `npm ci`: the registry here lacks some
			//    optional per-platform packages (@msgpackr-extract/msgpackr-extract-
			//    darwin-*/win32-x64/linux-arm@3.0.7), which npm install skips but npm ci
			//    reports as "lock file out of sync". The lock is restored afterwards
			//    should npm have rewritten it.
			let t = Date.now();
			const lockPath = path.join(dir, 'package-lock.json');
			const lockBefore = fs.readFileSync(lockPath);
			try {
				await run(nodeBin, [npmCli, 'install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', '--loglevel=warn'], { cwd: dir, env, logFile });
			} catch (err) {
				throw new Error(`${err.message}\n${tailFile(logFile)}`);
			} finally {
				if (!fs.readFileSync(lockPath).equals(lockBefore)) {
					log(`[n8n-runtime] npm rewrote ${path.relative(REPO_ROOT, lockPath)}; restoring the committed one`);
					fs.writeFileSync(lockPath, lockBefore);
				}
			}
			result.durations.npmInstallMs = Date.now() - t;
			log(`[n8n-runtime] npm install done in ${(result.durations.npmInstallMs / 1000).toFixed(1)}s`);

			// 2. sqlite3 (n8n's default database driver) from source with node-gyp,
			//    against the headers of the node that will run n8n. It is an N-API
			//    addon; its sources (amalgamated SQLite included) ship in the package.
			//    N-API binaries do not depend on the Node version, so when another
			//    install folder already built the very same sqlite3 (same lock
			//    integrity), its binding is copied instead of compiling for minutes
			//    again; the check below loads it with this folder's Node either way.
			const buildSqlite = async () => {
				const started = Date.now();
				const nodeGyp = path.join(path.dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
				const gypArgs = [nodeGyp, 'rebuild', '--release', `-j`, String(Math.max(1, os.cpus().length))];
				const headers = nodeHeadersDir(nodeBin);
				if (headers) gypArgs.push(`--nodedir=${headers}`);
				try {
					await run(nodeBin, gypArgs, { cwd: path.join(modules, 'sqlite3'), env, logFile });
				} catch (err) {
					throw new Error(`sqlite3 native build failed: ${err.message}\n${tailFile(logFile)}`);
				}
				result.durations.sqliteBuildMs = Date.now() - started;
				log(`[n8n-runtime] sqlite3 binding built in ${(result.durations.sqliteBuildMs / 1000).toFixed(1)}s`);
			};
			const donor = builtSqliteElsewhere(dir);
			if (donor) {
				fs.mkdirSync(path.dirname(sqliteBindingPath(dir)), { recursive: true });
				fs.copyFileSync(donor, sqliteBindingPath(dir));
				result.durations.sqliteCopiedFrom = path.relative(REPO_ROOT, donor);
				log(`[n8n-runtime] sqlite3 binding copied from ${result.durations.sqliteCopiedFrom} (same sqlite3 build)`);
			} else {
				await buildSqlite();
			}

			// 3. Check the native pieces n8n needs at start-up: sqlite3 (built above)
			//    and, where this n8n has it, isolated-vm (the 2.x expression engine; ships
			//    prebuilds for Node 24 = ABI 137; older n8n versions do not depend on it).
			const ivmCheck = fs.existsSync(path.join(modules, 'isolated-vm', 'package.json'))
				? `const ivm=require('isolated-vm');const i=new ivm.Isolate({memoryLimit:16});` +
					`console.log(JSON.stringify({sqlite:r.v,ivm:i.compileScriptSync('6*7').runSync(i.createContextSync())}));i.dispose();`
				: `console.log(JSON.stringify({sqlite:r.v}));`;
			const nativeCheck = () =>
				spawnSync(
					nodeBin,
					['-e', `const s=require('sqlite3');const db=new s.Database(':memory:');db.get('select sqlite_version() v',(e,r)=>{if(e)throw e;${ivmCheck}db.close();});`],
					{ cwd: dir, env, encoding: 'utf8', timeout: 60000 },
				);
			let check = nativeCheck();
			if (check.status !== 0 && donor) {
				log(`[n8n-runtime] the copied sqlite3 binding does not load here (${check.stderr.trim().split('\n').pop()}); building it`);
				delete result.durations.sqliteCopiedFrom;
				await buildSqlite();
				check = nativeCheck();
			}
			if (check.status !== 0) {
				throw new Error(`n8n native module check failed:\n${check.stdout}\n${check.stderr}`);
			}
			log(`[n8n-runtime] native modules OK: ${check.stdout.trim()}`);

			fs.writeFileSync(
				path.join(modules, INSTALL_MARKER_NAME),
				JSON.stringify(
					{
						n8nVersion: version,
						nodeVersion,
						lockSha256: sha256File(lockPath),
						installedAt: new Date().toISOString(),
						durations: result.durations,
					},
					null,
					2,
				) + '\n',
			);
			result.installed = true;
			return result;
		},
		{ log },
	);
}

module.exports = { N8N_DIR, resolveN8nDir, pinnedN8nVersion, requiredNodeMajor, toolEnv, ensureN8nInstalled };
