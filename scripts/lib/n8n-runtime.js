'use strict';
/**
 * A real, pinned n8n for end-to-end tests and the demo.
 *
 *   ensureN8nInstalled({ n8nDir, log })  install an n8n folder once (npm install from its lock + sqlite3 build), reuse afterwards
 *   startN8n({ port, userFolder, customPackageDirs, env, n8nDir, log })
 *                                        one n8n main process on 127.0.0.1, SQLite, no outside calls
 *   startN8nQueueMode({ ... })           redis-server + PostgreSQL + main + `n8n worker` + `n8n webhook`
 *   setupOwnerAndApiKey(baseUrlOrHandle) owner account + login cookie + public API key (idempotent)
 *   api(baseUrl, apiKey)                 small public API client (/api/v1)
 *   waitForExecutions(client, {...})     bounded polling for finished executions
 *   waitForWebhook(url, {method, gone})  wait until an (async) activation/deactivation took effect
 *   ensureRedis({ log })                 redis-server from Debian (apt-get) if missing
 *   startPostgres({ log })               a throw-away PostgreSQL cluster on 127.0.0.1 (Debian's, apt-get if missing)
 *   getFreePort()                        a free TCP port on 127.0.0.1
 *
 * Every child process is started in its own process group, watched by a tiny
 * "reaper" process that kills the group when the parent (this Node process)
 * dies, even by SIGKILL. stop() sends SIGTERM to the group, waits, then
 * SIGKILLs it. All network traffic stays on 127.0.0.1.
 *
 * `n8nDir` (default e2e/n8n, the pinned n8n of the full e2e suite) names the install folder: a
 * package.json pinning one exact n8n (and "hirehooks.nodeMajor", the Node it runs on) with its
 * package-lock.json. e2e/n8n-1.123 and e2e/n8n-2.8 are the older versions of the compatibility smoke
 * suite (test/e2e/compat). See e2e/n8n/README.md for the findings behind the choices made here.
 */
const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn, spawnSync } = require('node:child_process');
const {
  ensureNode,
  nodeHeadersDir,
  findNpmCli,
  nodeVersionOf,
  TOOLING_DIR,
  REPO_ROOT,
} = require('./node-runtime');

const N8N_DIR = path.join(REPO_ROOT, 'e2e', 'n8n');
const INSTALL_MARKER_NAME = '.hirehooks-install.json';
const LOCK_DIR = path.join(TOOLING_DIR, 'locks');
const LOG_DIR = path.join(TOOLING_DIR, 'logs');
const HOST = '127.0.0.1';

const DEFAULT_OWNER = {
  email: 'e2e-owner@hirehooks.test',
  firstName: 'E2E',
  lastName: 'Owner',
  // n8n password rules: 8..64 chars, at least one digit and one upper-case letter.
  password: 'HireHooks-e2e-Passw0rd',
};
const BROWSER_ID = 'hirehooks-e2e-browser';

const noop = () => {};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** For Promise.race deadlines: an unref'd timer does not keep the caller's process alive after the race is won. */
const raceTimer = (ms) => new Promise((r) => setTimeout(r, ms).unref());

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

function readJsonSafe(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

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
        await run(
          nodeBin,
          [npmCli, 'install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', '--loglevel=warn'],
          { cwd: dir, env, logFile },
        );
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
      throw new Error(
        `${what} exited (${JSON.stringify(proc.exitInfo())}) before it was ready. Last output:\n${proc.logs().slice(-6000)}`,
      );
    }
    if ((await httpGetStatus(url)) === 200) return;
    await sleep(intervalMs);
  }
  throw new Error(`${what} not ready within ${timeoutMs} ms (${url}). Last output:\n${proc.logs().slice(-6000)}`);
}

// ---------------------------------------------------------------------------
// Community packages
// ---------------------------------------------------------------------------

/**
 * Install built community packages into `<userFolder>/.n8n/nodes` the way n8n's
 * own installer leaves them (n8n 2.x CommunityPackagesService.downloadPackage):
 *
 *   <userFolder>/.n8n/nodes/package.json                   {"name":"installed-nodes","private":true,"dependencies":{...}}
 *   <userFolder>/.n8n/nodes/node_modules/<package name>/   the packed package (npm pack: honours "files"),
 *                                                          devDependencies/peerDependencies/optionalDependencies
 *                                                          removed from its package.json, its production
 *                                                          dependencies installed next to it (shallow).
 *
 * At start-up n8n 2.x (community-packages module, nodeLoaders()) scans
 * `nodes/node_modules` for directories named `n8n-nodes-*` and `@scope/n8n-nodes-*`
 * and loads each with LazyPackageDirectoryLoader; no database row is needed.
 * `require('n8n-workflow')` from a package resolves to n8n's own copy because n8n
 * puts its module paths on NODE_PATH before loading nodes.
 */
