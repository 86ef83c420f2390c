'use strict';
/**
 * The example workflows `npm start`, `npm run demo` and `npm run screenshots` deploy into a running
 * stack (scripts/lib/stack.js): one active workflow per platform (trigger → No Operation) with the
 * catalogue samples of its first three events pinned on the trigger, so the next steps can be built
 * in the editor before a live event arrives.
 *
 *   const deployed = await deployExampleWorkflows(stack, { log });  // { talentpools: { workflowId, productionUrl, ... }, ... }
 *
 * Needs the built package (dist/).
 */
const path = require('node:path');

const stackLib = require('./stack');

const core = require(path.join(stackLib.REPO_ROOT, 'dist', 'core'));
const { toOutputItem } = require(path.join(stackLib.REPO_ROOT, 'dist', 'nodes', 'shared', 'output'));

const noop = () => {};

/** The items the trigger would emit for the platform's first `count` catalogue samples. */
function sampleItems(platform, count = 3) {
	return platform.events.slice(0, count).map((definition) => {
		const event = core.describeEvent(platform, { event: definition.name, id: 'sample', occurredAt: new Date().toISOString(), data: definition.sample, meta: definition.sampleMeta });
		return toOutputItem(event);
	});
}

/** Deploy one example workflow per platform, in catalogue order; returns deployPlatformWorkflow's results by platform id. */
async function deployExampleWorkflows(stack, { log = noop } = {}) {
	const deployed = {};
	for (const id of core.platformIds) {
		const platform = core.platforms[id];
		deployed[id] = await stackLib.deployPlatformWorkflow(stack, id, { name: `HireHooks example: ${platform.displayName}`, credentialName: `${platform.displayName} (sandbox)`, pinData: sampleItems(platform) });
		log(`  ✔ ${platform.displayName}: workflow ${deployed[id].workflowId} active at ${deployed[id].productionUrl}`);
	}
	return deployed;
}

module.exports = { deployExampleWorkflows, sampleItems };
