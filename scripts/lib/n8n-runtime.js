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
 *
 * This file is the public face; the code lives in scripts/lib/n8n/, one concern per file:
 *   install.js              the pinned install of an n8n folder
 *   process.js              supervised child processes (process groups, reaper), free ports, readiness polls
 *   start.js                n8n's environment, startN8n, startN8nQueueMode
 *   services.js             redis-server and PostgreSQL
 *   community-package.js    a built package packed and unpacked into a user folder
 *   rest.js                 owner and API key set-up, the public API client, polls on executions and webhooks
 *   commands.js, common.js  commands run to completion, the install lock, shared constants and helpers
 */
const fs = require('node:fs');
const path = require('node:path');
const { REPO_ROOT } = require('./node-runtime');
const { N8N_DIR, resolveN8nDir, pinnedN8nVersion, requiredNodeMajor, ensureN8nInstalled } = require('./n8n/install');
const { installCustomPackages } = require('./n8n/community-package');
const { baseN8nEnv, startN8n, startN8nQueueMode } = require('./n8n/start');
const { startRedis, ensureRedis, startPostgres, ensurePostgres } = require('./n8n/services');
const { getFreePort } = require('./n8n/process');
const { httpJson, restCall, BROWSER_ID, DEFAULT_OWNER, setupOwnerAndApiKey, api, waitForExecutions, waitForWebhook, publicationStatus } = require('./n8n/rest');

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
	const folders =
		process.argv.slice(3).length > 0
			? process.argv.slice(3)
			: fs
					.readdirSync(e2eDir)
					.filter((d) => /^n8n(-|$)/.test(d) && fs.existsSync(path.join(e2eDir, d, 'package.json')))
					.map((d) => path.join('e2e', d));
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
