#!/usr/bin/env node
/**
 * The main job. `npm start`: the sandbox (playing the five platforms) and a real n8n with this pack,
 * an owner account, sandbox credentials and one active example workflow per platform, each with pinned
 * sample data so downstream steps can be built before a live event; runs until Ctrl-C.
 * `npm run demo` (--headless): the same, then emits every catalogue event of every platform, prints
 * the items n8n produced, stops, and exits 0 only if every event arrived verified, exactly once.
 */
const path = require('node:path');

const stackLib = require('./lib/stack');
const { deployExampleWorkflows } = require('./lib/examples');

const root = path.join(__dirname, '..');
const headless = process.argv.includes('--headless');
const core = require(path.join(root, 'dist', 'core'));

const log = (line) => console.log(line);

async function main() {
	const started = Date.now();
	log(headless ? 'HireHooks demo (headless): sandbox + real n8n + the pack' : 'HireHooks: starting the sandbox and a real n8n with the pack…');
	const stack = await stackLib.startStack({
		// The sandbox narrates every delivery attempt; the demo prints its own line per event instead.
		log: (line) => (line.startsWith('[sandbox]') ? undefined : log(`  ${line}`)),
		n8nPort: headless ? 0 : Number(process.env.N8N_PORT || 5678),
		sandboxPort: headless ? 0 : Number(process.env.SANDBOX_PORT || 4010),
		// A fresh n8n user folder each time: the sandbox's subscriptions live in memory, so an old n8n
		// database would point at subscriptions that no longer exist.
	});
	let stopping = false;
	const stop = async (code) => {
		if (stopping) return;
		stopping = true;
		log('\nstopping n8n and the sandbox…');
		await stack.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));

	try {
		const deployed = await deployExampleWorkflows(stack, { log });

		if (!headless) {
			log(`
n8n is ready: ${stack.n8n.baseUrl}
  log in as ${stack.owner.email} / ${stack.owner.password}
  open any "HireHooks example" workflow: the trigger holds pinned sample items to build the next steps with.
The sandbox plays the platforms at ${stack.sandbox.url}. Send a live, signed event and watch it run:
  curl -s -X POST ${stack.sandbox.url}/_sandbox/emit -H 'content-type: application/json' -d '{"platform":"talentpools","event":"job.posted"}'
  (platforms: ${core.platformIds.join(', ')}; events: GET ${stack.sandbox.url}/_sandbox/catalogue)
Then open Executions in n8n. Ctrl-C stops everything.`);
			return;
		}

		let expected = 0;
		let failures = 0;
		for (const id of core.platformIds) {
			const platform = core.platforms[id];
			log(`\n${platform.displayName}`);
			for (const definition of platform.events) {
				expected++;
				const result = await stackLib.emit(stack, id, definition.name);
				const items = await stackLib.waitForItems(stack, deployed[id].workflowId, result.eventId, { timeoutMs: 15000 });
				const ok = items.length === 1 && items[0].event === (id === 'signed-webhook' ? definition.sample.event : definition.name) && items[0].known === true;
				if (!ok) failures++;
				const item = items[0] ?? {};
				const fields = Object.keys(item).filter((k) => !['event', 'id', 'occurredAt', 'platform', 'entity', 'known', 'meta'].includes(k));
				log(
					`  ${ok ? '✔' : '✖'} ${definition.name.padEnd(44)} → ${items.length} item${items.length === 1 ? '' : 's'}: ${item.entity ?? '?'} ${fields
						.slice(0, 4)
						.map((k) => `${k}=${short(item[k])}`)
						.join(' ')}`,
				);
			}
		}
		log(`\n${expected - failures}/${expected} events arrived verified in n8n, each exactly once (${((Date.now() - started) / 1000).toFixed(0)} s)`);
		await stop(failures === 0 ? 0 : 1);
	} catch (error) {
		console.error(`\n✖ ${error.stack || error}`);
		await stop(1);
	}
}

function short(value) {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return text === undefined ? '' : text.length > 28 ? `${text.slice(0, 27)}…` : text;
}

main();
