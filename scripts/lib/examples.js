'use strict';
/**
 * The example workflows: examples/<platform id>.json (trigger → Edit Fields, the credential referenced
 * by name) are what users import into n8n, and what `npm start`, `npm run demo` and
 * `npm run screenshots` deploy into a running stack (scripts/lib/stack.js), with the catalogue
 * samples of the platform's first three events pinned on the trigger so the next steps can be built
 * in the editor before a live event arrives. test/e2e/compat imports and runs them on every
 * supported n8n version.
 *
 *   const deployed = await deployExampleWorkflows(stack, { log });  // { talentpools: { workflowId, productionUrl, ... }, ... }
 *
 * Needs the built package (dist/).
 */
const fs = require('node:fs');
const path = require('node:path');

const stackLib = require('./stack');

const core = require(path.join(stackLib.REPO_ROOT, 'dist', 'core'));

const EXAMPLES_DIR = path.join(stackLib.REPO_ROOT, 'examples');
const noop = () => {};

/** The importable example workflow of a platform, as committed. */
function exampleWorkflow(platformId) {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${platformId}.json`), 'utf8'));
}

/** The items the trigger would emit for the platform's first `count` catalogue samples. */
function sampleItems(platform, count = 3) {
	return platform.events.slice(0, count).map((definition) => {
		const event = core.describeEvent(platform, {
			event: definition.name,
			id: 'sample',
			occurredAt: new Date().toISOString(),
			data: definition.sample,
			meta: definition.sampleMeta,
		});
		return { json: core.envelopeWithId(event, 'sample', true) };
	});
}

/**
 * Import every platform's example workflow (catalogue order) with a sandbox credential of the name
 * the example references, pinned samples, activated; returns deployPlatformWorkflow's results by platform id.
 */
async function deployExampleWorkflows(stack, { log = noop } = {}) {
	const deployed = {};
	for (const id of core.platformIds) {
		const platform = core.platforms[id];
		deployed[id] = await stackLib.deployPlatformWorkflow(stack, id, { workflow: exampleWorkflow(id), pinData: sampleItems(platform) });
		log(`  ✔ ${platform.displayName}: workflow ${deployed[id].workflowId} active at ${deployed[id].productionUrl}`);
	}
	return deployed;
}

module.exports = { deployExampleWorkflows, exampleWorkflow, sampleItems, EXAMPLES_DIR };
