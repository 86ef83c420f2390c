/**
 * n8n end to end: one real n8n (scripts/lib/stack.js, regular mode, SQLite, the pack installed) serves
 * every candidate workflow at once, and the same load generator (autocannon, in this process, loopback
 * only) drives each in turn, interleaved over rounds so machine noise hits every candidate alike:
 *
 *   bare      a lone Webhook node (POST, answers on receipt): n8n's floor for "a request starts a run";
 *   diy       what users build today: a Webhook node and a Code node running the TalentPools seed's
 *             verify and decrypt snippets (require('crypto') allowed with NODE_FUNCTION_ALLOW_BUILTIN);
 *   hirehooks each HireHooks trigger alone, its platform's deliveries signed by the core as the sandbox signs.
 *
 * Every request is a distinct, freshly signed delivery (a replayed one would be deduplicated, and a
 * TalentPools delivery older than 15 s is refused), signed at send time in setupRequest. The bare and
 * diy workflows receive exactly the TalentPools deliveries the TalentPools trigger receives.
 *
 * Per candidate and round: "unloaded" = one connection, requests one after another (latency without
 * queueing); "loaded" = several connections (throughput with n8n's main process saturated). After each
 * run the bench waits until n8n finished every execution the run started, so a backlog never spills
 * into the next candidate, and it counts those executions: requests answered 2xx must equal runs.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const autocannon = require('autocannon');
const stackLib = require('../scripts/lib/stack');

const core = require(path.join(__dirname, '..', 'dist', 'core'));
const { examplesOf } = require('../scripts/lib/platform-examples');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The seed's two Code-with-Zapier snippets, as an n8n Code node runs them (headers and body from the Webhook node). */
const DIY_CODE = `
const crypto = require('crypto');
const allowedTimestampDeltaMs = 15e3;
const createStandardKey = (key) => crypto.createHash('sha256').update(String(key)).digest();
const decrypt = ({ data, key }) => {
  const [iv, content] = data.split('.');
  const decipher = crypto.createDecipheriv('aes-256-ctr', createStandardKey(key), Buffer.from(iv, 'hex'));
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(content, 'hex')), decipher.final()]).toString());
};
const out = [];
for (const item of $input.all()) {
  const headers = item.json.headers;
  const rawBody = JSON.stringify(item.json.body);
  const signature = crypto.createHmac('sha256', Buffer.from(SIGNING_SECRET.split('_')[1], 'base64'))
    .update(headers['svix-id'] + '.' + headers['svix-timestamp'] + '.' + rawBody).digest('base64');
  const isMatchingSignature = headers['svix-signature'].split(' ').some((s) => {
    const given = Buffer.from(s.split(',')[1] || '');
    return given.length === Buffer.byteLength(signature) && crypto.timingSafeEqual(given, Buffer.from(signature));
  });
  if (!isMatchingSignature) continue;
  const body = decrypt({ data: item.json.body.message, key: ENCRYPTION_KEY });
  const timestampDelta = Math.abs(Date.now() - +new Date(body.timestamp));
  out.push({ json: { data: body.data, eventType: body.eventType, timestamp: body.timestamp, isTimestampValidated: timestampDelta <= allowedTimestampDeltaMs } });
}
return out;
`;

/** The event each platform's deliveries carry in the bench: its examples' event, with the catalogue sample. */
function sampleOf(platformId) {
	const platform = core.platforms[platformId];
	const definition = platform.events.find((e) => e.name === examplesOf(platformId).event) || platform.events[0];
	return definition;
}

/**
 * A fresh delivery of the platform's bench event, signed now. The data carries a nonce: HrFlow,
 * PeopleForce and the generic sender put no event id on the wire, so the trigger takes a body seen
 * again within the window for a redelivery (and rightly starts no second run).
 */
function signedDelivery(platformId, secrets) {
	const definition = sampleOf(platformId);
	const id = `evt_${crypto.randomUUID()}`;
	return core.signDelivery(platformId, { event: definition.name, data: { ...definition.sample, benchNonce: id }, meta: definition.sampleMeta, id }, secrets);
}

