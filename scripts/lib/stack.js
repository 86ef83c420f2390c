'use strict';
/**
 * The HireHooks stack: the sandbox (playing the five platforms) in this process and a real, pinned
 * n8n (scripts/lib/n8n-runtime.js) with this package installed as a community package, all on
 * 127.0.0.1. Used by the end-to-end tests (test/e2e), the demo (`npm start`) and benchmarks.
 *
 *   const stackLib = require('./scripts/lib/stack');
 *   const stack = await stackLib.startStack({ queue: false, log: console.log });
 *   const wf = await stackLib.deployPlatformWorkflow(stack, 'talentpools');       // credential + workflow, active, live
 *   const { eventId } = await stackLib.emit(stack, 'talentpools', 'job.posted');  // signed by the sandbox, delivered
 *   const [item] = await stackLib.waitForItems(stack, wf.workflowId, eventId);    // the trigger's output item
 *   await stack.stop();
 *
 * Nothing is built here: run `npm run build` (the package, dist/) and
 * `npx tsc -p sandbox/tsconfig.json` (the sandbox, build/sandbox/) first.
 *
 * Exports:
 *   startStack(opts)                     → stack { sandbox, n8n, api, apiKey, owner, cookie, webhookBaseUrl, userFolder,
 *                                          queue, timings, rest(), restartN8n(), restartWebhookProcess(), logFiles(), secretValues(),
 *                                          liveProcessGroups(), stop() }   (stop() is idempotent)
 *   platformSetups                       per platform id (from dist/core's `platforms`): node type, credential, secrets, parameters
 *   deployPlatformWorkflow(stack, id, o) → { workflowId, webhookPath, productionUrl, testUrl, credentialId, secrets, ... }
 *   activateDeployed(stack, deployed)    (re-)activate and wait until live
 *   deactivateWorkflow(stack, deployed)  deactivate and wait until the webhook (and a SmartRecruiters subscription) is gone
 *   emit(stack, id, event, { data, id }) POST /_sandbox/emit with wait: true
 *   executionsOf(stack, workflowId)      the workflow's executions, with data
 *   itemsOf(execution)                   the HireHooks trigger's output items (json) of one execution
 *   waitForExecutionCount(stack, wfId, n) bounded polling until n finished executions exist
 *   waitForItems(stack, wfId, eventId)   the items of the execution an emit produced
 *   smartRecruitersSubscriptions(stack)  the sandbox's subscriptions, read through its SmartRecruiters API
 *   listenForTestEvent / stopListening   the editor's "Listen for test event" (POST /rest/workflows/{id}/run)
 *   sendDelivery(url, signed)            POST a core-signed delivery as is (forged, stale, replayed tests)
 *
 * Platforms without a subscription API get their production URL "pasted" into the sandbox
 * (POST /_sandbox/endpoints with the credential's secrets); SmartRecruiters needs nothing, its
 * trigger subscribes on activation (the sandbox's Webhooks API, X-Hook-Secret handshake).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const rt = require('./n8n-runtime');
const { examplesOf } = require('./platform-examples');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const HOST = '127.0.0.1';
const SANDBOX_BUILD = path.join(REPO_ROOT, 'build', 'sandbox', 'index.js');
const SMARTRECRUITERS_SUBSCRIPTIONS = '/webhooks-api/v201907/subscriptions';
const noop = () => {};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------
// Built artefacts
// ---------------------------------------------------------------------------

const BUILD_HINT = 'Build first: `npm run build` (the package, dist/) and `npx tsc -p sandbox/tsconfig.json` (the sandbox, build/sandbox/).';

function readJson(file) {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Newest mtime of the .ts files under `dirs` (non-recursive into node_modules). */
function newestSourceMtime(root, dirs) {
	let newest = 0;
	const walk = (dir) => {
		let entries;
		try {
			entries = fs.readdirSync(dir, { withFileTypes: true });
		} catch {
			return;
		}
		for (const entry of entries) {
			if (entry.name === 'node_modules') continue;
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
		}
	};
	for (const d of dirs) walk(path.join(root, d));
	return newest;
}

/**
 * Throws with what to run when the package (dist/) or the sandbox (build/sandbox/) is missing;
 * warns through `log` when the sources are newer than the build.
 */
function assertBuilt(packDir, log = noop) {
	const pkg = readJson(path.join(packDir, 'package.json'));
	const missing = [];
	const distCore = path.join(packDir, 'dist', 'core', 'index.js');
	if (!fs.existsSync(distCore)) missing.push(path.relative(REPO_ROOT, distCore) || distCore);
	for (const rel of [...((pkg.n8n && pkg.n8n.nodes) || []), ...((pkg.n8n && pkg.n8n.credentials) || [])]) {
		if (!fs.existsSync(path.join(packDir, rel))) missing.push(rel);
	}
	if (!fs.existsSync(SANDBOX_BUILD)) missing.push(path.relative(REPO_ROOT, SANDBOX_BUILD));
	if (missing.length > 0) {
		throw new Error(`The HireHooks stack needs built code; missing: ${missing.slice(0, 6).join(', ')}${missing.length > 6 ? ', …' : ''}. ${BUILD_HINT}`);
	}
	const srcNewest = newestSourceMtime(packDir, ['core', 'nodes', 'credentials']);
	if (srcNewest > fs.statSync(distCore).mtimeMs + 1000) log('[stack] warning: core/, nodes/ or credentials/ changed after the last `npm run build`');
	if (newestSourceMtime(REPO_ROOT, ['sandbox']) > fs.statSync(SANDBOX_BUILD).mtimeMs + 1000) {
		log('[stack] warning: sandbox/ changed after the last `npx tsc -p sandbox/tsconfig.json`');
	}
	return pkg;
}

