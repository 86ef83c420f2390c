#!/usr/bin/env node
'use strict';
/**
 * Smoke test of the real n8n used for e2e tests (scripts/lib/n8n-runtime.js).
 *
 *   node scripts/n8n-smoke.js            regular mode: install if needed, boot, owner + API key,
 *                                        Webhook workflow activated via the public API, 5 POSTs,
 *                                        5 executions with the posted data, deactivate, stop,
 *                                        then restart on the same user folder (boot time) and stop.
 *   node scripts/n8n-smoke.js --queue    queue mode: redis-server + main + worker + webhook process;
 *                                        webhooks POSTed to the webhook process must execute on the worker.
 *
 * Options: --keep (keep the temp user folder), --custom-package <dir> (also load a built
 * community package and check that its nodes are known to n8n), --requests <n> (default 5).
 * Exits 0 on success, 1 on failure; prints timings.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const rt = require('./lib/n8n-runtime');

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const opt = (name, def) => {
	const i = args.indexOf(name);
	return i >= 0 && args[i + 1] ? args[i + 1] : def;
};
const QUEUE = flag('--queue');
const KEEP = flag('--keep');
const REQUESTS = Number(opt('--requests', '5'));
const customPackage = opt('--custom-package', null);

const t0 = Date.now();
const log = (msg) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${msg}`);
const timings = {};
const sec = (ms) => Math.round(ms) / 1000;

function assert(cond, msg) {
	if (!cond) throw new Error(`ASSERTION FAILED: ${msg}`);
}

function smokeWorkflow(webhookPath) {
	return {
		name: `hirehooks smoke ${webhookPath}`,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: crypto.randomUUID(),
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
	};
}

async function postJson(url, body) {
	const start = process.hrtime.bigint();
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(30000),
	});
	const text = await res.text();
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	return { status: res.status, text, ms };
}

/** Webhook node output of an execution fetched with includeData=true. */
function webhookBody(execution) {
	const run = execution.data && execution.data.resultData && execution.data.resultData.runData;
	const item = run && run.Webhook && run.Webhook[0] && run.Webhook[0].data.main[0][0];
	return item && item.json && item.json.body;
}

async function checkCustomPackage(handle, cookie) {
	if (!customPackage) return;
	const res = await fetch(`${handle.baseUrl}/types/nodes.json`, { headers: { cookie, 'browser-id': 'hirehooks-e2e-browser' } });
	const types = await res.json();
	const pkgName = JSON.parse(fs.readFileSync(path.join(customPackage, 'package.json'), 'utf8')).name;
	const mine = types.filter((t) => t.name.startsWith(`${pkgName}.`)).map((t) => t.name);
	log(`custom package ${pkgName}: ${mine.length} node type(s) known to n8n: ${mine.join(', ')}`);
	assert(mine.length > 0, `no node of ${pkgName} in /types/nodes.json`);
}

