'use strict';
/** Commands run to completion (npm, node-gyp, apt-get, initdb) and the cross-process lock around installs. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { LOCK_DIR, noop, sleep, readJsonSafe } = require('./common');

// ---------------------------------------------------------------------------
// Cross-process lock (mkdir is atomic; stale locks of dead pids are broken)
// ---------------------------------------------------------------------------

function pidAlive(pid) {
	if (!pid) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return err.code === 'EPERM';
	}
}

async function withLock(name, fn, { timeoutMs = 45 * 60 * 1000, log = noop } = {}) {
	fs.mkdirSync(LOCK_DIR, { recursive: true });
	const dir = path.join(LOCK_DIR, `${name}.lock`);
	const owner = path.join(dir, 'owner.json');
	const deadline = Date.now() + timeoutMs;
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(dir);
			fs.writeFileSync(owner, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
			break;
		} catch (err) {
			if (err.code !== 'EEXIST') throw err;
			const info = readJsonSafe(owner);
			let stat = null;
			try {
				stat = fs.statSync(dir);
			} catch {
				continue; // vanished meanwhile, retry at once
			}
			const ownerDead = info ? info.host === os.hostname() && !pidAlive(info.pid) : Date.now() - stat.mtimeMs > 60000;
			if (ownerDead) {
				const trash = `${dir}.stale-${process.pid}-${Date.now()}`;
				try {
					fs.renameSync(dir, trash);
					fs.rmSync(trash, { recursive: true, force: true });
				} catch {
					/* somebody else broke it first */
				}
				continue;
			}
			if (!announced) {
				log(`[n8n-runtime] waiting for lock ${dir} held by ${info ? `pid ${info.pid}` : 'another process'}`);
				announced = true;
			}
			if (Date.now() > deadline) throw new Error(`Timed out waiting for lock ${dir}`);
			await sleep(1000);
		}
	}
	const release = () => {
		try {
			const info = readJsonSafe(owner);
			if (info && info.pid === process.pid) fs.rmSync(dir, { recursive: true, force: true });
		} catch {
			/* ignore */
		}
	};
	process.once('exit', release);
	try {
		return await fn();
	} finally {
		release();
		process.removeListener('exit', release);
	}
}

// ---------------------------------------------------------------------------
// Running commands
// ---------------------------------------------------------------------------

/** Run a command, appending its output to logFile. Rejects on non-zero exit or timeout. */
function run(cmd, args, { cwd, env, logFile, timeoutMs = 30 * 60 * 1000, user } = {}) {
	return new Promise((resolve, reject) => {
		const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
		if (logFile) fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}\n  (cwd ${cwd})\n`);
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out], detached: true, ...(user || {}) });
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}, timeoutMs);
		const onExit = () => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		};
		process.once('exit', onExit);
		child.on('error', (err) => {
			clearTimeout(timer);
			process.removeListener('exit', onExit);
			if (logFile) fs.closeSync(out);
			reject(err);
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			process.removeListener('exit', onExit);
			if (logFile) fs.closeSync(out);
			if (code === 0) resolve();
			else reject(new Error(`${path.basename(cmd)} ${args.slice(0, 3).join(' ')} exited with ${code ?? signal}${logFile ? ` (see ${logFile})` : ''}`));
		});
	});
}

function tailFile(file, lines = 40) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

module.exports = { pidAlive, withLock, run, tailFile };
