'use strict';
/**
 * Supervised child processes: each in its own process group, watched by a reaper that kills the group when
 * this process dies (even by SIGKILL), output kept in a file and a ring buffer; free ports; readiness polls.
 */
const fs = require('node:fs');
const net = require('node:net');
const { spawn } = require('node:child_process');
const { HOST, noop, sleep, raceTimer } = require('./common');
const { pidAlive } = require('./commands');

// ---------------------------------------------------------------------------
// Ports, processes, reaper
// ---------------------------------------------------------------------------

const handedOutPorts = new Set();
/**
 * A currently free TCP port on 127.0.0.1. Ports handed out before by this
 * process are not handed out again (the kernel may re-offer a port that was
 * picked but not bound yet).
 */
async function getFreePort() {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = await new Promise((resolve, reject) => {
			const srv = net.createServer();
			srv.unref();
			srv.on('error', reject);
			srv.listen(0, HOST, () => {
				const { port: p } = srv.address();
				srv.close(() => resolve(p));
			});
		});
		if (!handedOutPorts.has(port)) {
			handedOutPorts.add(port);
			return port;
		}
	}
	throw new Error('getFreePort: no new free port found');
}

const REAPER_SOURCE = `
const [parentPid, pgid] = process.argv.slice(1).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const kill = (sig) => { try { process.kill(-pgid, sig); } catch (e) {} };
const tick = setInterval(() => {
  if (!alive(pgid)) process.exit(0);
  if (!alive(parentPid)) {
    clearInterval(tick);
    kill('SIGTERM');
    let n = 0;
    const t = setInterval(() => { if (!alive(pgid)) process.exit(0); if (++n >= 20) { kill('SIGKILL'); process.exit(0); } }, 500);
  }
}, 1000);
process.on('SIGTERM', () => process.exit(0));
`;

const liveGroups = new Set();
let exitHookInstalled = false;
function installExitHook() {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	// Synchronous last resort: whatever is still running when this process exits dies with it.
	process.on('exit', () => {
		for (const pgid of liveGroups) {
			try {
				process.kill(-pgid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}
	});
	// On a signal: give the children a short graceful SIGTERM, then exit (the
	// exit hook above SIGKILLs whatever is left).
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.once(sig, () => {
			for (const pgid of liveGroups) {
				try {
					process.kill(-pgid, 'SIGTERM');
				} catch {
					/* gone */
				}
			}
			const code = sig === 'SIGINT' ? 130 : sig === 'SIGTERM' ? 143 : 129;
			const deadline = Date.now() + 5000;
			const tick = setInterval(() => {
				const left = [...liveGroups].filter((g) => pidAlive(g));
				if (left.length === 0 || Date.now() > deadline) {
					clearInterval(tick);
					process.exit(code);
				}
			}, 100);
		});
	}
}

/**
 * Spawn a long-running child in its own process group with a reaper, capturing
 * its output to `logFile` and to an in-memory ring buffer.
 */
function spawnManaged(cmd, args, { cwd, env, logFile, name, log = noop, user }) {
	installExitHook();
	const out = fs.openSync(logFile, 'a');
	const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...(user || {}) });
	liveGroups.add(child.pid);
	const reaper = spawn(process.execPath, ['-e', REAPER_SOURCE, String(process.pid), String(child.pid)], {
		stdio: 'ignore',
		detached: true,
	});
	reaper.unref();

	const MAX = 2 * 1024 * 1024;
	let buf = '';
	const onData = (d) => {
		const s = d.toString();
		buf += s;
		if (buf.length > MAX) buf = buf.slice(buf.length - MAX);
		try {
			fs.writeSync(out, s);
		} catch {
			/* closed */
		}
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);

	let exitInfo = null;
	const exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			exitInfo = { code, signal };
			resolve(exitInfo);
		});
	});
	exited.then(() => {
		liveGroups.delete(child.pid);
		// Let stdio drain before closing the file.
		setTimeout(() => {
			try {
				fs.closeSync(out);
			} catch {
				/* ignore */
			}
		}, 200);
	});

	async function stop({ graceMs = 15000 } = {}) {
		if (!exitInfo) {
			try {
				process.kill(-child.pid, 'SIGTERM');
			} catch {
				/* gone */
			}
			const res = await Promise.race([exited, raceTimer(graceMs).then(() => null)]);
			if (!res) {
				log(`[n8n-runtime] ${name} did not stop in ${graceMs} ms, sending SIGKILL`);
			}
		}
		// Kill leftovers of the group (e.g. a task runner), whatever happened.
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			/* gone */
		}
		await Promise.race([exited, raceTimer(5000)]);
		liveGroups.delete(child.pid);
		try {
			process.kill(reaper.pid, 'SIGTERM');
		} catch {
			/* gone */
		}
		return exitInfo;
	}

	return {
		name,
		process: child,
		pid: child.pid,
		logFile,
		logs: () => buf,
		exited,
		exitInfo: () => exitInfo,
		stop,
	};
}

async function httpGetStatus(url, timeoutMs = 3000) {
	try {
		const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
		await res.arrayBuffer();
		return res.status;
	} catch {
		return 0;
	}
}

/** Poll `url` until it answers 200, the process exits, or the deadline passes. */
async function waitForHttp200(url, proc, { timeoutMs, intervalMs = 200, what }) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (proc.exitInfo()) {
			throw new Error(`${what} exited (${JSON.stringify(proc.exitInfo())}) before it was ready. Last output:\n${proc.logs().slice(-6000)}`);
		}
		if ((await httpGetStatus(url)) === 200) return;
		await sleep(intervalMs);
	}
	throw new Error(`${what} not ready within ${timeoutMs} ms (${url}). Last output:\n${proc.logs().slice(-6000)}`);
}

/** Polls `isReady` every 100 ms until it holds; throws with the server's last output if it exits first or the time runs out (then stops it). */
async function waitUntilServing(proc, what, isReady, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (!(await isReady())) {
		if (proc.exitInfo()) throw new Error(`${what} exited: ${proc.logs().slice(-3000)}`);
		if (Date.now() > deadline) {
			await proc.stop();
			throw new Error(`${what} not ready in ${timeoutMs} ms: ${proc.logs().slice(-3000)}`);
		}
		await sleep(100);
	}
}

module.exports = { getFreePort, spawnManaged, waitForHttp200, waitUntilServing };