/**
 * A Webhook node workflow; with `code`, a Code node after it; with `headerAuth` ({ name, value }), the
 * Webhook node checks that header against an n8n "Header Auth" credential.
 */
async function deployWebhookWorkflow(stack, { name, code, headerAuth }) {
	const webhookId = crypto.randomUUID();
	const webhook = {
		id: crypto.randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId,
		parameters: { httpMethod: 'POST', path: webhookId, options: {} },
	};
	if (headerAuth !== undefined) {
		const credential = await stack.api.createCredential({ name: `${name} (Header Auth)`, type: 'httpHeaderAuth', data: headerAuth });
		webhook.parameters.authentication = 'headerAuth';
		webhook.credentials = { httpHeaderAuth: { id: credential.id, name: credential.name } };
	}
	const nodes = [webhook];
	const connections = {};
	if (code !== undefined) {
		nodes.push({ id: crypto.randomUUID(), name: 'Verify and decrypt', type: 'n8n-nodes-base.code', typeVersion: 2, position: [260, 0], parameters: { jsCode: code } });
		connections.Webhook = { main: [[{ node: 'Verify and decrypt', type: 'main', index: 0 }]] };
	}
	const wf = await stack.api.createWorkflow({ name, nodes, connections, settings: { executionOrder: 'v1' } });
	await stack.api.activate(wf.id);
	const url = `${stack.webhookBaseUrl}/webhook/${webhookId}`;
	await require('../scripts/lib/n8n-runtime').waitForWebhook(url, { method: 'POST', timeoutMs: 45000 });
	return { workflowId: wf.id, url };
}

/** utime + stime (ms) of every live process in the process group (n8n main and its task runner). */
function groupCpuMs(pgid) {
	const tick = 100; // USER_HZ on Linux
	let total = 0;
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			// fields[0] is state (field 3); pgrp is field 5, utime 14, stime 15.
			if (Number(fields[2]) !== pgid) continue;
			total += ((Number(fields[11]) + Number(fields[12])) * 1000) / tick;
		} catch {
			/* the process ended while reading */
		}
	}
	return total;
}

/** One page of n8n's REST execution list (newest first): { count, results }. */
async function listExecutionsPage(stack, filter, limit) {
	const r = await stack.rest('GET', `/rest/executions?filter=${encodeURIComponent(JSON.stringify(filter))}&limit=${limit}`);
	if (r.status !== 200) throw new Error(`GET /rest/executions -> ${r.status}: ${r.text.slice(0, 300)}`);
	return r.json.data || r.json;
}

/** Runs counted through n8n's REST list (its `count`), by status. */
async function executionCount(stack, workflowId, status) {
	return (await listExecutionsPage(stack, status ? { workflowId, status: [status] } : { workflowId }, 1)).count;
}

/**
 * When the workflow's newest runs ended (ms since the epoch, n8n's own stoppedAt), or undefined: the end
 * of a load's runs to the millisecond, where the 250 ms poll below would round it.
 */
async function lastRunEndedAt(stack, workflowId, newest = 50) {
	const ends = ((await listExecutionsPage(stack, { workflowId }, newest)).results || []).map((e) => Date.parse(e.stoppedAt)).filter(Number.isFinite);
	return ends.length ? Math.max(...ends) : undefined;
}