/** Create + activate the workflow, POST n requests to `webhookBase`, check executions. */
async function exerciseWebhook({ client, webhookBase, label }) {
	const webhookPath = `smoke`;
	let t = Date.now();
	const wf = await client.createWorkflow(smokeWorkflow(webhookPath));
	timings[`${label}createWorkflowMs`] = Date.now() - t;
	t = Date.now();
	const activated = await client.activate(wf.id);
	timings[`${label}activateMs`] = Date.now() - t;
	assert(activated.active === true, `workflow not active after /activate: ${JSON.stringify(activated).slice(0, 300)}`);
	const url = `${webhookBase.replace(/\/$/, '')}/webhook/${webhookPath}`;
	// Activation is asynchronous in n8n 2.x (publication outbox): wait until the webhook is live.
	timings[`${label}activateToWebhookLiveMs`] = await rt.waitForWebhook(url, { method: 'POST', timeoutMs: 30000 });
	log(`workflow ${wf.id} created and activated (activeVersionId ${activated.activeVersionId}); webhook live after ${timings[`${label}activateToWebhookLiveMs`]} ms`);

	const runId = crypto.randomUUID();
	const latencies = [];
	for (let i = 0; i < REQUESTS; i++) {
		const r = await postJson(url, { runId, seq: i, candidate: { name: `Smoke ${i}`, email: `smoke${i}@example.test` } });
		assert(r.status === 200, `POST ${url} #${i} -> ${r.status}: ${r.text.slice(0, 300)}`);
		latencies.push(Math.round(r.ms * 10) / 10);
	}
	const lastPostAt = Date.now();
	timings[`${label}requestLatencyMs`] = latencies;
	log(`${REQUESTS} POSTs to ${url}: latencies ms ${JSON.stringify(latencies)}`);

	const execs = await rt.waitForExecutions(client, { workflowId: wf.id, count: REQUESTS, timeoutMs: 60000, includeData: true });
	timings[`${label}executionsVisibleAfterLastPostMs`] = Date.now() - lastPostAt;
	assert(execs.length === REQUESTS, `expected ${REQUESTS} executions, got ${execs.length}`);
	const seqs = execs
		.map((e) => {
			assert(e.status === 'success', `execution ${e.id} status ${e.status}`);
			const body = webhookBody(e);
			assert(body && body.runId === runId, `execution ${e.id} lacks the posted body: ${JSON.stringify(body)}`);
			return body.seq;
		})
		.sort((a, b) => a - b);
	assert(JSON.stringify(seqs) === JSON.stringify([...Array(REQUESTS).keys()]), `posted seqs not all found: ${seqs}`);
	log(`${execs.length} executions found with the posted data (modes: ${[...new Set(execs.map((e) => e.mode))].join(',')})`);

	t = Date.now();
	const deactivated = await client.deactivate(wf.id);
	timings[`${label}deactivateMs`] = Date.now() - t;
	assert(deactivated.active === false, 'workflow still active after /deactivate');
	timings[`${label}deactivateToWebhookGoneMs`] = await rt.waitForWebhook(url, { method: 'POST', gone: true, timeoutMs: 30000 });
	const after = await postJson(url, { runId, seq: 'after-deactivate' });
	assert(after.status === 404, `webhook still answers ${after.status} after deactivate`);
	log(`workflow deactivated; webhook now answers 404`);
	return { wf, execs };
}

async function regularMode(userFolder) {
	let t = Date.now();
	const inst = await rt.ensureN8nInstalled({ log });
	timings.ensureInstalledMs = Date.now() - t;
	timings.freshInstall = inst.installed;
	timings.n8nVersion = inst.version;
	timings.nodeVersion = require('node:child_process').execFileSync(inst.nodeBin, ['-v']).toString().trim();

	t = Date.now();
	let n8n = await rt.startN8n({
		port: 0,
		userFolder,
		customPackageDirs: customPackage ? [customPackage] : [],
		log,
	});
	timings.bootToReadyFreshMs = Date.now() - t;
	try {
		t = Date.now();
		const auth = await rt.setupOwnerAndApiKey(n8n, { log });
		timings.ownerAndApiKeyMs = Date.now() - t;
		await checkCustomPackage(n8n, auth.cookie);
		const client = rt.api(n8n.baseUrl, auth.apiKey);
		const { wf } = await exerciseWebhook({ client, webhookBase: n8n.baseUrl, label: '' });

		t = Date.now();
		await n8n.stop();
		timings.stopMs = Date.now() - t;
		log(`n8n stopped in ${sec(timings.stopMs)}s; restarting on the same user folder`);

		t = Date.now();
		n8n = await rt.startN8n({ port: 0, userFolder, log });
		timings.bootToReadyRestartMs = Date.now() - t;
		t = Date.now();
		const auth2 = await rt.setupOwnerAndApiKey(n8n, { log });
		timings.ownerAndApiKeyRestartMs = Date.now() - t;
		assert(auth2.apiKey === auth.apiKey, 'API key was not reused after restart');
		const client2 = rt.api(n8n.baseUrl, auth2.apiKey);
		const again = await client2.getWorkflow(wf.id);
		assert(again.id === wf.id && again.active === false, 'workflow missing or active after restart');
		const execs = await client2.listExecutions({ workflowId: wf.id });
		assert(execs.length === REQUESTS, `after restart: ${execs.length} executions`);
		await client2.deleteWorkflow(wf.id);
		log(`restart OK: owner/API key reused, workflow and ${execs.length} executions still there; workflow deleted`);
	} catch (err) {
		console.error(`--- last n8n output ---\n${n8n.logs().slice(-5000)}`);
		throw err;
	} finally {
		t = Date.now();
		await n8n.stop();
		timings.stopMs2 = Date.now() - t;
	}
}

