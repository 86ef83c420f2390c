'use strict';
/** The servers queue mode needs beside n8n: redis-server and a throw-away PostgreSQL, from Debian's packages. */
const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { HOST, LOG_DIR, noop } = require('./common');
const { withLock, run } = require('./commands');
const { getFreePort, spawnManaged, waitUntilServing } = require('./process');

// ---------------------------------------------------------------------------
// Redis and PostgreSQL
// ---------------------------------------------------------------------------

let aptUpdated = false;
function findRedisServer() {
	for (const p of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
		if (fs.existsSync(p)) return p;
	}
	const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
	return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

/** A program from Debian's packages: `find()` it, or install `pkg` with apt-get (once per machine, under a lock) and find it again. */
async function ensureFromApt({ what, pkg, find, log = noop }) {
	let found = find();
	if (found) return found;
	return withLock(
		'apt',
		async () => {
			found = find();
			if (found) return found;
			fs.mkdirSync(LOG_DIR, { recursive: true });
			const logFile = path.join(LOG_DIR, `apt-${pkg}-${Date.now()}.log`);
			const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
			const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
			const apt = asRoot ? ['apt-get'] : ['sudo', '-n', 'apt-get'];
			const listsEmpty = (() => {
				try {
					return fs.readdirSync('/var/lib/apt/lists').filter((f) => f.endsWith('Packages') || f.includes('Packages.')).length === 0;
				} catch {
					return true;
				}
			})();
			const install = () => run(apt[0], [...apt.slice(1), 'install', '-y', '--no-install-recommends', pkg], { cwd: '/', env, logFile });
			log(`[n8n-runtime] installing ${pkg} with apt-get (log: ${logFile})`);
			if (listsEmpty && !aptUpdated) {
				await run(apt[0], [...apt.slice(1), 'update'], { cwd: '/', env, logFile });
				aptUpdated = true;
			}
			try {
				await install();
			} catch (err) {
				if (aptUpdated) throw err;
				await run(apt[0], [...apt.slice(1), 'update'], { cwd: '/', env, logFile });
				aptUpdated = true;
				await install();
			}
			found = find();
			if (!found) throw new Error(`${what} still missing after apt-get install ${pkg} (see ${logFile})`);
			return found;
		},
		{ log },
	);
}

/** redis-server from Debian's packages; installs it with apt-get when missing. Returns its path. */
function ensureRedis({ log = noop } = {}) {
	return ensureFromApt({ what: 'redis-server', pkg: 'redis-server', find: findRedisServer, log });
}

/** The newest PostgreSQL server's bin folder from Debian's packages (initdb, pg_ctl and postgres in it), or null. */
function findPostgresBin() {
	const root = '/usr/lib/postgresql';
	let versions = [];
	try {
		versions = fs
			.readdirSync(root)
			.filter((v) => /^\d+$/.test(v))
			.sort((a, b) => Number(b) - Number(a));
	} catch {
		return null;
	}
	for (const v of versions) {
		const bin = path.join(root, v, 'bin');
		if (['initdb', 'postgres', 'pg_isready', 'createdb'].every((p) => fs.existsSync(path.join(bin, p)))) return bin;
	}
	return null;
}

/** PostgreSQL from Debian's packages; installs it with apt-get when missing. Returns its bin folder. */
function ensurePostgres({ log = noop } = {}) {
	return ensureFromApt({ what: 'PostgreSQL (initdb, postgres)', pkg: 'postgresql', find: findPostgresBin, log });
}

function redisPing(port, timeoutMs = 1000) {
	return new Promise((resolve) => {
		const sock = net.connect({ host: HOST, port });
		let data = '';
		const done = (ok) => {
			sock.destroy();
			resolve(ok);
		};
		sock.setTimeout(timeoutMs, () => done(false));
		sock.on('error', () => done(false));
		sock.on('connect', () => sock.write('PING\r\n'));
		sock.on('data', (d) => {
			data += d;
			if (data.includes('\r\n')) done(data.startsWith('+PONG'));
		});
	});
}

/** Start a throw-away redis-server on 127.0.0.1 (no persistence). */
async function startRedis({ port = 0, dir, log = noop, readyTimeoutMs = 20000 } = {}) {
	const bin = await ensureRedis({ log });
	if (!port) port = await getFreePort();
	dir = dir || fs.mkdtempSync(path.join(os.tmpdir(), 'redis-'));
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(dir, 'redis.log');
	const proc = spawnManaged(bin, ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'], {
		cwd: dir,
		env: { ...process.env },
		logFile,
		name: 'redis',
		log,
	});
	await waitUntilServing(proc, 'redis-server', () => redisPing(port), readyTimeoutMs);
	log(`[n8n-runtime] redis-server ready on ${HOST}:${port}`);
	return { port, host: HOST, process: proc.process, logs: proc.logs, stop: (o) => proc.stop(o) };
}

