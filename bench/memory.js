/**
 * Memory, measured in child processes (node --expose-gc) so nothing else in the bench skews them:
 *
 *  verifications  100,000 verifications (the five platforms in turn, 2 KB bodies), resident memory and
 *                 heap sampled after a GC every 10,000: flat means no growth after the warm-up.
 *  peak           one 5 MB body per platform: the peak resident memory above the level just before
 *                 the call (Linux VmHWM, reset through /proc/self/clear_refs), HireHooks against the
 *                 same work written by hand, in units of the body size. The unit test
 *                 test/unit/body-copies.test.ts proves the copy count itself (exactly one decode).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const core = require(path.join(__dirname, '..', 'dist', 'core'));
const { diy, dataFor } = require('./core');
const { examplesOf } = require(path.join(__dirname, '..', 'scripts', 'lib', 'platform-examples'));

const MB = 1024 * 1024;

function statusKb(field) {
	const line = fs
		.readFileSync('/proc/self/status', 'utf8')
		.split('\n')
		.find((l) => l.startsWith(`${field}:`));
	return Number(line.split(/\s+/)[1]);
}

function childVerifications(total) {
	const deliveries = core.platformIds.map((platform) => {
		const { secrets, event } = examplesOf(platform);
		const list = Array.from({ length: 50 }, (_, i) => core.signDelivery(platform, { event, data: { ...dataFor(platform, 2048), n: i }, id: `evt-mem-${i}` }, secrets));
		return { platform, secrets, list };
	});
	const options = { eventToleranceSeconds: 0, toleranceSeconds: 10 ** 9 };
	const samples = [];
	let verified = 0;
	for (let i = 0; i < total; i++) {
		const d = deliveries[i % deliveries.length];
		const result = core.verifyDelivery(d.platform, d.list[((i / deliveries.length) | 0) % d.list.length], d.secrets, options);
		verified += result.events.length;
		if ((i + 1) % 10000 === 0) {
			global.gc();
			const m = process.memoryUsage();
			samples.push({
				verifications: i + 1,
				rssMB: +(m.rss / MB).toFixed(1),
				heapUsedMB: +(m.heapUsed / MB).toFixed(2),
				externalMB: +((m.external + m.arrayBuffers) / MB).toFixed(2),
			});
		}
	}
	return { verified, samples };
}

function childPeak(platform, candidate) {
	const { secrets, event } = examplesOf(platform);
	const make = (bytes) => {
		const signed = core.signDelivery(platform, { event, data: dataFor(platform, bytes), id: 'evt-peak' }, secrets);
		const body = Buffer.from(signed.body);
		// HireHooks takes the raw bytes, as n8n hands them over; the by-hand code takes text, as users' snippets do.
		return {
			hirehooks: { method: signed.method, headers: signed.headers, body },
			byHand: { method: signed.method, headers: signed.headers, body: body.toString('utf8') },
			bytes: body.byteLength,
		};
	};
	const run = (d) =>
		candidate === 'hirehooks'
			? core.verifyDelivery(platform, d.hirehooks, secrets, { eventToleranceSeconds: 0, toleranceSeconds: 10 ** 9, maxBodyBytes: 64 * 1024 * 1024 })
			: diy(platform, d.byHand, secrets);
	// Warm up on a small body (code compiled, tables built) without leaving big pages resident.
	run(make(64 * 1024));
	const big = make(5 * MB);
	global.gc();
	global.gc();
	fs.writeFileSync('/proc/self/clear_refs', '5'); // resets VmHWM to the current resident size
	const before = statusKb('VmRSS');
	const result = run(big);
	const peak = statusKb('VmHWM');
	if (!result) throw new Error('nothing verified');
	return { bodyMB: +(big.bytes / MB).toFixed(2), peakExtraMB: +((peak - before) / 1024).toFixed(1) };
}

function inChild(args) {
	const out = execFileSync(process.execPath, ['--expose-gc', __filename, ...args], { encoding: 'utf8', maxBuffer: 16 * MB });
	return JSON.parse(out.trim().split('\n').pop());
}

/** Runs every memory measurement; returns plain figures for the results file. */
function runMemoryBench({ verifications = 100000, log = console.log } = {}) {
	const v = inChild(['verifications', String(verifications)]);
	const warm = v.samples[0];
	const last = v.samples[v.samples.length - 1];
	const verificationsResult = { ...v, rssGrowthMB: +(last.rssMB - warm.rssMB).toFixed(1), heapGrowthMB: +(last.heapUsedMB - warm.heapUsedMB).toFixed(2) };
	log(
		`  ${verifications} verifications: RSS ${warm.rssMB} MB after 10,000 → ${last.rssMB} MB after ${last.verifications.toLocaleString('en')} (heap ${warm.heapUsedMB} → ${last.heapUsedMB} MB)`,
	);
	const peak = [];
	for (const platform of core.platformIds) {
		const hirehooks = inChild(['peak', platform, 'hirehooks']);
		const byHand = inChild(['peak', platform, 'by-hand']);
		const row = {
			platform,
			bodyMB: hirehooks.bodyMB,
			hirehooksPeakExtraMB: hirehooks.peakExtraMB,
			byHandPeakExtraMB: byHand.peakExtraMB,
			hirehooksBodies: +(hirehooks.peakExtraMB / hirehooks.bodyMB).toFixed(2),
			byHandBodies: +(byHand.peakExtraMB / byHand.bodyMB).toFixed(2),
		};
		peak.push(row);
		log(
			`  5 MB ${platform.padEnd(15)} peak above the start: HireHooks ${row.hirehooksPeakExtraMB} MB (${row.hirehooksBodies} bodies), by hand ${row.byHandPeakExtraMB} MB (${row.byHandBodies} bodies)`,
		);
	}
	return { verifications: verificationsResult, peak };
}

if (require.main === module && process.argv[2] === 'verifications') {
	console.log(JSON.stringify(childVerifications(Number(process.argv[3]))));
} else if (require.main === module && process.argv[2] === 'peak') {
	console.log(JSON.stringify(childPeak(process.argv[3], process.argv[4])));
}

module.exports = { runMemoryBench };