/** Wait until the workflow has `expected` runs and none running; bounded. Returns the runs seen. */
async function waitForRuns(stack, workflowId, expected, { timeoutMs = 120000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let seen = 0;
	for (;;) {
		seen = await executionCount(stack, workflowId);
		const running = seen >= expected ? (await executionCount(stack, workflowId, 'running')) + (await executionCount(stack, workflowId, 'new')) : 1;
		if (seen >= expected && running === 0) return seen;
		if (Date.now() > deadline) return seen;
		await sleep(250);
	}
}

/** autocannon's request list: one request, rebuilt before every send as a fresh delivery signed now. */
function freshDeliveries(candidate, target) {
	return [
		{
			setupRequest(request) {
				const delivery = candidate.makeDelivery();
				request.method = 'POST';
				request.path = target.pathname;
				// autocannon sets content-length itself (a second one makes it send nothing).
				request.headers = { ...delivery.headers };
				request.body = delivery.body;
				return request;
			},
		},
	];
}

/** The q-quantile of numbers (nearest rank), e.g. q = 0.99. */
function quantile(xs, q) {
	if (!xs.length) return NaN;
	const sorted = Float64Array.from(xs).sort();
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * One autocannon run: `amount` fresh deliveries over `connections` connections, bounded in time.
 * Timed from the answers themselves, not from autocannon's result: autocannon finishes on its
 * one-second tick (so its duration rounds a few-second run by up to 20 %) and its latency histogram
 * holds whole milliseconds. Each answer's latency (autocannon's hrtime per request, fractional ms)
 * and the moment of the last answer give sub-millisecond p50/p99 and an exact req/s.
 */
async function drive(candidate, { connections, amount, timeoutSeconds = 120 }) {
	const target = new URL(candidate.url);
	const latenciesMs = [];
	const startedAt = process.hrtime.bigint();
	let lastAnswerAt = startedAt;
	const instance = autocannon({
		url: `${target.origin}`,
		connections,
		amount,
		timeout: 30,
		duration: timeoutSeconds, // overridden by amount; kept as the documented ceiling
		requests: freshDeliveries(candidate, target),
	});
	instance.on('response', (_client, _statusCode, _bytes, responseTimeMs) => {
		latenciesMs.push(responseTimeMs);
		lastAnswerAt = process.hrtime.bigint();
	});
	const result = await instance;
	const seconds = Number(lastAnswerAt - startedAt) / 1e9;
	const non2xx = result.non2xx + result.errors + result.timeouts;
	return {
		statusCodes: result.statusCodeStats,
		requests: result.requests.total,
		ok: result['2xx'],
		non2xx,
		durationS: seconds,
		rps: latenciesMs.length / seconds,
		p50: quantile(latenciesMs, 0.5),
		p99: quantile(latenciesMs, 0.99),
	};
}

/**
 * @param {object} o
 * @param {number} [o.rounds=3]
 * @param {number} [o.unloaded=100]    sequential requests per candidate and round
 * @param {number} [o.loaded=1000]     requests per candidate and round under load
 * @param {number} [o.connections=8]
 * @param {'vm'|'vm-lazy'|'legacy'} [o.engine='vm'] n8n's expression engine settings (ENGINE_ENV)
 */
/**
 * n8n 2.41's expression engine settings the bench runs under: "vm" is its default (isolated-vm
 * isolates; n8n acquires one per request in the webhook phase for every webhook node type but its
 * own Webhook node, and one per run); "vm-lazy" builds an isolate only when an expression is
 * evaluated; "legacy" evaluates in-process.
 */
const ENGINE_ENV = {
	vm: { N8N_EXPRESSION_ENGINE: 'vm' },
	'vm-lazy': { N8N_EXPRESSION_ENGINE: 'vm', N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
	legacy: { N8N_EXPRESSION_ENGINE: 'legacy' },
};

async function runN8nBench({ rounds = 3, unloaded = 100, loaded = 1000, connections = 8, engine = 'vm', log = console.log } = {}) {
	if (!ENGINE_ENV[engine]) throw new Error(`Unknown engine "${engine}"; engines: ${Object.keys(ENGINE_ENV).join(', ')}`);
	const stack = await stackLib.startStack({
		log: (line) => (line.startsWith('[sandbox]') ? undefined : log(`  ${line}`)),
		env: {
			...ENGINE_ENV[engine],
			NODE_FUNCTION_ALLOW_BUILTIN: 'crypto',
			// Keep every run countable: n8n prunes beyond 10,000 executions by default.
			EXECUTIONS_DATA_PRUNE: 'false',
		},
	});
	try {
		const candidates = [];
		const tp = await stackLib.deployPlatformWorkflow(stack, 'talentpools', { name: 'bench: HireHooks TalentPools', noOp: false, registerEndpoint: false });
		const tpSecrets = tp.secrets;
		const bare = await deployWebhookWorkflow(stack, { name: 'bench: bare Webhook node' });
		candidates.push({ key: 'bare', label: 'bare Webhook node', ...bare, makeDelivery: () => signedDelivery('talentpools', tpSecrets) });
		// n8n checks, before every run, that the workflow may use each credential its nodes hold (a
		// few database reads): a cost of any node with a credential, which the bare node does not pay.
		const headerAuth = { name: 'x-bench-auth', value: crypto.randomBytes(24).toString('base64url') };
		const authed = await deployWebhookWorkflow(stack, { name: 'bench: Webhook node with Header Auth', headerAuth });
		candidates.push({
			key: 'auth',
			label: 'Webhook node with Header Auth (a credential)',
			...authed,
			makeDelivery: () => {
				const delivery = signedDelivery('talentpools', tpSecrets);
				return { ...delivery, headers: { ...delivery.headers, [headerAuth.name]: headerAuth.value } };
			},
		});
		const code = DIY_CODE.replace('SIGNING_SECRET', JSON.stringify(tpSecrets.signingSecret)).replace('ENCRYPTION_KEY', JSON.stringify(tpSecrets.encryptionKey));
		const diy = await deployWebhookWorkflow(stack, { name: 'bench: Webhook + Code (seed snippets)', code });
		candidates.push({ key: 'diy', label: 'Webhook + Code node (TalentPools seed snippets)', ...diy, makeDelivery: () => signedDelivery('talentpools', tpSecrets) });
		for (const id of core.platformIds) {
			const deployed =
				id === 'talentpools'
					? tp
					: await stackLib.deployPlatformWorkflow(stack, id, { name: `bench: HireHooks ${core.platforms[id].displayName}`, noOp: false, registerEndpoint: false });
			candidates.push({
				key: id,
				label: `HireHooks ${core.platforms[id].displayName} Trigger`,
				workflowId: deployed.workflowId,
				url: deployed.productionUrl,
				makeDelivery: () => signedDelivery(id, deployed.secrets),
			});
		}
		const pgid = stack.n8n.pid;

		// Each candidate must work before it is timed: one delivery, one run, with output.
		for (const c of candidates) {
			const w = await drive(c, { connections: 1, amount: 20 });
			if (w.ok !== 20) throw new Error(`${c.label}: warm-up answered ${JSON.stringify(w)}`);
			c.sent = 20;
			c.runsAtStart = await waitForRuns(stack, c.workflowId, c.sent);
			if (c.runsAtStart !== 20) throw new Error(`${c.label}: 20 deliveries made ${c.runsAtStart} runs`);
			c.samples = { unloadedP50: [], unloadedP99: [], rps: [], loadedP50: [], loadedP99: [], cpuMsPerRun: [], runsPerS: [] };
			c.non2xx = 0;
		}
		log(`  ${candidates.length} candidates live; ${rounds} round(s) of ${unloaded} sequential + ${loaded} requests over ${connections} connections each`);

		for (let round = 1; round <= rounds; round++) {
			// Rotate the order each round, so no candidate always follows the same neighbour.
			const order = candidates.map((_, i) => candidates[(i + round - 1) % candidates.length]);
			for (const c of order) {
				const u = await drive(c, { connections: 1, amount: unloaded });
				c.sent += unloaded;
				c.non2xx += u.non2xx;
				await waitForRuns(stack, c.workflowId, c.sent);
				const cpu0 = groupCpuMs(pgid);
				const t0 = Date.now();
				const l = await drive(c, { connections, amount: loaded });
				c.sent += loaded;
				c.non2xx += l.non2xx;
				const runs = await waitForRuns(stack, c.workflowId, c.sent);
				const drainedS = ((await lastRunEndedAt(stack, c.workflowId)) ?? Date.now()) / 1000 - t0 / 1000;
				const cpuMs = groupCpuMs(pgid) - cpu0;
				c.samples.unloadedP50.push(u.p50);
				c.samples.unloadedP99.push(u.p99);
				c.samples.rps.push(l.rps);
				c.samples.loadedP50.push(l.p50);
				c.samples.loadedP99.push(l.p99);
				c.samples.cpuMsPerRun.push(cpuMs / loaded);
				c.samples.runsPerS.push(loaded / drainedS);
				log(
					`  round ${round} ${c.label.padEnd(48)} unloaded p50 ${u.p50.toFixed(2)} ms p99 ${u.p99.toFixed(2)} ms | loaded ${l.rps.toFixed(1)} req/s p50 ${l.p50.toFixed(1)} ms p99 ${l.p99.toFixed(1)} ms, all ${runs}/${c.sent} runs done at ${(loaded / drainedS).toFixed(1)} runs/s, ${(cpuMs / loaded).toFixed(2)} CPU ms/run`,
				);
			}
		}

		const rows = [];
		for (const c of candidates) {
			c.runs = await waitForRuns(stack, c.workflowId, c.sent);
			const m = Object.fromEntries(Object.entries(c.samples).map(([k, v]) => [k, median(v)]));
			rows.push({ key: c.key, label: c.label, sent: c.sent, runs: c.runs, non2xx: c.non2xx, ...Object.fromEntries(Object.entries(m).map(([k, v]) => [k, +v.toFixed(2)])) });
		}
		const bareRow = rows.find((r) => r.key === 'bare');
		const diyRow = rows.find((r) => r.key === 'diy');
		const authRow = rows.find((r) => r.key === 'auth');
		for (const r of rows) {
			r.rpsVsBare = +(r.rps / bareRow.rps).toFixed(2);
			r.rpsVsAuth = +(r.rps / authRow.rps).toFixed(2);
			r.rpsVsDiy = +(r.rps / diyRow.rps).toFixed(2);
			r.unloadedP50MinusBareMs = +(r.unloadedP50 - bareRow.unloadedP50).toFixed(2);
			r.loadedP99VsBare = +(r.loadedP99 / bareRow.loadedP99).toFixed(2);
		}
		return { n8nVersion: stack.n8nVersion, engine, rounds, unloaded, loaded, connections, rows };
	} finally {
		await stack.stop();
	}
}

function rssMbOf(pid) {
	try {
		const line = fs
			.readFileSync(`/proc/${pid}/status`, 'utf8')
			.split('\n')
			.find((l) => l.startsWith('VmRSS:'));
		return Number(line.split(/\s+/)[1]) / 1024;
	} catch {
		return NaN;
	}
}

/** Least-squares slope of y over x. */
function slope(points) {
	const n = points.length;
	const mx = points.reduce((a, p) => a + p[0], 0) / n;
	const my = points.reduce((a, p) => a + p[1], 0) / n;
	const num = points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0);
	const den = points.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
	return den === 0 ? 0 : num / den;
}

/**
 * The delivery soak: every HireHooks trigger live in one n8n, each fed `ratePerSecond` fresh signed
 * deliveries for `durationS` (a steady load well under saturation), n8n's main process resident
 * memory sampled every `sampleEveryS`. Flat = no upward trend after the first minute.
 */
/**
 * One side of the soak: its own n8n (own user folder and process), five workflows, each sent
 * `ratePerSecond` fresh deliveries for `durationS`, with the main process's resident memory sampled.
 * `side` is 'hirehooks' (the five triggers) or 'bare' (five lone Webhook nodes sent the same five
 * platforms' deliveries, signed with the HireHooks side's secrets: `secretsById`, taken unverified).
 */
async function soakSide(side, { log, secretsById = {} }) {
	const stack = await stackLib.startStack({
		log: (line) => (line.startsWith('[sandbox]') ? undefined : log(`  [${side}] ${line}`)),
		env: { EXECUTIONS_DATA_PRUNE: 'false' },
	});
	try {
		const candidates = [];
		for (const id of core.platformIds) {
			if (side === 'hirehooks') {
				const deployed = await stackLib.deployPlatformWorkflow(stack, id, { name: `soak: HireHooks ${core.platforms[id].displayName}`, noOp: false, registerEndpoint: false });
				candidates.push({
					key: id,
					workflowId: deployed.workflowId,
					url: deployed.productionUrl,
					secrets: deployed.secrets,
					makeDelivery: () => signedDelivery(id, deployed.secrets),
				});
			} else {
				const bare = await deployWebhookWorkflow(stack, { name: `soak: bare Webhook node (${core.platforms[id].displayName} deliveries)` });
				candidates.push({ key: id, workflowId: bare.workflowId, url: bare.url, makeDelivery: () => signedDelivery(id, secretsById[id]) });
			}
		}
		return { stack, candidates };
	} catch (error) {
		await stack.stop();
		throw error;
	}
}

async function loadSide({ stack, candidates }, { durationS, ratePerSecond, sampleEveryS }) {
	const pid = stack.n8n.pid;
	const samples = [];
	const t0 = Date.now();
	const sample = () => samples.push({ s: Math.round((Date.now() - t0) / 1000), rssMB: +rssMbOf(pid).toFixed(1) });
	sample();
	const timer = setInterval(sample, sampleEveryS * 1000);
	let results;
	try {
		results = await Promise.all(
			candidates.map((c) => {
				const target = new URL(c.url);
				return autocannon({ url: target.origin, connections: 2, overallRate: ratePerSecond, duration: durationS, timeout: 30, requests: freshDeliveries(c, target) });
			}),
		);
	} finally {
		clearInterval(timer);
	}
	sample();
	let sent = 0;
	let ok = 0;
	let runs = 0;
	for (const [i, c] of candidates.entries()) {
		sent += results[i].requests.total;
		ok += results[i]['2xx'];
		runs += await waitForRuns(stack, c.workflowId, results[i]['2xx']);
	}
	const afterWarmup = samples.filter((p) => p.s >= 60);
	const trend = afterWarmup.length >= 2 ? slope(afterWarmup.map((p) => [p.s / 60, p.rssMB])) : 0;
	const firstMinute = samples.find((p) => p.s >= 60) || samples[0];
	const last = samples[samples.length - 1];
	return {
		sent,
		ok,
		runs,
		rssStartMB: samples[0].rssMB,
		rssAtOneMinuteMB: firstMinute.rssMB,
		rssEndMB: last.rssMB,
		rssMaxMB: Math.max(...samples.map((p) => p.rssMB)),
		trendMBPerMinuteAfterWarmup: +trend.toFixed(2),
		samples,
	};
}

/**
 * The delivery soak, side by side: a HireHooks n8n and a bare-Webhook n8n started alike and loaded
 * at the same time at the same rate, so the memory curve of the HireHooks side can be read against
 * n8n's own (n8n's resident memory is not flat by itself: V8 grows its heap in steps and gives it back late).
 */
async function runSoak({ durationS = 600, ratePerSecond = 1, sampleEveryS = 10, log = console.log } = {}) {
	const options = { durationS, ratePerSecond, sampleEveryS, log };
	const sides = [];
	try {
		// Started one after the other (two n8n boots at once slow each other down), loaded together.
		sides.push(await soakSide('hirehooks', options));
		sides.push(await soakSide('bare', { ...options, secretsById: Object.fromEntries(sides[0].candidates.map((c) => [c.key, c.secrets])) }));
		const [hirehooks, bare] = await Promise.all(sides.map((side) => loadSide(side, options)));
		const figures = { durationS, deliveriesPerSecond: ratePerSecond * core.platformIds.length, ...hirehooks, bare };
		for (const [name, f] of [
			['HireHooks', hirehooks],
			['bare Webhook', bare],
		]) {
			log(
				`  soak ${durationS} s at ${figures.deliveriesPerSecond}/s, ${name}: ${f.ok}/${f.sent} answered 2xx, ${f.runs} runs; n8n RSS ${f.rssAtOneMinuteMB} MB at 1 min → ${f.rssEndMB} MB at the end (max ${f.rssMaxMB}, trend ${f.trendMBPerMinuteAfterWarmup} MB/min)`,
			);
		}
		return figures;
	} finally {
		for (const side of sides) await side.stack.stop();
	}
}

module.exports = { ENGINE_ENV, runN8nBench, runSoak, signedDelivery, DIY_CODE, groupCpuMs, deployWebhookWorkflow };