// ---------------------------------------------------------------------------
// Platform setups (derived from dist/core's catalogue and the package's node descriptions)
// ---------------------------------------------------------------------------

function loadNodeDescriptions(packDir, pkg) {
	const out = [];
	for (const rel of (pkg.n8n && pkg.n8n.nodes) || []) {
		const mod = require(path.join(packDir, rel));
		for (const exported of Object.values(mod)) {
			if (typeof exported !== 'function') continue;
			let instance;
			try {
				instance = new exported();
			} catch {
				continue;
			}
			if (instance && instance.description && instance.description.name) out.push({ file: rel, description: instance.description });
		}
	}
	return out;
}

/**
 * One setup per platform of dist/core's `platforms`. The node of platform `x` is the package node
 * named `<export name of x in core/platforms>Trigger` (talentPools → talentPoolsTrigger).
 */
function buildPlatformSetups(packDir = REPO_ROOT) {
	const pkg = assertBuilt(packDir);
	const core = require(path.join(packDir, 'dist', 'core'));
	const platformModule = require(path.join(packDir, 'dist', 'core', 'platforms'));
	const nodes = loadNodeDescriptions(packDir, pkg);
	const setups = {};
	for (const id of core.platformIds) {
		const platform = core.platforms[id];
		const exportName = Object.keys(platformModule).find((key) => platformModule[key] === platform);
		const node = exportName && nodes.find((n) => n.description.name === `${exportName}Trigger`);
		if (!node) {
			throw new Error(
				`stack: no node in package.json "n8n.nodes" for platform ${id} (expected a node named ${exportName ? `${exportName}Trigger` : '<export name>Trigger'}; found ${nodes.map((n) => n.description.name).join(', ')})`,
			);
		}
		const description = node.description;
		const property = (name) => description.properties.find((p) => p.name === name);
		const eventsProperty = property('events');
		const credentialTypes = (description.credentials || []).map((c) => c.name);
		const apiSubscribed = platform.subscription.kind === 'api';
		const webhook = (description.webhooks || [])[0] || { path: 'webhook', httpMethod: 'POST' };
		const method = /^[A-Z]+$/.test(String(webhook.httpMethod)) ? webhook.httpMethod : 'POST';

		const setup = {
			id,
			displayName: platform.displayName,
			platform,
			kind: platform.subscription.kind, // 'manual': the URL is pasted (sandbox endpoint); 'api': activation subscribes
			successStatus: platform.successStatus,
			toleranceSeconds: platform.defaultToleranceSeconds, // undefined: no signed timestamp
			nodeName: description.name,
			nodeType: `${pkg.name}.${description.name}`,
			nodeDisplayName: (description.defaults && description.defaults.name) || description.displayName,
			nodeFile: node.file,
			webhookPath: webhook.path || 'webhook',
			httpMethod: method,
			credentialTypes,
			/** The credential a default deployment uses: the API-key one where there is a choice. */
			credentialType: credentialTypes.find((t) => !/OAuth2/i.test(t)) || credentialTypes[0],
			oauth2CredentialType: credentialTypes.find((t) => /OAuth2/i.test(t)),
			eventsKind: eventsProperty ? eventsProperty.type : 'multiOptions',
			allEvents: eventsProperty && eventsProperty.type === 'string' ? '*' : ['*'],
			hasAuthenticationSelector: Boolean(property('authentication')),

			/** Fresh secrets the sandbox signs with and the credential holds (none for API-subscribed platforms). */
			makeSecrets() {
				return apiSubscribed ? {} : examplesOf(id).randomSecrets();
			},

			/**
			 * The credential to create through the public API. `auth` 'apiKey' (default) or 'oAuth2'
			 * (client credentials against the sandbox's token endpoint) for API-subscribed platforms.
			 */
			credential({ sandbox, secrets = {}, auth = 'apiKey' }) {
				if (apiSubscribed) {
					const creds = sandbox.state.credentials;
					if (auth === 'oAuth2') {
						if (!setup.oauth2CredentialType) throw new Error(`${platform.displayName} has no OAuth2 credential type`);
						return {
							type: setup.oauth2CredentialType,
							data: {
								grantType: 'clientCredentials',
								clientId: creds.clientId,
								clientSecret: creds.clientSecret,
								accessTokenUrl: `${sandbox.url}/identity/oauth/token`,
								authUrl: `${sandbox.url}/identity/oauth/allow`,
								scope: require(path.join(packDir, 'dist', 'core', 'platforms', 'smartrecruiters', 'api')).SMARTRECRUITERS_OAUTH2_SCOPES.join(' '),
								baseUrl: sandbox.url,
							},
						};
					}
					return { type: setup.credentialType, data: { apiKey: creds.apiKey, baseUrl: sandbox.url } };
				}
				// As n8n's editor saves a credential: every field, typed or at its default (n8n 1.x's public API
				// refuses a credential that leaves out a field its choices show, such as the Custom sender's).
				const data = {};
				for (const field of core.credentialFieldsOf(platform.secretFields)) {
					if (secrets[field.key] !== undefined) data[field.key] = String(secrets[field.key]);
					else if (field.default !== undefined) data[field.key] = field.default;
				}
				return { type: setup.credentialType, data };
			},

			/** The trigger's parameters: `events` (default: every event), `options`, `auth`. */
			parameters({ events, options = {}, auth = 'apiKey', extra = {} } = {}) {
				const params = {};
				if (setup.hasAuthenticationSelector) params.authentication = auth;
				if (events === undefined) params.events = setup.allEvents;
				else params.events = setup.eventsKind === 'string' ? [].concat(events).join(', ') : [].concat(events);
				params.options = { ...options };
				return { ...params, ...extra };
			},
		};
		setups[id] = setup;
	}
	return setups;
}