async function installCustomPackages(userFolder, packageDirs, { nodeBin, log = noop } = {}) {
  if (!packageDirs || packageDirs.length === 0) return [];
  const nodesDir = path.join(userFolder, '.n8n', 'nodes');
  const modulesDir = path.join(nodesDir, 'node_modules');
  fs.mkdirSync(modulesDir, { recursive: true });
  const ledgerPath = path.join(nodesDir, 'package.json');
  const ledger = readJsonSafe(ledgerPath) || { name: 'installed-nodes', private: true, dependencies: {} };
  ledger.dependencies = ledger.dependencies || {};
  const npmCli = findNpmCli();
  const env = nodeBin ? toolEnv(nodeBin) : { ...process.env };
  const runNode = nodeBin || process.execPath;
  const installed = [];

  for (const dirIn of packageDirs) {
    const dir = path.resolve(dirIn);
    const pkg = readJsonSafe(path.join(dir, 'package.json'));
    if (!pkg || !pkg.name) throw new Error(`customPackageDirs: ${dir} has no package.json with a name`);
    if (!pkg.n8n) throw new Error(`customPackageDirs: ${pkg.name} (${dir}) has no "n8n" field in package.json`);
    const base = pkg.name.startsWith('@') ? pkg.name.split('/')[1] : pkg.name;
    if (!base.startsWith('n8n-nodes-')) {
      throw new Error(
        `customPackageDirs: n8n only loads community packages named n8n-nodes-* or @scope/n8n-nodes-* (got ${pkg.name})`,
      );
    }
    for (const rel of [...(pkg.n8n.nodes || []), ...(pkg.n8n.credentials || [])]) {
      if (!fs.existsSync(path.join(dir, rel))) {
        throw new Error(`customPackageDirs: ${pkg.name} lists ${rel} in "n8n" but ${path.join(dir, rel)} does not exist (not built?)`);
      }
    }

    // npm pack honours "files"/.npmignore exactly like a publish would.
    const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-pack-'));
    try {
      const r = spawnSync(
        runNode,
        [npmCli, 'pack', dir, '--ignore-scripts', '--json', '--pack-destination', packDir, '--loglevel=error'],
        { cwd: packDir, env, encoding: 'utf8', timeout: 5 * 60 * 1000 },
      );
      if (r.status !== 0) throw new Error(`npm pack ${dir} failed:\n${r.stdout}\n${r.stderr}`);
      const tarball = path.join(packDir, JSON.parse(r.stdout)[0].filename);
      const target = path.join(modulesDir, pkg.name);
      fs.rmSync(target, { recursive: true, force: true });
      fs.mkdirSync(target, { recursive: true });
      const tar = spawnSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { encoding: 'utf8' });
      if (tar.status !== 0) throw new Error(`tar -xzf ${tarball} failed: ${tar.stderr}`);

      const pj = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8'));
      delete pj.devDependencies;
      delete pj.peerDependencies;
      delete pj.optionalDependencies;
      fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify(pj, null, 2));
      if (pj.dependencies && Object.keys(pj.dependencies).length > 0) {
        const ir = spawnSync(
          runNode,
          [
            npmCli,
            'install',
            '--omit=dev',
            '--audit=false',
            '--fund=false',
            '--bin-links=false',
            '--install-strategy=shallow',
            '--ignore-scripts=true',
            '--package-lock=false',
            '--loglevel=error',
          ],
          { cwd: target, env, encoding: 'utf8', timeout: 10 * 60 * 1000 },
        );
        if (ir.status !== 0) throw new Error(`npm install for ${pkg.name} failed:\n${ir.stdout}\n${ir.stderr}`);
      }
      ledger.dependencies[pkg.name] = pj.version || '0.0.0';
      installed.push({ name: pkg.name, version: pj.version, dir: target, nodes: pkg.n8n.nodes || [], credentials: pkg.n8n.credentials || [] });
      log(`[n8n-runtime] community package ${pkg.name}@${pj.version} installed into ${target}`);
    } finally {
      fs.rmSync(packDir, { recursive: true, force: true });
    }
  }
  fs.writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2));
  return installed;
}

// ---------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------

/**
 * Variables of the parent that would change n8n's behaviour behind our back. NODE_ENV too: jest
 * sets NODE_ENV=test, and n8n 2.41 in "test" mode exits with code 1 at start-up without a word.
 */
function inheritedEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^(N8N_|DB_|QUEUE_|EXECUTIONS_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_OPTIONS$|NODE_PATH$|NODE_ENV$|NODES_)/.test(k)) delete env[k];
  }
  return env;
}

