/**
 * Core verification throughput, side by side in one process: HireHooks' verifyDelivery against
 * (a) a bare node:crypto baseline doing the same work by hand (HMAC + constant-time compare, plus
 * AES decryption and JSON parsing where the platform needs them: the do-it-yourself code users paste
 * today), (b) a bare HMAC of the body alone, and (c) the svix library's verify for the Svix platform.
 * Rounds are interleaved so machine noise hits every candidate alike; ratios are medians of rounds.
 */
const crypto = require('node:crypto');
const path = require('node:path');
const core = require(path.join(__dirname, '..', 'dist', 'core'));
const svixScheme = require(path.join(__dirname, '..', 'dist', 'core', 'schemes', 'svix'));
const { examplesOf } = require(path.join(__dirname, '..', 'scripts', 'lib', 'platform-examples'));

const SIZES = [
	['2 KB', 2 * 1024],
	['64 KB', 64 * 1024],
	['1 MB', 1024 * 1024],
];
function payloadOfSize(bytes) {
	const filler = 'Experienced engineer; React, Node.js, PostgreSQL, Kubernetes. ';
	const notes = filler.repeat(Math.ceil(bytes / filler.length)).slice(0, Math.max(0, bytes - 200));
	return { id: 'job_81723', title: 'Senior React Developer', notes };
}

/** The platform's benchmark event and secrets come from its examples (core/platforms/<id>/examples.ts). */
function dataFor(platform, bytes) {
	return examplesOf(platform).dataWithText(payloadOfSize(bytes).notes);
}

/** The hand-written equivalent of each platform's check: what a careful user writes with node:crypto alone. */
const diy = (platform, delivery, secrets) => examplesOf(platform).verifyByHand(delivery, secrets);

function bareHmac(delivery, secrets) {
	const secret = secrets.secret ?? secrets.signingSecret;
	const expected = crypto.createHmac('sha256', secret).update(delivery.body).digest();
	return crypto.timingSafeEqual(expected, expected);
}

function opsPerSecond(fn, ms) {
	const end = process.hrtime.bigint() + BigInt(ms) * 1_000_000n;
	let ops = 0;
	const start = process.hrtime.bigint();
	while (process.hrtime.bigint() < end) {
		fn();
		ops++;
	}
	return ops / (Number(process.hrtime.bigint() - start) / 1e9);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function runCoreBench({ rounds = 5, msPerRun = 300, log = console.log } = {}) {
	const { Webhook } = await import('svix');
	const rows = [];
	for (const platform of core.platformIds) {
		for (const [label, bytes] of SIZES) {
			const { secrets, event } = examplesOf(platform);
			const delivery = core.signDelivery(platform, { event, data: dataFor(platform, bytes), id: 'evt-bench' }, secrets);
			const verifyOptions = { eventToleranceSeconds: 0, toleranceSeconds: 10 ** 9 };
			const candidates = {
				hirehooks: () => core.verifyDelivery(platform, delivery, secrets, verifyOptions),
				diy: () => diy(platform, delivery, secrets),
				bareHmac: () => bareHmac(delivery, secrets),
			};
			// Svix-signed platforms also run against the svix library itself.
			if (delivery.headers['svix-signature'] !== undefined) {
				const wh = new Webhook(secrets.signingSecret);
				const svixHeaders = { 'svix-id': delivery.headers['svix-id'], 'svix-timestamp': delivery.headers['svix-timestamp'], 'svix-signature': delivery.headers['svix-signature'] };
				// svix checks the 5-minute window against the real clock: re-sign per run is not needed for a short bench.
				candidates.svix = () => wh.verify(delivery.body, svixHeaders);
				// The same job as svix's verify (check the Svix signature, parse the JSON body), done by HireHooks' Svix scheme.
				const normalized = core.normalizeDelivery(delivery);
				candidates.hirehooksSvixOnly = () => {
					svixScheme.verifySvix(core.normalizeDelivery(delivery), [secrets.signingSecret], { secretLabel: 'signing secret', toleranceSeconds: 10 ** 9 });
					return JSON.parse(normalized.text);
				};
			}
			for (const fn of Object.values(candidates)) fn(); // each must succeed before it is timed
			const samples = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
			for (let r = 0; r < rounds; r++) for (const [name, fn] of Object.entries(candidates)) samples[name].push(opsPerSecond(fn, msPerRun));
			const ops = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
			const row = {
				platform,
				size: label,
				bodyBytes: Buffer.byteLength(delivery.body),
				hirehooksOps: Math.round(ops.hirehooks),
				diyOps: Math.round(ops.diy),
				bareHmacOps: Math.round(ops.bareHmac),
				svixOps: ops.svix === undefined ? null : Math.round(ops.svix),
				vsDiy: +(ops.hirehooks / ops.diy).toFixed(2),
				vsBareHmac: +(ops.hirehooks / ops.bareHmac).toFixed(2),
				vsSvix: ops.svix === undefined ? null : +(ops.hirehooks / ops.svix).toFixed(2),
				svixOnlyOps: ops.hirehooksSvixOnly === undefined ? null : Math.round(ops.hirehooksSvixOnly),
				svixOnlyVsSvix: ops.svix === undefined ? null : +(ops.hirehooksSvixOnly / ops.svix).toFixed(2),
			};
			rows.push(row);
			log(`${platform.padEnd(15)} ${label.padStart(5)}  hirehooks ${String(row.hirehooksOps).padStart(7)}/s  diy ${String(row.diyOps).padStart(7)}/s (x${row.vsDiy})  bare HMAC ${String(row.bareHmacOps).padStart(7)}/s (x${row.vsBareHmac})${row.vsSvix === null ? '' : `  svix ${row.svixOps}/s (x${row.vsSvix}; signature+parse only x${row.svixOnlyVsSvix})`}`);
		}
	}
	return rows;
}

module.exports = { runCoreBench, diy, dataFor, payloadOfSize };