async function queueMode(userFolder) {
	let t = Date.now();
	const inst = await rt.ensureN8nInstalled({ log });
	timings.ensureInstalledMs = Date.now() - t;
	timings.n8nVersion = inst.version;
	t = Date.now();
	const redisBin = await rt.ensureRedis({ log });
	timings.ensureRedisMs = Date.now() - t;
	log(`redis-server: ${redisBin}`);

	t = Date.now();
	const q = await rt.startN8nQueueMode({
		userFolder,
		customPackageDirs: customPackage ? [customPackage] : [],
		log,
	});
	timings.queueBootAllMs = Date.now() - t;
	timings.queueBootMainMs = q.main.bootMs;
	timings.queueBootWorkerMs = q.worker.bootMs;
	timings.queueBootWebhookMs = q.webhook.bootMs;
	try {
		const auth = await rt.setupOwnerAndApiKey(q.main, { log });
		await checkCustomPackage(q.main, auth.cookie);
		const client = rt.api(q.baseUrl, auth.apiKey);
		const { wf, execs } = await exerciseWebhook({ client, webhookBase: q.webhookUrl, label: 'queue.' });

		// Who did what: the webhook process enqueues, the worker executes, main does neither.
		const ids = execs.map((e) => String(e.id));
		const wl = q.webhook.logs();
		const kl = q.worker.logs();
		const ml = q.main.logs();
		for (const id of ids) {
			assert(new RegExp(`Enqueued execution ${id} \\(job`).test(wl), `webhook process did not enqueue execution ${id}`);
			assert(new RegExp(`Worker started execution ${id} \\(job`).test(kl), `worker did not start execution ${id}`);
			assert(new RegExp(`Worker finished execution ${id} \\(job`).test(kl), `worker did not finish execution ${id}`);
			assert(!new RegExp(`(Enqueued|Worker started) execution ${id} `).test(ml), `main process handled execution ${id}`);
		}
		log(`queue mode OK: executions ${ids.join(',')} enqueued by the webhook process (port ${q.webhookPort}) and run by the worker`);
		await client.deleteWorkflow(wf.id);
	} catch (err) {
		console.error(`--- last output ---\n${q.logs().slice(-8000)}`);
		throw err;
	} finally {
		t = Date.now();
		await q.stop();
		timings.queueStopAllMs = Date.now() - t;
	}
}

async function main() {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `hirehooks-n8n-smoke-${QUEUE ? 'queue-' : ''}`));
	log(`user folder ${userFolder}`);
	let ok = false;
	try {
		if (QUEUE) await queueMode(userFolder);
		else await regularMode(userFolder);
		ok = true;
	} finally {
		if (KEEP || !ok) log(`keeping ${userFolder} (n8n-*.log inside)`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
	}
	timings.totalMs = Date.now() - t0;
	console.log('TIMINGS ' + JSON.stringify(timings, null, 2));
	console.log(`n8n smoke (${QUEUE ? 'queue' : 'regular'} mode): PASS`);
}

main().then(
	() => process.exit(0),
	(err) => {
		console.error(err && err.stack ? err.stack : err);
		console.error(`n8n smoke (${QUEUE ? 'queue' : 'regular'} mode): FAIL`);
		process.exit(1);
	},
);