/** Whether the n8n of an install folder has a backend module of that name (dist/modules/<name>). */
function hasModule(n8nDir, name) {
  return fs.existsSync(path.join(resolveN8nDir(n8nDir), 'node_modules', 'n8n', 'dist', 'modules', name));
}

/**
 * The environment every n8n process of ours gets. Pure 127.0.0.1, SQLite,
 * nothing that phones home.
 */
function baseN8nEnv({ nodeBin, userFolder, port, brokerPort, webhookBaseUrl, extra = {}, n8nDir }) {
  // On top of the filtered environment only (toolEnv's default base would bring the dropped variables back).
  const env = toolEnv(nodeBin, {}, inheritedEnv());
  delete env.npm_config_nodedir;
  Object.assign(env, {
    N8N_USER_FOLDER: userFolder,
    // where to listen / how to build URLs
    N8N_PORT: String(port),
    N8N_LISTEN_ADDRESS: HOST,
    N8N_HOST: HOST,
    N8N_PROTOCOL: 'http',
    N8N_EDITOR_BASE_URL: `http://${HOST}:${port}/`,
    WEBHOOK_URL: webhookBaseUrl, // still honoured by 2.41 (deprecated alias)
    N8N_WEBHOOK_URL: webhookBaseUrl, // the 2.x name
    N8N_SECURE_COOKIE: 'false', // plain http on loopback
    // database
    DB_TYPE: 'sqlite',
    DB_SQLITE_POOL_SIZE: '2', // >0 = WAL mode + pooled connections (needed when several processes share the file)
    DB_SQLITE_VACUUM_ON_STARTUP: 'false',
    // nothing that calls home
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_DYNAMIC_BANNERS_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_AI_ENABLED: 'false',
    N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
    N8N_VERIFIED_PACKAGES_ENABLED: 'false', // no fetch of the vetted community-node list (api.n8n.io)
    N8N_MCP_COMMUNITY_NODE_DISCOVERY_ENABLED: 'false',
    // mcp-registry refreshes an MCP server list from api.n8n.io at start-up; n8n versions without that
    // module (2.8, 1.x) refuse to start when told to disable it ("Unknown module").
    N8N_DISABLED_MODULES: hasModule(n8nDir, 'mcp-registry') ? 'mcp-registry' : undefined,
    // community packages: keep loading enabled, allow unverified (i.e. ours) explicitly
    N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
    N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
    N8N_REINSTALL_MISSING_PACKAGES: 'false',
    // misc
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    N8N_PUBLIC_API_DISABLED: 'false',
    N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
    N8N_RUNNERS_BROKER_LISTEN_ADDRESS: HOST,
    N8N_RUNNERS_BROKER_PORT: String(brokerPort), // default 5679 would clash between instances
    N8N_RUNNERS_TASK_TIMEOUT: '300',
    N8N_LOG_LEVEL: 'info',
    N8N_LOG_OUTPUT: 'console',
    GENERIC_TIMEZONE: 'UTC',
    TZ: 'UTC',
    EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
    EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
    EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
    EXECUTIONS_DATA_PRUNE: 'false',
    // memory bound for the main process (the JS task runner has its own limit)
    NODE_OPTIONS: '--max-old-space-size=1024',
  });
  Object.assign(env, extra);
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || v === null) delete env[k];
    else env[k] = String(v);
  }
  return env;
}

// ---------------------------------------------------------------------------
// startN8n
// ---------------------------------------------------------------------------

/**
 * Start one n8n process (default: `n8n start`, the main instance).
 *
 * @param {object} o
 * @param {number} [o.port=0]                0 = pick a free port
 * @param {string} o.userFolder              N8N_USER_FOLDER (n8n data lives in <userFolder>/.n8n)
 * @param {string[]} [o.customPackageDirs]   built community packages to install as real packages
 * @param {object} [o.env]                   extra/overriding environment variables (undefined/null removes one)
 * @param {string} [o.command='start']       'start' | 'worker' | 'webhook'
 * @param {string} [o.webhookBaseUrl]        defaults to http://127.0.0.1:<port>/
 * @param {number} [o.readyTimeoutMs=180000]
 * @param {string} [o.n8nDir]                the n8n install folder (default e2e/n8n)
 * @param {(msg:string)=>void} [o.log]
 */
