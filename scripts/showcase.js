#!/usr/bin/env node
/** Shows the core at work: one signed delivery per platform verified into typed events, and forgeries refused. */
const core = require('../dist/core');

const secrets = {
	talentpools: { signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', encryptionKey: 'showcase-encryption-key' },
	hrflow: { secret: 'wsk_showcase' },
	peopleforce: { secret: 'pf-showcase' },
	'signed-webhook': { secret: 'sw-showcase' },
	smartrecruiters: { secret: 'sr-showcase' },
};

for (const id of core.platformIds) {
	const platform = core.platforms[id];
	const event = platform.events[0];
	const delivery = core.signDelivery(id, { event: event.name, data: event.sample, meta: event.sampleMeta }, secrets[id]);
	const verified = core.verifyDelivery(id, delivery, secrets[id]);
	console.log(`\n${platform.displayName}: ${platform.events.length} events in the catalogue`);
	console.log(`  signed ${delivery.method} with ${Object.keys(delivery.headers).join(', ')}`);
	console.log(`  verified → ${verified.event} (${verified.entity}), id ${verified.id ?? '—'}: ${JSON.stringify(verified.data).slice(0, 110)}…`);
	try {
		core.verifyDelivery(id, { ...delivery, body: delivery.body.replace(/.$/, ' ') }, secrets[id]);
		console.log('  ✖ a tampered delivery was accepted');
		process.exitCode = 1;
	} catch (error) {
		console.log(`  tampered copy refused: ${error.code} (HTTP ${error.status})`);
	}
}
