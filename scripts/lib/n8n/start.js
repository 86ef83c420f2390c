'use strict';
/** Starting n8n: its environment, one process (main, worker or webhook), and queue mode with its servers. */
const fs = require('node:fs');
const path = require('node:path');
const { HOST, noop } = require('./common');
const { resolveN8nDir, toolEnv, ensureN8nInstalled } = require('./install');
const { getFreePort, spawnManaged, waitForHttp200 } = require('./process');
const { installCustomPackages } = require('./community-package');
const { startRedis, startPostgres } = require('./services');

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
async function startN8n({ port = 0, userFolder, customPackageDirs = [], env = {}, command = 'start', webhookBaseUrl, readyTimeoutMs = 180000, name, n8nDir, log = noop } = {}) {
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
// Queue mode
// ---------------------------------------------------------------------------

/**
 * Queue mode: redis-server, PostgreSQL, the main instance (`n8n start`, EXECUTIONS_MODE=queue),
 * `workers` x `n8n worker` and one `n8n webhook` process on its own port, sharing one user folder
 * (hence one encryption key). Production webhooks are meant to be sent to `webhookUrl`; the webhook
 * process enqueues them in Redis (Bull) and a worker executes them.
 * PostgreSQL because n8n supports queue mode only on it: on SQLite (`database: 'sqlite'`, n8n 2.41
 * starts with a warning) three processes write one file, and under load a worker's run fails with
 * SQLITE_BUSY, some of them without their trigger's item.
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

module.exports = { baseN8nEnv, startN8n, startN8nQueueMode };