async function startN8n({
  port = 0,
  userFolder,
  customPackageDirs = [],
  env = {},
  command = 'start',
  webhookBaseUrl,
  readyTimeoutMs = 180000,
  name,
  n8nDir,
  log = noop,
} = {}) {
  if (!userFolder) throw new Error('startN8n: userFolder is required');
  userFolder = path.resolve(userFolder);
  fs.mkdirSync(userFolder, { recursive: true });
  const { n8nBin, nodeBin, version } = await ensureN8nInstalled({ n8nDir, log });
  if (!port) port = await getFreePort();
  const brokerPort = await getFreePort();
  const baseUrl = `http://${HOST}:${port}`;
  const role = name || (command === 'start' ? 'main' : command);

  let installedPackages = [];
  if (customPackageDirs.length > 0) {
    installedPackages = await installCustomPackages(userFolder, customPackageDirs, { nodeBin, log });
  }

  const extra = { ...env };
  const healthUrl = `${baseUrl}/healthz/readiness`;
  if (command === 'worker') {
    // A worker has no main HTTP server; its optional health server is what we can probe.
    extra.QUEUE_HEALTH_CHECK_ACTIVE = 'true';
    extra.QUEUE_HEALTH_CHECK_PORT = String(port);
    extra.N8N_WORKER_SERVER_ADDRESS = HOST;
  }
  const childEnv = baseN8nEnv({
    nodeBin,
    userFolder,
    port,
    brokerPort,
    webhookBaseUrl: webhookBaseUrl || `${baseUrl}/`,
    extra,
    n8nDir,
  });

  const logFile = path.join(userFolder, `n8n-${role}.log`);
  fs.appendFileSync(logFile, `\n===== ${new Date().toISOString()} n8n ${command} (${version}) on ${baseUrl} =====\n`);
  const t0 = Date.now();
  log(`[n8n-runtime] starting n8n ${command} (${role}) ${version} on ${baseUrl}, user folder ${userFolder}`);
  const args = [n8nBin, command];
  if (command === 'worker') args.push('--concurrency=5');
  const proc = spawnManaged(nodeBin, args, { cwd: userFolder, env: childEnv, logFile, name: `n8n ${role}`, log });

  try {
    await waitForHttp200(healthUrl, proc, { timeoutMs: readyTimeoutMs, what: `n8n ${role}` });
    if (command === 'start') {
      // /healthz/readiness turns 200 once the DB is migrated; the REST layer
      // (owner setup, public API) is mounted a moment later.
      await waitForHttp200(`${baseUrl}/rest/settings`, proc, {
        timeoutMs: Math.max(10000, readyTimeoutMs - (Date.now() - t0)),
        what: `n8n ${role} REST API`,
      });
    }
  } catch (err) {
    await proc.stop({ graceMs: 5000 });
    throw err;
  }
  const bootMs = Date.now() - t0;
  log(`[n8n-runtime] n8n ${role} ready in ${(bootMs / 1000).toFixed(1)}s`);

  return {
    baseUrl,
    port,
    brokerPort,
    userFolder,
    role,
    version,
    nodeBin,
    bootMs,
    installedPackages,
    process: proc.process,
    pid: proc.pid,
    logFile,
    logs: proc.logs,
    stop: (opts) => proc.stop(opts),
  };
}

// ---------------------------------------------------------------------------
// Redis + queue mode
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
    versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
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

/** Start a throw-away redis-server on 127.0.0.1 (no persistence). */
async function startRedis({ port = 0, dir, log = noop, readyTimeoutMs = 20000 } = {}) {
  const bin = await ensureRedis({ log });
  if (!port) port = await getFreePort();
  dir = dir || fs.mkdtempSync(path.join(os.tmpdir(), 'redis-'));
  fs.mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, 'redis.log');
  const proc = spawnManaged(
    bin,
    ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
    { cwd: dir, env: { ...process.env }, logFile, name: 'redis', log },
  );
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
      return out.stdout === '' ? [] : out.stdout.replace(/\n$/, '').split('\n').map((line) => line.split('\t'));
    },
    stop: removeAll,
  };
}

/**
 * Queue mode: redis-server, PostgreSQL, the main instance (`n8n start`, EXECUTIONS_MODE=queue),
 * `workers` x `n8n worker` and one `n8n webhook` process on its own port, sharing one user folder
 * (hence one encryption key). Production webhooks are meant to be sent to `webhookUrl`; the webhook
 * process enqueues them in Redis (Bull) and a worker executes them.
 * PostgreSQL because n8n supports queue mode only on it: on SQLite (`database: 'sqlite'`, n8n 2.41
 * starts with a warning) three processes write one file, and under load a worker's run fails with
 * SQLITE_BUSY (seen: 8 of 2,000 runs, 2 of them without their trigger's item).
 * `webhookEnv` adds to `env` for the webhook process only (e.g. its log level, to follow deliveries).
 */