let cachedSetups = null;
function getPlatformSetups() {
	if (!cachedSetups) cachedSetups = buildPlatformSetups(REPO_ROOT);
	return cachedSetups;
}

// ---------------------------------------------------------------------------
// HTTP helpers
// ---------------------------------------------------------------------------

const { httpJson } = rt;

async function expectOk(promise, what) {
	const r = await promise;
	if (r.status < 200 || r.status >= 300) throw new Error(`${what} -> ${r.status}: ${r.text.slice(0, 800)}`);
	return r.json;
}

async function waitFor(what, fn, { timeoutMs = 30000, intervalMs = 150 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		last = await fn();
		if (last && last.done) return last.value;
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last && last.why ? `: ${last.why}` : ''}`);
		await sleep(intervalMs);
	}
}

// ---------------------------------------------------------------------------
// startStack
// ---------------------------------------------------------------------------

/**
 * Start the sandbox (in this process) and n8n (regular or queue mode) with the package loaded,
 * and set up the owner and a public API key.
 *
 * @param {object} [o]
 * @param {boolean} [o.queue=false]   queue mode: redis + main + `n8n worker` + `n8n webhook`
 * @param {(line:string)=>void} [o.log]
 * @param {string} [o.userFolder]     n8n's user folder; a temporary one (deleted by stop()) when absent
 * @param {number} [o.sandboxPort=0]
 * @param {number} [o.n8nPort=0]      the main instance's port (0 = a free one)
 * @param {number} [o.webhookPort=0]  queue mode: the webhook process's port
 * @param {string} [o.packDir]        the built package to load (default: this repository)
 * @param {object} [o.sandboxOptions] extra createSandbox options
 * @param {object} [o.env]            extra n8n environment
 * @param {object} [o.webhookEnv]     queue mode: extra environment of the webhook process only
 * @param {boolean} [o.keepUserFolder] keep a temporary user folder after stop() (also HIREHOOKS_KEEP_STACK=1)
 * @param {string} [o.n8nDir]         the n8n install folder (default e2e/n8n; e2e/n8n-1.123, e2e/n8n-2.8 for the compatibility suite)
 */
async function startStack({
	queue = false,
	log = noop,
	userFolder,
	sandboxPort = 0,
	n8nPort = 0,
	webhookPort = 0,
	packDir = REPO_ROOT,
	sandboxOptions = {},
	env = {},
	webhookEnv = {},
	keepUserFolder = process.env.HIREHOOKS_KEEP_STACK === '1',
	n8nDir,
} = {}) {
	const t0 = Date.now();
	const timings = {};
	packDir = path.resolve(packDir);
	const pkg = assertBuilt(packDir, log);
	const setups = packDir === REPO_ROOT ? getPlatformSetups() : buildPlatformSetups(packDir);
	const { createSandbox } = require(SANDBOX_BUILD);

	const ownFolder = !userFolder;
	userFolder = path.resolve(userFolder || fs.mkdtempSync(path.join(os.tmpdir(), `hirehooks-stack-${queue ? 'queue-' : ''}`)));
	fs.mkdirSync(userFolder, { recursive: true });

	const stack = {
		queue,
		userFolder,
		packDir,
		packageName: pkg.name,
		setups,
		timings,
		log,
		sandbox: null,
		n8n: null,
		api: null,
		apiKey: null,
		owner: null,
		cookie: null,
		webhookBaseUrl: null,
		/** Every secret this stack handed out or learnt (credential secrets, SmartRecruiters keys), for leak checks. */
		secrets: new Set(),
		emitted: new Map(),
		claimedExecutions: new Set(),
	};
	let stopping = null;
	/** Every process group this stack started (each n8n process with its task runner, redis), across restarts. */
	const processGroups = [];
	// Queue mode: n8n 2.41's webhook process can miss the completion of a job the worker finished
	// before the webhook process started waiting for it (seen: "Enqueued" logged after "Worker
	// finished"), and then waits for that execution forever at shutdown. The response was sent long
	// before, so nothing is lost by a shorter grace than the runtime's 15 s before SIGKILL.
	const n8nStopOptions = () => (queue ? { graceMs: 5000 } : undefined);

	const startN8n = async ({ install }) => {
		const customPackageDirs = install ? [packDir] : [];
		const t = Date.now();
		if (queue) {
			await rt.ensureRedis({ log });
			stack.n8n = await rt.startN8nQueueMode({ port: n8nPort, webhookPort, userFolder, customPackageDirs, log, env, webhookEnv, n8nDir });
			n8nPort = stack.n8n.port;
			webhookPort = stack.n8n.webhookPort;
			stack.webhookBaseUrl = stack.n8n.webhookUrl.replace(/\/$/, '');
		} else {
			stack.n8n = await rt.startN8n({ port: n8nPort, userFolder, customPackageDirs, log, env, n8nDir });
			n8nPort = stack.n8n.port;
			stack.webhookBaseUrl = stack.n8n.baseUrl;
		}
		const bootMs = Date.now() - t;
		const procs = queue ? [stack.n8n.main, ...stack.n8n.workers, stack.n8n.webhook] : [stack.n8n];
		for (const p of procs) processGroups.push({ role: p.role, pgid: p.pid });
		if (queue && stack.n8n.redis && stack.n8n.redis.process) processGroups.push({ role: 'redis', pgid: stack.n8n.redis.process.pid });
		const mainHandle = queue ? stack.n8n.main : stack.n8n;
		const auth = await rt.setupOwnerAndApiKey(mainHandle, { log });
		stack.apiKey = auth.apiKey;
		stack.cookie = auth.cookie;
		stack.owner = { email: auth.email, password: auth.password };
		stack.api = rt.api(stack.n8n.baseUrl, auth.apiKey);
		return bootMs;
	};

	stack.stop = () => {
		if (!stopping) {
			stopping = (async () => {
				const t = Date.now();
				const errors = [];
				if (stack.n8n) {
					try {
						await stack.n8n.stop(n8nStopOptions());
					} catch (err) {
						errors.push(err);
					}
				}
				if (stack.sandbox) {
					try {
						await stack.sandbox.stop();
					} catch (err) {
						errors.push(err);
					}
				}
				timings.stopMs = Date.now() - t;
				if (ownFolder && !keepUserFolder) fs.rmSync(userFolder, { recursive: true, force: true });
				else log(`[stack] n8n user folder kept: ${userFolder}`);
				if (errors.length > 0) throw errors[0];
			})();
		}
		return stopping;
	};

	/** A REST (cookie) call to the main instance; logs in again once when the session expired. */
	stack.rest = async (method, p, body) => {
		let r = await rt.restCall(stack.n8n.baseUrl, method, p, { body, cookie: stack.cookie });
		if (r.status === 401) {
			const auth = await rt.setupOwnerAndApiKey(queue ? stack.n8n.main : stack.n8n, { log });
			stack.cookie = auth.cookie;
			r = await rt.restCall(stack.n8n.baseUrl, method, p, { body, cookie: stack.cookie });
		}
		return r;
	};

	try {
		let t = Date.now();
		stack.sandbox = await createSandbox({ port: sandboxPort, retrySchedule: { scale: 0.001 }, log: (line) => log(`[sandbox] ${line}`), ...sandboxOptions }).start();
		const sandboxCreds = stack.sandbox.state.credentials;
		for (const s of [sandboxCreds.apiKey, sandboxCreds.clientSecret]) stack.secrets.add(s);
		timings.sandboxStartMs = Date.now() - t;

		t = Date.now();
		const inst = await rt.ensureN8nInstalled({ n8nDir, log });
		timings.ensureInstalledMs = Date.now() - t;
		timings.n8nFreshInstall = inst.installed;
		if (inst.installed) timings.n8nInstallDurations = inst.durations;
		stack.n8nVersion = inst.version;
		stack.n8nMajor = Number(inst.version.split('.')[0]);

		t = Date.now();
		timings.n8nBootMs = await startN8n({ install: true });
		timings.n8nStartWithOwnerMs = Date.now() - t;

		// The package's node types must be known to n8n, or nothing below can work.
		const types = await stack.rest('GET', '/types/nodes.json');
		const known = new Set((Array.isArray(types.json) ? types.json : []).map((n) => n.name));
		const missing = Object.values(setups)
			.map((s) => s.nodeType)
			.filter((type) => !known.has(type));
		if (missing.length > 0) throw new Error(`n8n did not load ${pkg.name}: node types missing: ${missing.join(', ')} (see ${userFolder}/n8n-main.log)`);
		timings.startStackMs = Date.now() - t0;
		log(
			`[stack] ready in ${(timings.startStackMs / 1000).toFixed(1)}s: sandbox ${stack.sandbox.url}, n8n ${stack.n8n.baseUrl}${queue ? ` (webhooks ${stack.webhookBaseUrl})` : ''}`,
		);
	} catch (err) {
		try {
			await stack.stop();
		} catch {
			/* the original error matters */
		}
		throw err;
	}

	/**
	 * Stop n8n and start it again on the same user folder and ports (the sandbox keeps running).
	 * `whileDown` runs between the two. `graceMs`: how long n8n may take to stop before SIGKILL (its
	 * own N8N_GRACEFUL_SHUTDOWN_TIMEOUT should be shorter, or running executions end up crashed).
	 */
	stack.restartN8n = async ({ whileDown, graceMs } = {}) => {
		let t = Date.now();
		await stack.n8n.stop(graceMs === undefined ? n8nStopOptions() : { ...n8nStopOptions(), graceMs });
		timings.lastN8nStopMs = Date.now() - t;
		if (whileDown) await whileDown();
		t = Date.now();
		timings.lastN8nRestartBootMs = await startN8n({ install: false });
		timings.lastN8nRestartMs = Date.now() - t;
		return stack;
	};

	/**
	 * Queue mode only: stop the webhook process and start it again on the same port, while Redis, the
	 * main instance and the worker keep running (a restart of the whole queue stack would also restart
	 * Redis, which keeps no data, and lose the jobs waiting in it). `whileDown` runs in between.
	 */
	stack.restartWebhookProcess = async ({ whileDown } = {}) => {
		if (!queue) throw new Error('restartWebhookProcess: queue mode only (regular mode: restartN8n)');
		const t = Date.now();
		const fresh = await stack.n8n.restartWebhook({ whileDown });
		processGroups.push({ role: fresh.role, pgid: fresh.pid });
		timings.lastWebhookRestartMs = Date.now() - t;
		return stack;
	};

	/** n8n's log files of this stack (`<userFolder>/n8n-*.log`). */
	stack.logFiles = () =>
		fs
			.readdirSync(userFolder)
			.filter((f) => /^n8n-.*\.log$/.test(f))
			.map((f) => path.join(userFolder, f));

	/** The process groups started by this stack that still have a live process (none after stop()). */
	stack.liveProcessGroups = () =>
		processGroups.filter(({ pgid }) => {
			try {
				process.kill(-pgid, 0);
				return true;
			} catch (err) {
				return err.code === 'EPERM';
			}
		});

	stack.secretValues = () => [...stack.secrets].filter((s) => typeof s === 'string' && s.length >= 8);

	return stack;
}

// ---------------------------------------------------------------------------
// Workflows
// ---------------------------------------------------------------------------

function setupOf(stack, platformId) {
	const setup = (stack.setups || getPlatformSetups())[platformId];
	if (!setup) throw new Error(`Unknown platform "${platformId}"; known: ${Object.keys(stack.setups || getPlatformSetups()).join(', ')}`);
	return setup;
}

/** The sandbox's SmartRecruiters subscriptions, through its Webhooks API (API key). */
async function smartRecruitersSubscriptions(stack) {
	const headers = { 'X-SmartToken': stack.sandbox.state.credentials.apiKey };
	const out = [];
	let pageId;
	for (let page = 0; page < 100; page++) {
		const qs = new URLSearchParams({ limit: '100', ...(pageId ? { page_id: pageId } : {}) });
		const body = await expectOk(httpJson('GET', `${stack.sandbox.url}${SMARTRECRUITERS_SUBSCRIPTIONS}?${qs}`, { headers }), 'GET subscriptions');
		out.push(...body.content);
		pageId = body.nextPageId;
		if (!pageId) break;
	}
	return out;
}

/** The newest secret key of a SmartRecruiters subscription (what the sandbox signs with). */
async function smartRecruitersSecretKey(stack, subscriptionId) {
	const headers = { 'X-SmartToken': stack.sandbox.state.credentials.apiKey };
	const body = await expectOk(httpJson('GET', `${stack.sandbox.url}${SMARTRECRUITERS_SUBSCRIPTIONS}/${subscriptionId}/secret-key`, { headers }), 'GET secret-key');
	stack.secrets.add(body.secretKey);
	return body.secretKey;
}

/** Wait until the subscriptions for `callbackUrl` satisfy `check(list)`; returns the list. */
async function waitForSubscriptions(stack, callbackUrl, check, { timeoutMs = 30000, what = 'subscriptions' } = {}) {
	return waitFor(
		`${what} for ${callbackUrl}`,
		async () => {
			const subs = (await smartRecruitersSubscriptions(stack)).filter((s) => s.callbackUrl === callbackUrl);
			return check(subs) ? { done: true, value: subs } : { why: JSON.stringify(subs.map((s) => ({ id: s.id, status: s.status }))) };
		},
		{ timeoutMs, intervalMs: 150 },
	);
}

/**
 * n8n 2.x publication status of a workflow (REST, cookie): published | partial | failed | in_progress |
 * not_published; `unsupported` on n8n versions without that endpoint (1.x, early 2.x activate synchronously).
 */
async function publicationStatus(stack, workflowId) {
	const r = await stack.rest('GET', `/rest/workflows/${encodeURIComponent(workflowId)}/publication-status`);
	if (r.status === 404) return { status: 'unsupported' };
	if (r.status !== 200) throw new Error(`GET publication-status -> ${r.status}: ${r.text.slice(0, 300)}`);
	return r.json.data || r.json;
}

async function waitForPublished(stack, workflowId, { timeoutMs = 30000 } = {}) {
	return waitFor(
		`workflow ${workflowId} to be published`,
		async () => {
			const st = await publicationStatus(stack, workflowId);
			if (st.status === 'failed' || st.status === 'partial') {
				const err = new Error(`activation of workflow ${workflowId} ${st.status}: ${JSON.stringify(st).slice(0, 1500)}`);
				err.publication = st;
				throw err;
			}
			return st.status === 'published' || st.status === 'unsupported' ? { done: true, value: st } : { why: st.status };
		},
		{ timeoutMs, intervalMs: 100 },
	);
}

/**
 * Create the credential and a workflow (the platform's trigger → No Operation) through the public
 * API, activate it and wait until it is live: the production webhook answers, n8n reports the
 * publication done, a SmartRecruiters subscription is active for the production URL (activation
 * made the real X-Hook-Secret handshake), or, for platforms without an API, the URL is "pasted"
 * into the sandbox (POST /_sandbox/endpoints with the same secrets).
 *
 * @param {object} stack
 * @param {string} platformId
 * @param {object} [o]
 * @param {string[]|string} [o.events]     events selected in the node (default: every event, `*`)
 * @param {string} [o.name]                workflow name
 * @param {object} [o.options]             the node's Options collection
 * @param {'apiKey'|'oAuth2'} [o.auth]     SmartRecruiters credential kind
 * @param {object} [o.secrets]             secrets to use instead of fresh ones (manual platforms)
 * @param {string[]} [o.sandboxEvents]     events the sandbox endpoint is registered for (default: all)
 * @param {boolean} [o.registerEndpoint=true] paste the URL into the sandbox (manual platforms)
 * @param {boolean} [o.activate=true]
 * @param {boolean} [o.noOp=true]          add a No Operation node after the trigger
 * @param {object[]} [o.pinData]           items pinned on the trigger (used by manual runs only)
 * @param {string} [o.credentialName]    the credential's name (default: "<platform> (e2e <tag>)")
 * @param {number} [o.typeVersion=3]       the trigger node's typeVersion: 3 emits the envelope; 1 and 2 the flat item saved workflows keep
 * @param {object} [o.workflow]            a workflow to import instead (e.g. examples/<id>.json): its trigger of this
 *                                         platform gets the new credential (named as the workflow references it) and
 *                                         keeps its webhookId; events/options/noOp/typeVersion are then the workflow's
 */
async function deployPlatformWorkflow(stack, platformId, o = {}) {
	const setup = setupOf(stack, platformId);
	const { events, options = {}, auth = 'apiKey', registerEndpoint = true, activate = true, noOp = true } = o;
	const tag = crypto.randomBytes(3).toString('hex');
	const secrets = setup.kind === 'manual' ? o.secrets || setup.makeSecrets() : {};
	for (const f of setup.platform.secretFields) if (f.secret && secrets[f.key]) stack.secrets.add(String(secrets[f.key]));

	const cred = setup.credential({ sandbox: stack.sandbox, secrets, auth });
	const imported = o.workflow ? importedTrigger(o.workflow, setup, cred.type) : undefined;
	const credentialName = o.credentialName || (imported && imported.credentialName) || `${setup.displayName} (${auth === 'oAuth2' ? 'OAuth2, ' : ''}e2e ${tag})`;
	const credential = await stack.api.createCredential({ name: credentialName, ...cred });

	const webhookId = imported ? imported.node.webhookId : crypto.randomUUID();
	const triggerName = imported ? imported.node.name : setup.nodeDisplayName;
	const nodes = imported
		? imported.workflow.nodes
		: [
				{
					id: crypto.randomUUID(),
					name: triggerName,
					type: setup.nodeType,
					typeVersion: o.typeVersion || 3,
					position: [0, 0],
					webhookId,
					parameters: setup.parameters({ events, options, auth }),
					credentials: { [cred.type]: { id: credential.id, name: credential.name } },
				},
			];
	const connections = imported ? imported.workflow.connections || {} : {};
	if (imported) imported.node.credentials = { [cred.type]: { id: credential.id, name: credential.name } };
	else if (noOp) {
		nodes.push({ id: crypto.randomUUID(), name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [260, 0], parameters: {} });
		connections[triggerName] = { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] };
	}
	const workflowJson = {
		name: o.name || (imported && imported.workflow.name) || `HireHooks e2e: ${setup.displayName} ${tag}`,
		nodes,
		connections,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all', saveManualExecutions: true, ...(imported ? imported.workflow.settings : {}) },
	};
	if (o.pinData) workflowJson.pinData = { [triggerName]: o.pinData.map((item) => (item && item.json ? item : { json: item })) };
	const wf = await stack.api.createWorkflow(workflowJson);

	const webhookPath = `${webhookId}/${setup.webhookPath}`;
	const deployed = {
		platformId,
		workflowId: wf.id,
		workflowName: wf.name,
		triggerName,
		webhookId,
		webhookPath,
		productionUrl: `${stack.webhookBaseUrl}/webhook/${webhookPath}`,
		testUrl: `${stack.n8n.baseUrl}/webhook-test/${webhookPath}`,
		httpMethod: setup.httpMethod,
		credentialId: credential.id,
		credentialType: cred.type,
		secrets,
		subscriptionId: undefined,
		endpointId: undefined,
		timings: {},
	};
	if (activate) await activateDeployed(stack, deployed);

	if (setup.kind === 'manual' && registerEndpoint) {
		const sandboxEvents = o.sandboxEvents || (events === undefined || setup.platform.catchAllEvent !== undefined ? [] : [].concat(events).filter((e) => e !== '*'));
		const endpoint = await expectOk(
			httpJson('POST', `${stack.sandbox.url}/_sandbox/endpoints`, { body: { platform: platformId, url: deployed.productionUrl, events: sandboxEvents, secrets } }),
			'POST /_sandbox/endpoints',
		);
		deployed.endpointId = endpoint.id;
	}
	return deployed;
}

/**
 * The trigger of `setup`'s platform in an importable workflow (a copy is returned), with the name of
 * the credential it references. Throws unless there is exactly one such trigger with a webhookId.
 */
function importedTrigger(workflowIn, setup, credentialType) {
	const workflow = JSON.parse(JSON.stringify(workflowIn));
	const triggers = (workflow.nodes || []).filter((n) => n.type === setup.nodeType);
	if (triggers.length !== 1) throw new Error(`workflow "${workflow.name}" has ${triggers.length} ${setup.nodeType} node(s); expected one`);
	const node = triggers[0];
	if (typeof node.webhookId !== 'string' || node.webhookId === '') throw new Error(`workflow "${workflow.name}": the trigger "${node.name}" has no webhookId`);
	const reference = node.credentials && node.credentials[credentialType];
	return { workflow, node, credentialName: reference && reference.name };
}

/** Activate a deployed workflow and wait until it is live (see deployPlatformWorkflow). */
async function activateDeployed(stack, deployed) {
	const setup = setupOf(stack, deployed.platformId);
	let t = Date.now();
	const activated = await stack.api.activate(deployed.workflowId);
	if (activated.active !== true) throw new Error(`workflow ${deployed.workflowId} not active after /activate: ${JSON.stringify(activated).slice(0, 300)}`);
	deployed.timings.activateCallMs = Date.now() - t;
	t = Date.now();
	await waitForPublished(stack, deployed.workflowId, { timeoutMs: 45000 });
	await rt.waitForWebhook(deployed.productionUrl, { method: deployed.httpMethod, timeoutMs: 30000 });
	deployed.timings.liveMs = Date.now() - t;
	if (setup.kind === 'api') {
		const subs = await waitForSubscriptions(stack, deployed.productionUrl, (list) => list.length === 1 && list[0].status === 'active', { what: 'one active subscription' });
		deployed.subscriptionId = subs[0].id;
		deployed.secrets = { secret: await smartRecruitersSecretKey(stack, subs[0].id) };
	}
	return deployed;
}

/** Deactivate; wait until the production webhook is gone and, for API platforms, no subscription is left for its URL. */
async function deactivateWorkflow(stack, deployed, { timeoutMs = 30000 } = {}) {
	const setup = setupOf(stack, deployed.platformId);
	const r = await stack.api.deactivate(deployed.workflowId);
	if (r.active !== false) throw new Error(`workflow ${deployed.workflowId} still active after /deactivate`);
	await rt.waitForWebhook(deployed.productionUrl, { method: deployed.httpMethod, gone: true, timeoutMs });
	await waitForUnpublished(stack, deployed.workflowId, { timeoutMs });
	await waitForNotServed(deployed.productionUrl, deployed.httpMethod, { timeoutMs });
	if (setup.kind === 'api') await waitForSubscriptions(stack, deployed.productionUrl, (list) => list.length === 0, { timeoutMs, what: 'no subscription' });
	return r;
}

/** n8n 2.x unpublishes through an outbox, after /deactivate has answered: wait until it reports nothing published. */
async function waitForUnpublished(stack, workflowId, { timeoutMs = 30000 } = {}) {
	return waitFor(
		`workflow ${workflowId} to be unpublished`,
		async () => {
			const st = await publicationStatus(stack, workflowId);
			return st.status === 'not_published' || st.status === 'unsupported' ? { done: true, value: st } : { why: st.status };
		},
		{ timeoutMs, intervalMs: 100 },
	);
}

/**
 * Until n8n answers 404 to a request on the URL itself. The pre-flight alone is not enough: n8n
 * can re-cache a webhook whose row a racing request read during the deletion, and serve it while
 * the published version lingers. The probe's body is malformed JSON, which every trigger refuses
 * (4xx, no run) whether or not it verifies signatures.
 */
async function waitForNotServed(url, method, { timeoutMs = 30000 } = {}) {
	if (!['POST', 'PUT', 'PATCH'].includes(String(method).toUpperCase())) return undefined;
	return waitFor(
		`${method} ${url} to answer 404`,
		async () => {
			const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: '{', signal: AbortSignal.timeout(10000) });
			await response.arrayBuffer();
			return response.status === 404 ? { done: true, value: 404 } : { why: String(response.status) };
		},
		{ timeoutMs, intervalMs: 200 },
	);
}

// ---------------------------------------------------------------------------
// Events and executions
// ---------------------------------------------------------------------------

/**
 * Emit an event through the sandbox's emit API (`wait: true`: answers after every delivery's first
 * attempt, with the records). `data` defaults to the catalogue sample, `id` to a fresh event id.
 */
async function emit(stack, platformId, event, { data, id, meta } = {}) {
	const body = { platform: platformId, event, wait: true };
	if (data !== undefined) body.data = data;
	if (id !== undefined) body.id = id;
	if (meta !== undefined) body.meta = meta;
	const at = Date.now();
	const result = await expectOk(httpJson('POST', `${stack.sandbox.url}/_sandbox/emit`, { body, timeoutMs: 60000 }), `emit ${platformId} ${event}`);
	stack.emitted.set(result.eventId, { platformId, event, at });
	return result;
}

/** A delivery record with the exact requests the sandbox sent (headers, body). */
async function deliveryDetails(stack, deliveryId) {
	return expectOk(httpJson('GET', `${stack.sandbox.url}/_sandbox/deliveries/${encodeURIComponent(deliveryId)}`), 'GET delivery');
}

/** The workflow's executions (newest first), with data by default. */
async function executionsOf(stack, workflowId, { includeData = true } = {}) {
	return stack.api.listExecutions({ workflowId, includeData });
}

/**
 * The HireHooks trigger's output items (their `json`) in an execution fetched with data. `nodeName`
 * defaults to the execution's node whose type belongs to this package.
 */
function itemsOf(execution, nodeName) {
	const runData = execution && execution.data && execution.data.resultData && execution.data.resultData.runData;
	if (!runData) return [];
	let name = nodeName;
	if (!name) {
		const nodes = (execution.workflowData && execution.workflowData.nodes) || [];
		const trigger = nodes.find((n) => typeof n.type === 'string' && /^(@[^/]+\/)?n8n-nodes-hirehooks\./.test(n.type));
		name = trigger ? trigger.name : Object.keys(runData)[0];
	}
	const runs = runData[name];
	if (!runs || !runs[0] || !runs[0].data || !runs[0].data.main) return [];
	return (runs[0].data.main[0] || []).map((item) => item.json);
}

/** Poll until the workflow has at least `count` finished executions; returns them (newest first). */
async function waitForExecutionCount(stack, workflowId, count, { timeoutMs = 30000, includeData = true } = {}) {
	return rt.waitForExecutions(stack.api, { workflowId, count, timeoutMs, includeData });
}

/**
 * The items of the execution an emit produced in a workflow: the execution whose trigger item has
 * `id === eventId`, or, for platforms that send no event id, the first execution not claimed yet
 * that started after the emit.
 */
async function waitForItems(stack, workflowId, eventId, { timeoutMs = 15000 } = {}) {
	const emitted = stack.emitted.get(eventId);
	return waitFor(
		`the execution of event ${eventId} in workflow ${workflowId}`,
		async () => {
			const execs = (await executionsOf(stack, workflowId)).filter((e) => e.finished || e.stoppedAt).reverse(); // oldest first
			for (const e of execs) {
				if (stack.claimedExecutions.has(e.id)) continue;
				const items = itemsOf(e);
				if (items.some((it) => it.id === eventId)) {
					stack.claimedExecutions.add(e.id);
					return { done: true, value: items };
				}
			}
			for (const e of execs) {
				if (stack.claimedExecutions.has(e.id)) continue;
				const items = itemsOf(e);
				const started = Date.parse(e.startedAt || e.createdAt || 0);
				// Such items' ids are the delivery's fingerprint (an envelope) or null (the flat item of node versions 1 and 2).
				if (emitted && items.length > 0 && items.every((it) => it.id === null || !stack.emitted.has(it.id)) && started >= emitted.at - 1000) {
					stack.claimedExecutions.add(e.id);
					return { done: true, value: items };
				}
			}
			return { why: `${execs.length} execution(s) seen` };
		},
		{ timeoutMs, intervalMs: 200 },
	);
}

// ---------------------------------------------------------------------------
// The editor's test URL
// ---------------------------------------------------------------------------

/**
 * "Listen for test event", the way n8n 2.41's editor does it: POST /rest/workflows/{id}/run with
 * `{ triggerToStartFrom: { name } }` (cookie session; older n8n also wants the workflow as `workflowData`). n8n registers the test webhook
 * (/webhook-test/...) and calls the node's create() for the test URL; the answer is
 * `{ waitingForWebhook: true }`. The registration ends after one run, a cancel, or 2 minutes.
 */
async function listenForTestEvent(stack, deployed) {
	const runPath = `/rest/workflows/${encodeURIComponent(deployed.workflowId)}/run`;
	let r = await stack.rest('POST', runPath, { triggerToStartFrom: { name: deployed.triggerName } });
	if (r.status !== 200) {
		// n8n 1.x up to at least 2.8 run the workflow the editor sends (`workflowData`, with its id), not the stored one.
		const stored = await stack.rest('GET', `/rest/workflows/${encodeURIComponent(deployed.workflowId)}`);
		if (stored.status === 200)
			r = await stack.rest('POST', runPath, { workflowData: (stored.json && stored.json.data) || stored.json, triggerToStartFrom: { name: deployed.triggerName } });
	}
	if (r.status !== 200) throw new Error(`POST /rest/workflows/${deployed.workflowId}/run -> ${r.status}: ${r.text.slice(0, 800)}`);
	const data = (r.json && r.json.data) || r.json;
	if (!data || data.waitingForWebhook !== true) throw new Error(`n8n is not waiting for a test event: ${r.text.slice(0, 500)}`);
	await rt.waitForWebhook(deployed.testUrl, { method: deployed.httpMethod, timeoutMs: 30000 });
	return data;
}

/** The editor's "Stop listening": DELETE /rest/test-webhook/{workflowId}. */
async function stopListening(stack, deployed) {
	const r = await stack.rest('DELETE', `/rest/test-webhook/${encodeURIComponent(deployed.workflowId)}`);
	if (r.status !== 200) throw new Error(`DELETE /rest/test-webhook/${deployed.workflowId} -> ${r.status}: ${r.text.slice(0, 500)}`);
	return r.json && 'data' in r.json ? r.json.data : r.json;
}

/** POST a signed delivery ({ method, headers, body } as core's signDelivery returns it) to a URL. */
async function sendDelivery(url, delivery, { timeoutMs = 30000 } = {}) {
	const res = await fetch(url, { method: delivery.method || 'POST', headers: delivery.headers, body: delivery.body, signal: AbortSignal.timeout(timeoutMs) });
	const text = await res.text();
	return { status: res.status, text, headers: res.headers };
}

module.exports = {
	REPO_ROOT,
	BUILD_HINT,
	startStack,
	assertBuilt,
	buildPlatformSetups,
	deployPlatformWorkflow,
	activateDeployed,
	deactivateWorkflow,
	emit,
	deliveryDetails,
	executionsOf,
	itemsOf,
	waitForExecutionCount,
	waitForItems,
	smartRecruitersSubscriptions,
	smartRecruitersSecretKey,
	waitForSubscriptions,
	publicationStatus,
	waitForPublished,
	listenForTestEvent,
	stopListening,
	sendDelivery,
	waitFor,
	HOST,
};
Object.defineProperty(module.exports, 'platformSetups', { enumerable: true, get: getPlatformSetups });
