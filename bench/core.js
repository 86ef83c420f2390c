/**
 * Core verification throughput, side by side in one process: HireHooks' verifyDelivery against
 * (a) a bare node:crypto baseline doing the same work by hand (HMAC + constant-time compare, plus
 * AES decryption and JSON parsing where the platform needs them: the do-it-yourself code users paste
 * today), (b) a bare HMAC of the body alone, and (c) the svix library's verify for the Svix platform.
 * Rounds are interleaved so machine noise hits every candidate alike; a ratio is the median of the
 * rounds' ratios (each round's candidates run back to back).
 */
const crypto = require('node:crypto');
const path = require('node:path');
const core = require(path.join(__dirname, '..', 'dist', 'core'));
const svixScheme = require(path.join(__dirname, '..', 'dist', 'core', 'schemes', 'svix'));
const { examplesOf } = require(path.join(__dirname, '..', 'scripts', 'lib', 'platform-examples'));
const { williamsOrders } = require('./orders');

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

async function runCoreBench({ rounds = 9, msPerRun = 200, log = console.log } = {}) {
	const { Webhook } = await import('svix');
	const rows = [];
	for (const platform of core.platformIds) {
		for (const [label, bytes] of SIZES) {
			const { secrets, event } = examplesOf(platform);
			const delivery = core.signDelivery(platform, { event, data: dataFor(platform, bytes), id: 'evt-bench' }, secrets);
			// The cap is raised: the 1 MB rows are over SmartRecruiters' default (its bodies are ids).
			const verifyOptions = { eventToleranceSeconds: 0, toleranceSeconds: 10 ** 9, maxBodyBytes: 64 * 1024 * 1024 };
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
			// One untimed round: every candidate is compiled and optimised before any round counts.
			for (const fn of Object.values(candidates)) opsPerSecond(fn, Math.ceil(msPerRun / 3));
			const samples = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
			// The garbage a candidate leaves is collected during the next one's time. Turning one order
			// would keep each candidate's predecessor the same every round; a Williams design gives every
			// candidate each other one as predecessor equally often.
			const entries = Object.entries(candidates);
			const orders = williamsOrders(entries.length);
			const roundCount = Math.ceil(rounds / orders.length) * orders.length;
			for (let r = 0; r < roundCount; r++) {
				for (const index of orders[r % orders.length]) {
					const [name, fn] = entries[index];
					samples[name].push(opsPerSecond(fn, msPerRun));
				}
			}
			const ops = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
			// Each round times the candidates one after the other, so a round's ratio shares that moment's noise.
			const ratio = (a, b) => (samples[a] === undefined ? null : +median(samples[a].map((value, r) => value / samples[b][r])).toFixed(2));
			const row = {
				platform,
				size: label,
				bodyBytes: Buffer.byteLength(delivery.body),
				hirehooksOps: Math.round(ops.hirehooks),
				diyOps: Math.round(ops.diy),
				bareHmacOps: Math.round(ops.bareHmac),
				svixOps: ops.svix === undefined ? null : Math.round(ops.svix),
				vsDiy: ratio('hirehooks', 'diy'),
				vsBareHmac: ratio('hirehooks', 'bareHmac'),
				vsSvix: ops.svix === undefined ? null : ratio('hirehooks', 'svix'),
				svixOnlyOps: ops.hirehooksSvixOnly === undefined ? null : Math.round(ops.hirehooksSvixOnly),
				svixOnlyVsSvix: ops.svix === undefined ? null : ratio('hirehooksSvixOnly', 'svix'),
			};
			rows.push(row);
			log(
				`${platform.padEnd(15)} ${label.padStart(5)}  hirehooks ${String(row.hirehooksOps).padStart(7)}/s  diy ${String(row.diyOps).padStart(7)}/s (x${row.vsDiy})  bare HMAC ${String(row.bareHmacOps).padStart(7)}/s (x${row.vsBareHmac})${row.vsSvix === null ? '' : `  svix ${row.svixOps}/s (x${row.vsSvix}; signature+parse only x${row.svixOnlyVsSvix})`}`,
			);
		}
	}
	return rows;
}