async function startN8nQueueMode({
  port = 0,
  webhookPort = 0,
  workerHealthPort = 0,
  redisPort = 0,
  workers = 1,
  userFolder,
  customPackageDirs = [],
  env = {},
  webhookEnv = {},
  log = noop,
  readyTimeoutMs = 180000,
  database = 'postgres',
  n8nDir,
} = {}) {
  if (!userFolder) throw new Error('startN8nQueueMode: userFolder is required');
  if (!['postgres', 'sqlite'].includes(database)) throw new Error(`startN8nQueueMode: database must be 'postgres' or 'sqlite' (got ${JSON.stringify(database)})`);
  userFolder = path.resolve(userFolder);
  const started = [];
  const stopAll = async (opts) => {
    for (const p of started.slice().reverse()) {
      try {
        await p.stop(opts);
      } catch {
        /* keep stopping the rest */
      }
    }
  };
  try {
    // Stopped last (started first): the n8n processes close their connections on the way out.
    const postgres = database === 'postgres' ? await startPostgres({ log }) : undefined;
    if (postgres) started.push(postgres);
    const redis = await startRedis({ port: redisPort, dir: path.join(userFolder, 'redis'), log });
    started.push(redis);
    if (!port) port = await getFreePort();
    if (!webhookPort) webhookPort = await getFreePort();
    const webhookBaseUrl = `http://${HOST}:${webhookPort}/`;
    const queueEnv = {
      EXECUTIONS_MODE: 'queue',
      QUEUE_BULL_REDIS_HOST: HOST,
      QUEUE_BULL_REDIS_PORT: String(redis.port),
      QUEUE_BULL_PREFIX: 'bull',
      QUEUE_HEALTH_CHECK_ACTIVE: 'false',
      ...(postgres ? postgres.n8nEnv : {}),
      // All processes share <userFolder>/.n8n/config (written by main on first
      // start), hence the same encryption key.
      ...env,
    };
    const common = { userFolder, webhookBaseUrl, log, readyTimeoutMs, n8nDir };
    // Main first: it runs the migrations and installs the community packages.
    const main = await startN8n({ ...common, port, customPackageDirs, env: queueEnv, command: 'start', name: 'main' });
    started.push(main);
    const workerProcs = [];
    for (let i = 0; i < workers; i++) {
      const w = await startN8n({
        ...common,
        port: i === 0 && workerHealthPort ? workerHealthPort : 0,
        env: queueEnv,
        command: 'worker',
        name: workers === 1 ? 'worker' : `worker-${i + 1}`,
      });
      started.push(w);
      workerProcs.push(w);
    }
    const webhook = await startN8n({ ...common, port: webhookPort, env: { ...queueEnv, ...webhookEnv }, command: 'webhook', name: 'webhook' });
    started.push(webhook);
    const handle = {
      baseUrl: main.baseUrl,
      port: main.port,
      webhookUrl: `http://${HOST}:${webhookPort}`,
      webhookPort,
      userFolder,
      redis,
      postgres,
      main,
      workers: workerProcs,
      worker: workerProcs[0],
      webhook,
      installedPackages: main.installedPackages,
      logs: () =>
        started
          .filter((p) => p.role)
          .map((p) => `===== ${p.role} =====\n${p.logs()}`)
          .join('\n'),
      stop: stopAll,
      /**
       * Stop the webhook process and start a new one on the same port; Redis, the main instance and
       * the workers keep running (queued jobs survive). `whileDown` runs in between. Returns the new handle.
       */
      async restartWebhook({ whileDown } = {}) {
        const old = handle.webhook;
        await old.stop({ graceMs: 5000 });
        if (whileDown) await whileDown();
        const fresh = await startN8n({ ...common, port: webhookPort, env: { ...queueEnv, ...webhookEnv }, command: 'webhook', name: 'webhook' });
        started[started.indexOf(old)] = fresh;
        handle.webhook = fresh;
        return fresh;
      },
    };
    return handle;
  } catch (err) {
    await stopAll();
    throw err;
  }
}

// ---------------------------------------------------------------------------
// Owner, login, API key
// ---------------------------------------------------------------------------

/** A JSON call: { status, json (null when the answer is not JSON), text, headers }; never throws on a status. */
async function httpJson(method, url, { body, headers = {}, timeoutMs = 30000 } = {}) {
  const res = await fetch(url, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not json */
  }
  return { status: res.status, json, text, headers: res.headers };
}

async function restCall(baseUrl, method, p, { body, cookie, timeoutMs = 30000 } = {}) {
  return httpJson(method, `${baseUrl}${p}`, { body, timeoutMs, headers: { 'browser-id': BROWSER_ID, ...(cookie ? { cookie } : {}) } });
}

function authCookieFrom(headers) {
  const all = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [headers.get('set-cookie') || ''];
  for (const c of all) {
    const m = /^(n8n-auth=[^;]+)/.exec(c);
    if (m) return m[1];
  }
  return null;
}

/**
 * Make sure the instance has an owner, log in and create a public API key.
 * Idempotent: an owner set up before (same user folder) is reused, and so is a
 * still-valid API key cached in <userFolder>/.hirehooks-e2e-owner.json when a
 * handle returned by startN8n (or { baseUrl, userFolder }) is passed.
 *
 * @param {string|{baseUrl:string,userFolder?:string}} target
 * @param {{email?,password?,firstName?,lastName?, log?}} [opts]
 * @returns {Promise<{apiKey:string,email:string,password:string,cookie:string}>}
 */
