'use strict';
/** n8n's HTTP side: the REST (cookie) calls for owner set-up and API keys, the public API client, polls on executions and webhooks. */
const fs = require('node:fs');
const path = require('node:path');
const { noop, sleep, readJsonSafe } = require('./common');

const DEFAULT_OWNER = {
	email: 'e2e-owner@hirehooks.test',
	firstName: 'E2E',
	lastName: 'Owner',
	// n8n password rules: 8..64 chars, at least one digit and one upper-case letter.
	password: 'HireHooks-e2e-Passw0rd',
};
const BROWSER_ID = 'hirehooks-e2e-browser';

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
		const { status, json, text } = await httpJson(method, `${root}${p}`, { body, timeoutMs, headers: { 'X-N8N-API-KEY': apiKey } });
		if (allowError) return { status, json, text };
		if (status < 200 || status >= 300) {
			const err = new Error(`${method} /api/v1${p} -> ${status}: ${text.slice(0, 1000)}`);
			err.status = status;
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
async function waitForExecutions(client, { workflowId, count = 1, timeoutMs = 30000, intervalMs = 250, includeData = true, status, finishedOnly = true } = {}) {
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

module.exports = { httpJson, restCall, BROWSER_ID, DEFAULT_OWNER, setupOwnerAndApiKey, api, waitForExecutions, waitForWebhook, publicationStatus };