const MB = 1024 * 1024;

/** Milliseconds per call: the median of `rounds` timed calls after one warm-up. */
function msPerCall(fn, rounds) {
	fn();
	const times = [];
	for (let r = 0; r < rounds; r++) {
		const start = process.hrtime.bigint();
		fn();
		times.push(Number(process.hrtime.bigint() - start) / 1e6);
	}
	return median(times);
}

/** Peak heap growth (MB) while `fn` runs once, sampled before and right after. */
function heapGrowthMB(fn) {
	if (global.gc) global.gc();
	const before = process.memoryUsage().heapUsed;
	fn();
	return +((process.memoryUsage().heapUsed - before) / MB).toFixed(1);
}

function refused(fn) {
	return () => {
		try {
			fn();
		} catch (error) {
			if (error instanceof core.WebhookVerificationError) return error.code;
			throw error;
		}
		throw new Error('a forged delivery was accepted');
	};
}

/**
 * Issue 14: what a forged request costs (a genuine delivery's headers, a 16 MB body of the platform's
 * own shape, a wrong signature) against one HMAC-SHA256 over the same 16 MB, in the same run; with the
 * platform's default body cap and with the cap raised above 16 MB (the verification work itself). And
 * 5 MB genuine deliveries of every platform side by side.
 */