async function setupOwnerAndApiKey(target, opts = {}) {
  const baseUrl = typeof target === 'string' ? target : target.baseUrl;
  const userFolder = typeof target === 'string' ? opts.userFolder : target.userFolder || opts.userFolder;
  const log = opts.log || noop;
  const stateFile = userFolder ? path.join(userFolder, '.hirehooks-e2e-owner.json') : null;
  const cached = stateFile ? readJsonSafe(stateFile) : null;
  const owner = {
    ...DEFAULT_OWNER,
    ...(cached ? { email: cached.email, password: cached.password } : {}),
    ...Object.fromEntries(['email', 'password', 'firstName', 'lastName'].filter((k) => opts[k]).map((k) => [k, opts[k]])),
  };

  const settings = await restCall(baseUrl, 'GET', '/rest/settings');
  if (settings.status !== 200) throw new Error(`GET /rest/settings -> ${settings.status}: ${settings.text.slice(0, 500)}`);
  const um = (settings.json.data || settings.json).userManagement || {};
  if (um.showSetupOnFirstLoad) {
    const r = await restCall(baseUrl, 'POST', '/rest/owner/setup', {
      body: { email: owner.email, firstName: owner.firstName, lastName: owner.lastName, password: owner.password },
    });
    if (r.status !== 200) throw new Error(`POST /rest/owner/setup -> ${r.status}: ${r.text.slice(0, 500)}`);
    log(`[n8n-runtime] owner ${owner.email} created`);
  }

  const login = await restCall(baseUrl, 'POST', '/rest/login', {
    body: { emailOrLdapLoginId: owner.email, password: owner.password },
  });
  if (login.status !== 200) {
    throw new Error(
      `POST /rest/login as ${owner.email} -> ${login.status}: ${login.text.slice(0, 300)} ` +
        `(an owner with other credentials exists in this user folder? pass { email, password })`,
    );
  }
  const cookie = authCookieFrom(login.headers);
  if (!cookie) throw new Error('POST /rest/login: no n8n-auth cookie in the response');

  if (cached && cached.apiKey && cached.email === owner.email) {
    const probe = await api(baseUrl, cached.apiKey).request('GET', '/workflows?limit=1', undefined, { allowError: true });
    if (probe.status === 200) return { apiKey: cached.apiKey, email: owner.email, password: owner.password, cookie };
  }

  // n8n 2.x: POST /rest/api-keys needs { label (1..50 chars), scopes (subset of
  // GET /rest/api-keys/scopes for the user's role), expiresAt (unix seconds or null) }.
  const scopesRes = await restCall(baseUrl, 'GET', '/rest/api-keys/scopes', { cookie });
  if (scopesRes.status !== 200) throw new Error(`GET /rest/api-keys/scopes -> ${scopesRes.status}: ${scopesRes.text.slice(0, 300)}`);
  const scopes = scopesRes.json.data || scopesRes.json;
  const created = await restCall(baseUrl, 'POST', '/rest/api-keys', {
    cookie,
    body: { label: `hirehooks-e2e-${Date.now()}`, scopes, expiresAt: null },
  });
  if (created.status !== 200) throw new Error(`POST /rest/api-keys -> ${created.status}: ${created.text.slice(0, 500)}`);
  const data = created.json.data || created.json;
  const apiKey = data.rawApiKey || data.apiKey;
  if (!apiKey || apiKey.includes('*')) throw new Error(`POST /rest/api-keys: no raw key in response: ${created.text.slice(0, 300)}`);
  if (stateFile) {
    fs.writeFileSync(stateFile, JSON.stringify({ email: owner.email, password: owner.password, apiKey }, null, 2), { mode: 0o600 });
  }
  log(`[n8n-runtime] API key created (${scopes.length} scopes)`);
  return { apiKey, email: owner.email, password: owner.password, cookie };
}

// ---------------------------------------------------------------------------
// Public API client
// ---------------------------------------------------------------------------

const WORKFLOW_WRITABLE_FIELDS = ['name', 'description', 'parentFolderId', 'nodes', 'connections', 'nodeGroups', 'settings', 'staticData', 'pinData'];

/**
 * Tiny client for n8n's public API (/api/v1) authenticated with X-N8N-API-KEY.
 */