/**
 * A throw-away PostgreSQL server on 127.0.0.1: a fresh cluster in its own temporary folder (trust
 * authentication, no fsync: it lives as long as the test), database `n8n` owned by user `n8n`.
 * PostgreSQL refuses to run as root, so as root its programs run as the `postgres` user of Debian's package.
 */
async function startPostgres({ port = 0, log = noop, readyTimeoutMs = 30000 } = {}) {
	const bin = await ensurePostgres({ log });
	if (!port) port = await getFreePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hirehooks-postgres-'));
	const dataDir = path.join(dir, 'data');
	let user;
	if (typeof process.getuid === 'function' && process.getuid() === 0) {
		const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
		user = { uid: id('-u'), gid: id('-g') };
		if (!Number.isInteger(user.uid) || !Number.isInteger(user.gid)) throw new Error('startPostgres: running as root, but there is no postgres user to run PostgreSQL as');
		fs.chownSync(dir, user.uid, user.gid);
	}
	const logFile = path.join(LOG_DIR, `postgres-${Date.now()}.log`);
	fs.mkdirSync(LOG_DIR, { recursive: true });
	const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
	let proc;
	// A cluster that fails half-way (initdb, start, createdb) leaves no server and no folder behind.
	const removeAll = async (o) => {
		if (proc) await proc.stop(o);
		fs.rmSync(dir, { recursive: true, force: true });
	};
	try {
		await run(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--no-sync'], { cwd: dir, env, logFile, user, timeoutMs: 120000 });
		proc = spawnManaged(
			path.join(bin, 'postgres'),
			['-D', dataDir, '-p', String(port), '-c', `listen_addresses=${HOST}`, '-c', `unix_socket_directories=${dir}`, '-c', 'fsync=off', '-c', 'max_connections=200'],
			{ cwd: dir, env, logFile, name: 'postgres', log, user },
		);
		await waitUntilServing(proc, 'postgres', () => spawnSync(path.join(bin, 'pg_isready'), ['-h', HOST, '-p', String(port), '-q']).status === 0, readyTimeoutMs);
		await run(path.join(bin, 'createdb'), ['-h', HOST, '-p', String(port), '-U', 'n8n', 'n8n'], { cwd: dir, env, logFile, user, timeoutMs: 60000 });
	} catch (err) {
		await removeAll().catch(() => {});
		throw err;
	}
	log(`[n8n-runtime] PostgreSQL ready on ${HOST}:${port} (database n8n)`);
	return {
		port,
		host: HOST,
		database: 'n8n',
		user: 'n8n',
		logs: proc.logs,
		/**
		 * n8n's settings for this server. The pool: n8n's default of 2 connections per process starves a
		 * queue-mode worker running 5 jobs at once (--concurrency=5): after a webhook-process restart, 266 of
		 * 10,000 runs failed with "timeout exceeded when trying to connect" before their trigger's item was saved.
		 * The connection timeout: when a request of the webhook process gives up waiting for a connection
		 * after the trigger returned its items, n8n 2.41 may answer 2xx and save the run as an error without
		 * them (test/faults/db-pool-starvation.test.ts: 10 to 13 such runs per flood with a 1 s timeout).
		 * Waiting up to 2 minutes instead turns a starved pool into slow answers and 503s, which platforms
		 * retry (none lost in the same floods).
		 */
		n8nEnv: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: HOST,
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: '',
			DB_POSTGRESDB_POOL_SIZE: '10',
			DB_POSTGRESDB_CONNECTION_TIMEOUT: '120000',
		},
		/**
		 * Runs one SQL statement with psql and returns its rows (tab-separated fields). For tests that must
		 * read what n8n stored where its API shows less (execution data it redacts).
		 */
		query(sql) {
			const out = spawnSync(path.join(bin, 'psql'), ['-h', HOST, '-p', String(port), '-U', 'n8n', '-d', 'n8n', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
				encoding: 'utf8',
				env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
				maxBuffer: 512 * 1024 * 1024,
			});
			if (out.status !== 0) throw new Error(`psql failed (${out.status}): ${String(out.stderr).slice(0, 500)}`);
			return out.stdout === ''
				? []
				: out.stdout
						.replace(/\n$/, '')
						.split('\n')
						.map((line) => line.split('\t'));
		},
		stop: removeAll,
	};
}

module.exports = { ensureRedis, ensurePostgres, startRedis, startPostgres };
