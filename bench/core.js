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

const SIZES = [
	['2 KB', 2 * 1024],
	['64 KB', 64 * 1024],
	['1 MB', 1024 * 1024],
];
const SECRETS = {
	talentpools: { signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', encryptionKey: 'bench-encryption-key' },
	hrflow: { secret: 'wsk_bench' },
	peopleforce: { secret: 'pf-bench' },
	'signed-webhook': { secret: 'sw-bench' },
	smartrecruiters: { secret: 'sr-bench' },
};

function payloadOfSize(bytes) {
	const filler = 'Experienced engineer; React, Node.js, PostgreSQL, Kubernetes. ';
	const notes = filler.repeat(Math.ceil(bytes / filler.length)).slice(0, Math.max(0, bytes - 200));
	return { id: 'job_81723', title: 'Senior React Developer', notes };
}

function eventFor(platform) {
	return { talentpools: 'job.posted', hrflow: 'profile.parsing.success', peopleforce: 'employee_create', 'signed-webhook': 'webhook', smartrecruiters: 'job.created' }[platform];
}

function dataFor(platform, bytes) {
	const big = payloadOfSize(bytes);
	if (platform === 'hrflow') return { origin: 'api', message: 'profile parsing succeed', profile: { key: 'd821393853fc32b08c93b8d38590817c72048ec4', source: { key: 'd900ec70c67d43c71027f9bc63ec3b5b3e16c1d8' }, summary: big.notes } };
	if (platform === 'signed-webhook') return { event: 'candidate.hired', data: big };
	return big;
}

/** The hand-written equivalents: what a careful user writes with node:crypto alone. */
const diy = {
	talentpools(delivery, secrets) {
		const key = Buffer.from(secrets.signingSecret.split('_')[1], 'base64');
		const h = delivery.headers;
		const expected = crypto.createHmac('sha256', key).update(`${h['svix-id']}.${h['svix-timestamp']}.${delivery.body}`).digest();
		const ok = h['svix-signature'].split(' ').some((s) => { const b = Buffer.from(s.split(',')[1], 'base64'); return b.length === expected.length && crypto.timingSafeEqual(b, expected); });
		if (!ok) throw new Error('mismatch');
		const [iv, content] = JSON.parse(delivery.body).message.split('.');
		const decipher = crypto.createDecipheriv('aes-256-ctr', crypto.createHash('sha256').update(secrets.encryptionKey).digest(), Buffer.from(iv, 'hex'));
		return JSON.parse(Buffer.concat([decipher.update(Buffer.from(content, 'hex')), decipher.final()]).toString());
	},
	peopleforce(delivery, secrets) {
		const expected = Buffer.from('sha256=' + crypto.createHmac('sha256', secrets.secret).update(delivery.body).digest('hex'));
		const got = Buffer.from(delivery.headers['X-PeopleForce-Signature']);
		if (got.length !== expected.length || !crypto.timingSafeEqual(got, expected)) throw new Error('mismatch');
		return JSON.parse(delivery.body);
	},
	'signed-webhook'(delivery, secrets) {
		const expected = Buffer.from(crypto.createHmac('sha256', secrets.secret).update(delivery.body).digest('hex'));
		const got = Buffer.from(delivery.headers['X-Signature']);
		if (got.length !== expected.length || !crypto.timingSafeEqual(got, expected)) throw new Error('mismatch');
		return JSON.parse(delivery.body);
	},
	smartrecruiters(delivery, secrets) {
		const h = delivery.headers;
		const content = [h['smartrecruiters-timestamp'], delivery.body, h['event-id'], h['event-name'], h['event-version'], h.link ?? ''].join('.');
		const expected = Buffer.from('v1=' + crypto.createHmac('sha256', secrets.secret).update(content).digest('hex'));
		const ok = h['smartrecruiters-signature'].split(';').some((s) => { const b = Buffer.from(s); return b.length === expected.length && crypto.timingSafeEqual(b, expected); });
		if (!ok) throw new Error('mismatch');
		return JSON.parse(delivery.body);
	},
	hrflow(delivery, secrets) {
		// The seed's recipe by hand in JavaScript: fields → compact JSON → HMAC. (JSON.stringify is not
		// byte-exact with Python for non-ASCII text; the samples here are ASCII so it verifies.)
		const fields = Object.fromEntries(new URLSearchParams(delivery.body));
		const expected = crypto.createHmac('sha256', secrets.secret).update(JSON.stringify(fields)).digest();
		const got = Buffer.from(delivery.headers['HTTP-HRFLOW-SIGNATURE'], 'hex');
		if (got.length !== expected.length || !crypto.timingSafeEqual(got, expected)) throw new Error('mismatch');
		return { ...fields, profile: JSON.parse(fields.profile) };
	},
};

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
			const secrets = SECRETS[platform];
			const delivery = core.signDelivery(platform, { event: eventFor(platform), data: dataFor(platform, bytes), id: 'evt-bench' }, secrets);
			const verifyOptions = { eventToleranceSeconds: 0, toleranceSeconds: 10 ** 9 };
			const candidates = {
				hirehooks: () => core.verifyDelivery(platform, delivery, secrets, verifyOptions),
				diy: () => diy[platform](delivery, secrets),
				bareHmac: () => bareHmac(delivery, secrets),
			};
			if (platform === 'talentpools') {
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

module.exports = { runCoreBench, diy, SECRETS, dataFor, eventFor, payloadOfSize };