function api(baseUrl, apiKey) {
  const root = `${baseUrl.replace(/\/$/, '')}/api/v1`;

  async function request(method, p, body, { allowError = false, timeoutMs = 30000 } = {}) {
    const headers = { 'X-N8N-API-KEY': apiKey, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${root}${p}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* not json */
    }
    if (allowError) return { status: res.status, json, text };
    if (res.status < 200 || res.status >= 300) {
      const err = new Error(`${method} /api/v1${p} -> ${res.status}: ${text.slice(0, 1000)}`);
      err.status = res.status;
      err.body = json || text;
      throw err;
    }
    return json;
  }

  async function paginate(p, query) {
    const out = [];
    let cursor;
    for (let page = 0; page < 1000; page++) {
      const qs = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
      const res = await request('GET', `${p}?${qs}`);
      out.push(...(res.data || []));
      cursor = res.nextCursor;
      if (!cursor) break;
    }
    return out;
  }

  return {
    baseUrl,
    apiKey,
    request,
    /** POST /workflows; read-only fields (id, active, tags, ...) of an exported workflow are dropped. */
    async createWorkflow(json) {
      const body = {};
      for (const k of WORKFLOW_WRITABLE_FIELDS) if (json[k] !== undefined) body[k] = json[k];
      body.settings = body.settings || {};
      body.connections = body.connections || {};
      return request('POST', '/workflows', body);
    },
    getWorkflow: (id) => request('GET', `/workflows/${encodeURIComponent(id)}`),
    async updateWorkflow(id, json) {
      const body = {};
      for (const k of WORKFLOW_WRITABLE_FIELDS) if (json[k] !== undefined) body[k] = json[k];
      body.settings = body.settings || {};
      return request('PUT', `/workflows/${encodeURIComponent(id)}`, body);
    },
    listWorkflows: (query = {}) => paginate('/workflows', { limit: '250', ...query }),
    /** POST /workflows/{id}/activate: in n8n 2.x an alias of /publish (publishes the current version and activates it). */
    activate: (id, body = {}) => request('POST', `/workflows/${encodeURIComponent(id)}/activate`, body),
    /** POST /workflows/{id}/deactivate: alias of /unpublish. */
    deactivate: (id) => request('POST', `/workflows/${encodeURIComponent(id)}/deactivate`),
    deleteWorkflow: (id) => request('DELETE', `/workflows/${encodeURIComponent(id)}`),
    /** All executions (follows nextCursor). */
    listExecutions({ workflowId, includeData = false, status, limit = 100 } = {}) {
      const q = { limit: String(limit), includeData: String(Boolean(includeData)) };
      if (workflowId) q.workflowId = String(workflowId);
      if (status) q.status = status;
      return paginate('/executions', q);
    },
    getExecution: (id, { includeData = true } = {}) => request('GET', `/executions/${encodeURIComponent(id)}?includeData=${Boolean(includeData)}`),
    deleteExecution: (id) => request('DELETE', `/executions/${encodeURIComponent(id)}`),
    /**
     * POST /credentials. n8n (1.123 at least) adds "Allowed HTTP Request Domains" fields to credential
     * types that authenticate requests, and its public API schema then requires `allowedDomains`
     * unless `allowedHttpRequestDomains` is given (its JSON-schema "if" holds when the field is absent);
     * the field gets n8n's own default, 'all', where the type has it and the caller did not set it.
     */
    async createCredential({ name, type, data }) {
      const schema = await request('GET', `/credentials/schema/${encodeURIComponent(type)}`, undefined, { allowError: true });
      const properties = (schema.status === 200 && schema.json && schema.json.properties) || {};
      const body = 'allowedHttpRequestDomains' in properties && !('allowedHttpRequestDomains' in data) ? { ...data, allowedHttpRequestDomains: 'all' } : data;
      return request('POST', '/credentials', { name, type, data: body });
    },
    deleteCredential: (id) => request('DELETE', `/credentials/${encodeURIComponent(id)}`),
    credentialSchema: (type) => request('GET', `/credentials/schema/${encodeURIComponent(type)}`),
  };
}

/**
 * Poll until at least `count` finished executions exist (for `workflowId`),
 * or throw after `timeoutMs`. Finished = status other than new/running/waiting.
 *
 * @param {ReturnType<typeof api>} client
 * @returns {Promise<object[]>} the executions, newest first (as the API returns them)
 */
async function waitForExecutions(
  client,
  { workflowId, count = 1, timeoutMs = 30000, intervalMs = 250, includeData = true, status, finishedOnly = true } = {},
) {
  const deadline = Date.now() + timeoutMs;
  let last = [];
  for (;;) {
    last = await client.listExecutions({ workflowId, includeData, status });
    const done = finishedOnly ? last.filter((e) => !['new', 'running', 'waiting'].includes(e.status) && (e.finished || e.stoppedAt)) : last;
    if (done.length >= count) return done;
    if (Date.now() > deadline) {
      const err = new Error(
        `waitForExecutions: ${done.length}/${count} finished executions for workflow ${workflowId} after ${timeoutMs} ms ` +
          `(seen: ${JSON.stringify(last.map((e) => ({ id: e.id, status: e.status, finished: e.finished })))})`,
      );
      err.executions = last;
      throw err;
    }
    await sleep(intervalMs);
  }
}

