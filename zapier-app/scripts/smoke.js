#!/usr/bin/env node
'use strict';
/**
 * Loads each generated integration folder exactly as Zapier will (its index.js, its own
 * node_modules/zapier-platform-core, its copy of the core) and runs it through Zapier's app tester:
 * every hook trigger lists its sample, and a delivery signed by the bundled core, with headers renamed
 * the way Zapier presents them, comes out as one item. Run under Node 22 by check.js. Offline.
 *
 * Usage: node zapier-app/scripts/smoke.js [platform-id ...]
 */
const assert = require('node:assert/strict');
const path = require('node:path');
const { ZAPIER_DIR } = require('./lib');
const { examplesOf } = require('../../scripts/lib/platform-examples');

function zapierHeaders(headers) {
	const titled = (name) =>
		name
			.split('-')
			.map((p) => (p === '' ? p : p[0].toUpperCase() + p.slice(1).toLowerCase()))
			.join('-');
	return Object.fromEntries(Object.entries(headers).map(([name, value]) => [/^content-(type|length)$/i.test(name) ? titled(name) : `Http-${titled(name)}`, value]));
}

async function smoke(id) {
	const dir = path.join(ZAPIER_DIR, id);
	const app = require(path.join(dir, 'index.js'));
	const { createAppTester } = require(path.join(dir, 'node_modules', 'zapier-platform-core'));
	const core = require(path.join(dir, 'core', 'core'));
	const tester = createAppTester(app);
	const triggers = Object.values(app.triggers);
	assert.ok(triggers.length > 0, `${id}: no triggers`);
	let delivered = 0;
	for (const trigger of triggers) {
		const operation = trigger.operation;
		if (operation.type !== 'hook') continue;
		const event = core.getPlatform(id).events.find((e) => e.name === operation.sample.event);
		if (event === undefined || trigger.key === 'any_event') continue;
		// Secrets where a Zapier user types them: per-endpoint ones on the trigger, the account's in the connection.
		const { secrets } = examplesOf(id);
		const authData = {};
		const inputData = {};
		for (const field of core.getPlatform(id).secretFields)
			if (secrets[field.key] !== undefined) (field.scope === 'endpoint' ? inputData : authData)[field.key] = secrets[field.key];
		const signed = core.signDelivery(id, { event: event.name, data: event.sample, meta: event.sampleMeta }, secrets);
		const rawRequest = { method: signed.method, querystring: '', headers: zapierHeaders(signed.headers), content: signed.body };
		const items = await tester(operation.perform, { authData, inputData, rawRequest, meta: {} });
		assert.equal(items.length, 1, `${id}.${trigger.key}: a genuine delivery gave ${items.length} items`);
		assert.equal(items[0].verified, true);
		assert.deepEqual(items[0].data, event.sample);
		// The editor's test step shows that delivery.
		const listed = await tester(operation.performList, { authData, inputData, meta: { isLoadingSample: true } });
		assert.deepEqual(listed, items, `${id}.${trigger.key}: the test step does not show the delivery just received`);
		delivered += 1;
	}
	const hooks = triggers.filter((t) => t.operation.type === 'hook').length;
	return hooks > 0
		? `${id}: ${triggers.length} hook triggers loaded from index.js, ${delivered} genuine deliveries accepted and shown by the test step`
		: `${id}: ${triggers.length} polling triggers loaded from index.js`;
}

async function main() {
	const { platformIds } = require(path.join(ZAPIER_DIR, process.argv[2] ?? 'talentpools', 'core', 'core'));
	const ids = process.argv.length > 2 ? process.argv.slice(2) : platformIds;
	const quiet = console.log;
	for (const id of ids) {
		// z.console echoes to the console; keep the smoke output to one line per integration.
		console.log = () => {};
		let line;
		try {
			line = await smoke(id);
		} finally {
			console.log = quiet;
		}
		console.log(`[zapier] smoke ${line}`);
	}
}

main().catch((error) => {
	process.stderr.write(`[zapier] smoke failed: ${error.stack ?? error.message}\n`);
	process.exitCode = 1;
});