function runAdversarialBench({ rounds = 7, log = console.log } = {}) {
	const forged = [];
	const genuine = [];
	const raised = { eventToleranceSeconds: 0, toleranceSeconds: 10 ** 9, maxBodyBytes: 64 * MB };
	for (const platform of core.platformIds) {
		const secrets = examplesOf(platform).secrets;
		const big = core.signDelivery(
			platform,
			{ event: examplesOf(platform).event, data: dataFor(platform, 16 * MB), id: 'evt-forged' },
			secrets,
			platform === 'hrflow' ? { bodyFormat: 'json' } : {},
		);
		const wrong = core.signDelivery(
			platform,
			{ event: examplesOf(platform).event, data: { id: 'x' }, id: 'evt-forged' },
			Object.fromEntries(
				Object.entries(secrets).map(([k, v]) => [k, k === 'signingSecret' ? 'whsec_b2xkLXNlY3JldC1rZXktYnl0ZXMtMTIzNDU2Nzg=' : /secret|key/i.test(k) ? `${v}-wrong` : v]),
			),
			platform === 'hrflow' ? { bodyFormat: 'json' } : {},
		);
		const body = Buffer.from(big.body);
		const request = { method: 'POST', headers: { ...big.headers, ...Object.fromEntries(Object.entries(wrong.headers).filter(([name]) => /signature/i.test(name))) }, body };
		const hmacMs = msPerCall(() => crypto.createHmac('sha256', 'k').update(body).digest(), rounds);
		const defaultCode = refused(() => core.verifyDelivery(platform, request, secrets))();
		const defaultMs = msPerCall(
			refused(() => core.verifyDelivery(platform, request, secrets)),
			rounds,
		);
		const raisedCode = refused(() => core.verifyDelivery(platform, request, secrets, raised))();
		const raisedMs = msPerCall(
			refused(() => core.verifyDelivery(platform, request, secrets, raised)),
			rounds,
		);
		const raisedHeapMB = heapGrowthMB(refused(() => core.verifyDelivery(platform, request, secrets, raised)));
		const row = {
			platform,
			bodyMB: +(body.length / MB).toFixed(1),
			hmacMs: +hmacMs.toFixed(1),
			defaultCode,
			defaultMs: +defaultMs.toFixed(2),
			raisedCode,
			raisedMs: +raisedMs.toFixed(1),
			raisedVsHmac: +(raisedMs / hmacMs).toFixed(2),
			raisedHeapMB,
		};
		forged.push(row);
		log(
			`forged ${platform.padEnd(15)} ${row.bodyMB} MB: default cap ${row.defaultMs} ms (${defaultCode}); cap raised ${row.raisedMs} ms (${raisedCode}) = ${row.raisedVsHmac}x one HMAC (${row.hmacMs} ms), heap +${raisedHeapMB} MB`,
		);
	}
	{
		// HrFlow's worst shape for the re-printing pass: many tiny members, cut off by the member bound.
		const element = '{"type":"profile.parsing.success","n":1}';
		const body = Buffer.from(`[${Array.from({ length: Math.floor((16 * MB) / (element.length + 1)) }, () => element).join(',')}]`);
		const request = { method: 'POST', headers: { 'content-type': 'application/json', 'HTTP-HRFLOW-SIGNATURE': 'ab'.repeat(32) }, body };
		const hmacMs = msPerCall(() => crypto.createHmac('sha256', 'k').update(body).digest(), rounds);
		const run = refused(() => core.verifyDelivery('hrflow', request, examplesOf('hrflow').secrets, raised));
		const row = {
			platform: 'hrflow (tiny objects)',
			bodyMB: +(body.length / MB).toFixed(1),
			hmacMs: +hmacMs.toFixed(1),
			defaultCode: refused(() => core.verifyDelivery('hrflow', request, examplesOf('hrflow').secrets))(),
			defaultMs: +msPerCall(
				refused(() => core.verifyDelivery('hrflow', request, examplesOf('hrflow').secrets)),
				rounds,
			).toFixed(2),
			raisedCode: run(),
			raisedMs: +msPerCall(run, rounds).toFixed(1),
			raisedHeapMB: heapGrowthMB(run),
		};
		row.raisedVsHmac = +(row.raisedMs / hmacMs).toFixed(2);
		forged.push(row);
		log(`forged ${row.platform} ${row.bodyMB} MB: cap raised ${row.raisedMs} ms (${row.raisedCode}) = ${row.raisedVsHmac}x one HMAC`);
	}
	const fiveMB = core.platformIds.map((platform) => {
		const secrets = examplesOf(platform).secrets;
		const delivery = core.signDelivery(
			platform,
			{ event: examplesOf(platform).event, data: dataFor(platform, 5 * MB), id: 'evt-5mb' },
			secrets,
			platform === 'hrflow' ? { bodyFormat: 'json' } : {},
		);
		return { platform, delivery: { ...delivery, body: Buffer.from(delivery.body) }, secrets };
	});
	const samples = Object.fromEntries(fiveMB.map(({ platform }) => [platform, []]));
	const hmacSamples = [];
	for (let r = 0; r < rounds; r++) {
		for (const { platform, delivery, secrets } of fiveMB) samples[platform].push(msPerCall(() => core.verifyDelivery(platform, delivery, secrets, raised), 1));
		hmacSamples.push(msPerCall(() => crypto.createHmac('sha256', 'k').update(fiveMB[0].delivery.body).digest(), 1));
	}
	const others = fiveMB.filter(({ platform }) => platform !== 'hrflow').map(({ platform }) => median(samples[platform]));
	for (const { platform, delivery } of fiveMB) {
		const ms = median(samples[platform]);
		const row = {
			platform,
			bodyMB: +(delivery.body.length / MB).toFixed(1),
			ms: +ms.toFixed(1),
			vsOthersMedian: +(ms / median(others)).toFixed(2),
			hmacMs: +median(hmacSamples).toFixed(1),
		};
		genuine.push(row);
		log(`genuine 5 MB ${platform.padEnd(15)} ${row.ms} ms (${row.vsOthersMedian}x the median of the others; one HMAC ${row.hmacMs} ms)`);
	}
	return { forged, genuine };
}

module.exports = { runCoreBench, runAdversarialBench, diy, dataFor, payloadOfSize };