/**
 * Wait until a production webhook is (or, with `gone: true`, is no longer)
 * served at `webhookUrl`. n8n 2.x activates/deactivates asynchronously: the
 * public API's /activate answers `active: true` once the publication is queued
 * in an outbox, and the webhook goes live a moment later. The probe is a CORS
 * pre-flight (OPTIONS + Access-Control-Request-Method), which n8n 2.41 answers
 * with 204 for a registered webhook and with 500 ("The requested webhook ... is
 * not registered", also logged by n8n) for an unknown one, without running
 * anything. Live means 2xx *and* `method` listed in Access-Control-Allow-Methods
 * (read from the database), see below.
 */
async function waitForWebhook(webhookUrl, { method = 'POST', gone = false, timeoutMs = 30000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  const t0 = Date.now();
  let last = 0;
  let allowed = [];
  for (;;) {
    try {
      const res = await fetch(webhookUrl, {
        method: 'OPTIONS',
        headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method },
        signal: AbortSignal.timeout(5000),
      });
      await res.arrayBuffer();
      last = res.status;
      allowed = (res.headers.get('access-control-allow-methods') || '').split(',').map((m) => m.trim().toUpperCase());
    } catch {
      last = 0;
      allowed = [];
    }
    // 2xx alone is not enough: n8n 2.41 can keep a deleted webhook in its cache when a request
    // races the deletion (WebhookService.deleteWebhooks drops the cache entry before the row),
    // and then answers the pre-flight 204 although the database, whose methods it lists in
    // Access-Control-Allow-Methods, no longer has the webhook (a POST then gets 404).
    const live = last >= 200 && last < 300 && allowed.includes(method.toUpperCase());
    if (gone ? !live && last !== 0 : live) return Date.now() - t0;
    if (Date.now() > deadline) {
      throw new Error(
        `waitForWebhook: ${method} ${webhookUrl} still ${gone ? 'served' : 'not served'} after ${timeoutMs} ms (last OPTIONS status ${last}, allowed methods ${allowed.join(', ') || 'none'})`,
      );
    }
    await sleep(intervalMs);
  }
}

/**
 * REST (cookie) view of a workflow's publication: { status: 'in_progress' |
 * 'published' | 'partial' | 'failed' | 'not_published', liveVersionId, pendingVersionId, triggers }.
 */
async function publicationStatus(baseUrl, cookie, workflowId) {
  const r = await restCall(baseUrl, 'GET', `/rest/workflows/${encodeURIComponent(workflowId)}/publication-status`, { cookie });
  if (r.status !== 200) throw new Error(`GET publication-status -> ${r.status}: ${r.text.slice(0, 300)}`);
  return r.json.data || r.json;
}

module.exports = {
  httpJson,
  N8N_DIR,
  resolveN8nDir,
  pinnedN8nVersion,
  requiredNodeMajor,
  ensureN8nInstalled,
  installCustomPackages,
  baseN8nEnv,
  startN8n,
  startN8nQueueMode,
  startRedis,
  ensureRedis,
  startPostgres,
  ensurePostgres,
  setupOwnerAndApiKey,
  api,
  waitForExecutions,
  waitForWebhook,
  publicationStatus,
  getFreePort,
  restCall,
  BROWSER_ID,
  DEFAULT_OWNER,
};

// `node scripts/lib/n8n-runtime.js install [folder ...]`: install the given n8n folders (default: every
// e2e/n8n* folder with a package.json), one after the other, printing each one's figures as JSON.
if (require.main === module && process.argv[2] === 'install') {
  const e2eDir = path.join(REPO_ROOT, 'e2e');
  const folders = process.argv.slice(3).length > 0
    ? process.argv.slice(3)
    : fs.readdirSync(e2eDir).filter((d) => /^n8n(-|$)/.test(d) && fs.existsSync(path.join(e2eDir, d, 'package.json'))).map((d) => path.join('e2e', d));
  // Ends through process.exit so that the exit hooks stop a running npm or node-gyp with it.
  process.once('SIGTERM', () => process.exit(143));
  (async () => {
    for (const n8nDir of folders) {
      const t0 = Date.now();
      const r = await ensureN8nInstalled({ n8nDir, log: (line) => console.log(`${new Date().toISOString()} ${line}`) });
      console.log(JSON.stringify({ n8nDir, version: r.version, installed: r.installed, durations: r.durations, totalMs: Date.now() - t0 }));
    }
  })().catch((err) => {
    console.error(err.stack || String(err));
    process.exit(1);
  });
}
