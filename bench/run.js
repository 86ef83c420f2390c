/**
 * `npm run bench`: writes bench/results/RESULTS.md (and results.json) with the machine, versions
 * and every ratio measured side by side in this one run. Targets are reported, never asserted here;
 * the fault runs assert their own figures (jest project "faults") and this file only tabulates them.
 *
 *   npm run bench                      everything (about 75 minutes: the n8n part 25, the soak 12, the fault runs 35)
 *   npm run bench -- --quick           the same parts, small and short (a smoke run; figures are noisy)
 *   npm run bench -- --only=core,n8n   some parts: core, memory, n8n, soak, faults
 *   npm run bench -- --only=n8n --engines=vm-lazy   n8n end to end under some expression-engine settings
 *   npm run bench -- --render          only write RESULTS.md again (after a fault run)
 *
 * Run it on a quiet machine: two cores, and n8n's main process saturates one of them.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runAdversarialBench, runCoreBench } = require('./core');
const { runMemoryBench } = require('./memory');

const PARTS = ['core', 'memory', 'n8n', 'soak', 'faults'];
const outDir = path.join(__dirname, 'results');
const faultsDir = path.join(outDir, 'faults');

function parseArgs(argv) {
	const quick = argv.includes('--quick');
	const only = argv.find((a) => a.startsWith('--only='));
	// --render: no part runs; the results file is written again from results.json and the fault rows.
	const parts = argv.includes('--render') ? [] : only ? only.slice('--only='.length).split(',') : PARTS;
	for (const p of parts) if (!PARTS.includes(p)) throw new Error(`Unknown part "${p}"; parts: ${PARTS.join(', ')}`);
	const engines = argv.find((a) => a.startsWith('--engines='));
	return { quick, parts, engines: engines ? engines.slice('--engines='.length).split(',') : ['vm', 'vm-lazy', 'legacy'] };
}

/** Earlier figures of the parts not run this time are kept, so a partial run never erases a table. */
function readPrevious() {
	try {
		return JSON.parse(fs.readFileSync(path.join(outDir, 'results.json'), 'utf8'));
	} catch {
		return {};
	}
}

/** The fault suites' passed rows and their failed delivery runs (test/faults/results.ts). */
function readFaultResults() {
	const rows = [];
	const failures = [];
	if (!fs.existsSync(faultsDir)) return { rows, failures };
	for (const file of fs
		.readdirSync(faultsDir)
		.filter((f) => f.endsWith('.json'))
		.sort()) {
		const { suite, rows: suiteRows, failures: suiteFailures } = JSON.parse(fs.readFileSync(path.join(faultsDir, file), 'utf8'));
		for (const row of suiteRows || []) rows.push({ suite, ...row });
		for (const failure of suiteFailures || []) failures.push({ suite, ...failure });
	}
	failures.sort((a, b) => a.at.localeCompare(b.at));
	return { rows, failures };
}

async function main() {
	const { quick, parts, engines } = parseArgs(process.argv.slice(2));
	const startedAt = new Date();
	const previous = readPrevious();
	const results = { ...previous, startedAt, quick, partsRun: parts, partDates: { ...(previous.partDates || {}) } };
	for (const part of parts) results.partDates[part] = startedAt;
	const log = (line) => console.log(line);
	const machine = {
		cpu: os.cpus()[0]?.model,
		cores: os.cpus().length,
		memoryGiB: Math.round(os.totalmem() / 2 ** 30),
		node: process.version,
		platform: `${os.platform()} ${os.release()}`,
		svix: require('svix/package.json').version,
		autocannon: require('autocannon/package.json').version,
		loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)),
	};
	results.machine = machine;

	if (parts.includes('core')) {
		log(`\n▶ core verification${quick ? ' (quick)' : ''}`);
		results.core = await runCoreBench(quick ? { rounds: 3, msPerRun: 100 } : {});
		log('\n▶ core: forged 16 MB requests and 5 MB genuine deliveries');
		results.coreAdversarial = runAdversarialBench({ rounds: quick ? 3 : 7, log });
	}
	if (parts.includes('memory')) {
		log('\n▶ memory: 100,000 verifications, peak for a 5 MB body');
		results.memory = runMemoryBench({ verifications: quick ? 20000 : 100000, log });
	}
	if (parts.includes('n8n')) {
		const { runN8nBench } = require('./n8n-load');
		const shape = quick ? { rounds: 1, unloaded: 20, loaded: 100 } : { rounds: 5, unloaded: 100, loaded: 400 };
		// Engines not run this time keep their earlier figures.
		results.n8n = { ...(previous.n8n || {}) };
		for (const engine of engines) {
			log(`\n▶ n8n end to end, expression engine "${engine}": ${shape.rounds} round(s) per candidate`);
			results.n8n[engine] = await runN8nBench({ ...shape, engine, log });
			results.n8nEngineDates = { ...(results.n8nEngineDates || {}), [engine]: new Date() };
		}
	}
	if (parts.includes('soak')) {
		const { runSoak } = require('./n8n-load');
		const durationS = quick ? 60 : 600;
		log(`\n▶ n8n delivery soak: ${durationS} s, a HireHooks n8n and a bare-Webhook n8n side by side`);
		results.soak = await runSoak({ durationS, ratePerSecond: 1, sampleEveryS: quick ? 5 : 10, log });
	}
	if (parts.includes('faults')) {
		log('\n▶ faults (jest project "faults": real n8n, regular and queue mode)');
		const { spawnSync } = require('node:child_process');
		const r = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['jest', '--selectProjects', 'faults', '--runInBand', '--ci'], {
			cwd: path.join(__dirname, '..'),
			stdio: 'inherit',
		});
		results.faultsExit = r.status;
	}
	({ rows: results.faults, failures: results.faultFailures } = readFaultResults());
	results.machine.loadAverageAtEnd = os.loadavg().map((x) => +x.toFixed(2));

	fs.mkdirSync(outDir, { recursive: true });
	fs.writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
	fs.writeFileSync(path.join(outDir, 'RESULTS.md'), renderMarkdown(results));
	log(`\nwrote ${path.relative(process.cwd(), path.join(outDir, 'RESULTS.md'))}`);
	if (results.faultsExit !== undefined && results.faultsExit !== 0) process.exit(results.faultsExit);
}

const ENGINE_NOTES = {
	vm: "n8n 2.41's default: an isolate per request in the webhook phase for every webhook node type but n8n's own Webhook node, and one per run",
	'vm-lazy': 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true: an isolate only where an expression is evaluated',
	legacy: 'N8N_EXPRESSION_ENGINE=legacy: expressions evaluated in-process',
};

/** A date as 'YYYY-MM-DD HH:MM' (UTC), the way the results file dates its tables. */
const toMinute = (d) => new Date(d).toISOString().slice(0, 16).replace('T', ' ');
const fmt = (x, digits = 1) =>
	x === null || x === undefined || Number.isNaN(x) ? '' : typeof x === 'number' ? x.toLocaleString('en', { maximumFractionDigits: digits }) : String(x);

function renderMarkdown(r) {
	const m = r.machine;
	const lines = [
		'# HireHooks benchmark results',
		'',
		`Written by \`npm run bench\`${r.quick ? ' --quick (a smoke run: small samples, noisy figures)' : ''} at ${new Date(r.startedAt).toISOString()} on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB), Node ${m.node}, ${m.platform}; svix ${m.svix}, autocannon ${m.autocannon}. ${r.partsRun.length > 0 ? `Load average at the start ${m.loadAverageAtStart?.join(' ')}, at the end ${m.loadAverageAtEnd?.join(' ')}. ` : ''}Parts run this time: ${r.partsRun.join(', ') || 'none (re-rendered)'}; other tables are from earlier runs (${
			Object.entries(r.partDates || {})
				.filter(([p]) => !r.partsRun.includes(p))
				.map(([p, d]) => `${p}: ${toMinute(d)}`)
				.join(', ') || 'dates not recorded'
		}).`,
		'',
		'Every comparison is measured side by side in one run (candidates interleaved), and reported as a ratio: ratios above 1 mean HireHooks is faster.',
		'',
	];
	if (r.core) {
		const worst = (key) => {
			const values = r.core.map((row) => row[key]).filter((x) => typeof x === 'number');
			return values.length > 0 ? Math.min(...values) : 'n/a';
		};
		lines.push(
			'## Core: verifications per second',
			'',
			'"By hand" is the same work written directly with node:crypto (HMAC, constant-time compare, AES-256-CTR and JSON parsing where the platform needs them); "bare HMAC" is one HMAC-SHA256 of the body and nothing else; "svix" is the svix library verifying the same TalentPools delivery (signature and JSON parse; HireHooks also decrypts). HireHooks computes an HMAC over up to 64 KB with two one-shot hashes (RFC 2104 written out, core/crypto.ts) where the by-hand code calls createHmac, which builds a stream object per call: so HireHooks can be faster than by hand on small bodies. Per second: medians of 12 rounds of 200 ms (10 for TalentPools\' five candidates); each ratio is the median of the rounds\' own ratios. A round runs its candidates back to back, after an untimed warm-up round, in orders of a Williams design: every candidate follows every other one equally often, so the garbage one leaves, collected during the next one\'s time, is not charged to the same candidate every round.',
			'',
			'| platform | body | HireHooks/s | by hand/s | x by hand | bare HMAC/s | x bare HMAC | svix/s | x svix | x svix, same job |',
			'|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
			...r.core.map(
				(row) =>
					`| ${row.platform} | ${row.size} | ${fmt(row.hirehooksOps, 0)} | ${fmt(row.diyOps, 0)} | ${row.vsDiy} | ${fmt(row.bareHmacOps, 0)} | ${row.vsBareHmac} | ${fmt(row.svixOps, 0)} | ${row.vsSvix ?? ''} | ${row.svixOnlyVsSvix ?? ''} |`,
			),
			'',
			'Targets (issue 2): at least 0.9x the by-hand baseline and at least 4x the svix library.',
			'',
			`- Worst ratio against the by-hand baseline: ${worst('vsDiy')}x.`,
			`- Worst ratio against svix doing the same job (signature and parse): ${worst('svixOnlyVsSvix')}x.`,
			'',
		);
	}
	if (r.coreAdversarial) {
		const { forged, genuine } = r.coreAdversarial;
		lines.push(
			'## Core: forged requests and big genuine deliveries (issue 14)',
			'',
			'A forged request: a genuine delivery\'s headers with a wrong signature and a 16 MB body of the platform\'s own shape. "Default cap" is the platform\'s default body cap (core/platforms/*/index.ts: SmartRecruiters 256 KiB, PeopleForce 1 MiB, TalentPools 2 MiB, HrFlow 8 MiB, the generic sender 16 MiB); "cap raised" sets maxBodyBytes above 16 MB, so the figure is the verification work itself, against one HMAC-SHA256 over the same bytes in the same run. HrFlow signs either the raw body or Python\'s compact JSON of it, and both look alike (64 hex digits): a forgery costs the raw HMAC, one bounded pass that re-prints the JSON, and a second HMAC.',
			'',
			'| platform | body MB | default cap: ms | code | cap raised: ms | code | x one HMAC | heap growth MB | one HMAC ms |',
			'|---|---:|---:|---|---:|---|---:|---:|---:|',
			...forged.map(
				(row) =>
					`| ${row.platform} | ${row.bodyMB} | ${row.defaultMs} | ${row.defaultCode} | ${row.raisedMs} | ${row.raisedCode} | ${row.raisedVsHmac} | ${row.raisedHeapMB} | ${row.hmacMs} |`,
			),
			'',
			'Genuine 5 MB deliveries (cap raised where the default is smaller), side by side; target: HrFlow within 2x of the others.',
			'',
			'| platform | body MB | ms per verification | x median of the others |',
			'|---|---:|---:|---:|',
			...genuine.map((row) => `| ${row.platform} | ${row.bodyMB} | ${row.ms} | ${row.vsOthersMedian} |`),
			'',
		);
	}
	if (r.memory) {
		const v = r.memory.verifications;
		lines.push(
			'## Memory',
			'',
			`**${fmt(v.verified, 0)} verifications** (five platforms in turn, 2 KB bodies), after a GC every 10,000: resident ${v.samples[0].rssMB} MB → ${v.samples[v.samples.length - 1].rssMB} MB (${v.rssGrowthMB >= 0 ? '+' : ''}${v.rssGrowthMB} MB), heap ${v.samples[0].heapUsedMB} MB → ${v.samples[v.samples.length - 1].heapUsedMB} MB.`,
			'',
			'| after | RSS MB | heap used MB | external + array buffers MB |',
			'|---:|---:|---:|---:|',
			...v.samples.map((s) => `| ${fmt(s.verifications, 0)} | ${s.rssMB} | ${s.heapUsedMB} | ${s.externalMB} |`),
			'',
			"**A 5 MB body**: peak resident memory above the level before the call (Linux VmHWM), in MB and in body sizes. The body's bytes are copied exactly once (the decode to text), proven by test/unit/body-copies.test.ts; the rest is what parsing produces, which the by-hand code needs as well.",
			'',
			'| platform | body MB | HireHooks peak MB | bodies | by hand peak MB | bodies |',
			'|---|---:|---:|---:|---:|---:|',
			...r.memory.peak.map((p) => `| ${p.platform} | ${p.bodyMB} | ${p.hirehooksPeakExtraMB} | ${p.hirehooksBodies} | ${p.byHandPeakExtraMB} | ${p.byHandBodies} |`),
			'',
		);
	}
	if (r.n8n) {
		lines.push(
			'## n8n end to end',
			'',
			`One real n8n ${Object.values(r.n8n)[0].n8nVersion} (regular mode, SQLite, executions saved as by default) serves every candidate workflow; autocannon in the bench process sends fresh, signed deliveries over loopback. "Unloaded" = one connection, one request after another; "loaded" = several connections (n8n's main process saturated). **req/s** is answered requests per second (what the platform sees); **runs/s** is finished executions per second, measured until n8n finished every run the load started; **CPU ms/run** is the CPU time of n8n's process group per delivery. req/s and the latencies are taken from the answers themselves (each request's own hrtime latency, in fractions of a millisecond, and the moment of the last answer), not from autocannon's summary, which ends a run on its one-second tick and holds whole milliseconds; runs/s ends at the last run's own stoppedAt. Every request of every candidate was answered 2xx and made exactly one run (columns *sent* and *runs*).`,
			'',
			"Candidates: **bare** = a lone Webhook node (n8n's floor); **auth** = the same Webhook node checking a header against an n8n Header Auth credential: before every run n8n checks that the workflow may use each credential its nodes hold, a few database reads that every HireHooks trigger pays too, since its secret lives in a credential; **DIY** = Webhook node + Code node running the TalentPools seed's verify and decrypt snippets (what users build today); the HireHooks triggers, each alone.",
			'',
		);
		for (const [engine, run] of Object.entries(r.n8n)) {
			lines.push(
				`### Expression engine \`${engine}\` (${ENGINE_NOTES[engine] || engine}; run ${r.n8nEngineDates?.[engine] ? toMinute(r.n8nEngineDates[engine]) : 'date not recorded'}): ${run.rounds} round(s) of ${run.unloaded} sequential + ${run.loaded} requests over ${run.connections} connections, medians`,
				'',
				'| candidate | sent | runs | non-2xx | req/s | x bare | x auth | x DIY | runs/s | CPU ms/run | unloaded p50 ms | vs bare | unloaded p99 ms | loaded p50 ms | loaded p99 ms | p99 x bare |',
				'|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
				...run.rows.map(
					(row) =>
						`| ${row.label} | ${fmt(row.sent, 0)} | ${fmt(row.runs, 0)} | ${row.non2xx} | ${fmt(row.rps)} | ${row.rpsVsBare} | ${row.rpsVsAuth ?? ''} | ${row.rpsVsDiy} | ${fmt(row.runsPerS)} | ${fmt(row.cpuMsPerRun)} | ${fmt(row.unloadedP50, 2)} | ${row.unloadedP50MinusBareMs >= 0 ? '+' : ''}${row.unloadedP50MinusBareMs.toFixed(2)} | ${fmt(row.unloadedP99)} | ${fmt(row.loadedP50)} | ${fmt(row.loadedP99)} | ${row.loadedP99VsBare} |`,
				),
				'',
			);
		}
		lines.push("Targets (issue 6): HireHooks at least 1.0x the bare Webhook node and at least 1.2x DIY in req/s, unloaded p50 within 1 ms of the bare node's, p99 no worse.", '');
	}
	if (r.soak) {
		const s = r.soak;
		const every = (samples) => samples.filter((_, i) => i % Math.max(1, Math.floor(samples.length / 12)) === 0);
		const row = (label, samples) =>
			`| ${label} | ` +
			every(samples)
				.map((p) => p.rssMB)
				.join(' | ') +
			' |';
		const sideSentence = (name, f) =>
			`${name}: ${fmt(f.ok, 0)}/${fmt(f.sent, 0)} answered 2xx, ${fmt(f.runs, 0)} runs; resident memory ${f.rssStartMB} MB at the start, ${f.rssAtOneMinuteMB} MB after one minute, ${f.rssEndMB} MB at the end (max ${f.rssMaxMB} MB), trend after the first minute ${f.trendMBPerMinuteAfterWarmup} MB/min.`;
		lines.push(
			'## n8n delivery soak',
			'',
			s.bare
				? `${s.durationS} s at ${s.deliveriesPerSecond} deliveries/s spread over five workflows, in two n8n processes side by side, started alike and loaded at the same time: one with the five HireHooks triggers, one with five bare Webhook nodes sent the same platforms' deliveries (n8n's own memory curve under the same load). Runs also count the few requests autocannon still had on the wire when its time ran out, which it leaves out of its own count.`
				: `${s.durationS} s at ${s.deliveriesPerSecond} deliveries/s spread over the five HireHooks triggers in one n8n (no bare-node side in this run).`,
			'',
			`- ${sideSentence('HireHooks', s)}`,
			...(s.bare
				? [
						`- ${sideSentence('Bare Webhook nodes', s.bare)}`,
						`- HireHooks minus bare: ${fmt(s.rssEndMB - s.bare.rssEndMB, 1)} MB at the end, ${fmt(s.trendMBPerMinuteAfterWarmup - s.bare.trendMBPerMinuteAfterWarmup, 2)} MB/min in trend.`,
					]
				: []),
			'',
			'| n8n main process RSS MB at second | ' +
				every(s.samples)
					.map((p) => p.s)
					.join(' | ') +
				' |',
			'|---|' +
				every(s.samples)
					.map(() => '---:')
					.join('|') +
				'|',
			row('HireHooks', s.samples),
			...(s.bare ? [row('bare Webhook', s.bare.samples)] : []),
			'',
		);
	}
	// The pool-starvation rows measure n8n with a setting docs/operating-n8n.md advises against, beside the one
	// it recommends: their losses are n8n's, shown in a table of their own, not in HireHooks' total.
	const isStarvation = (row) => String(row.kind).startsWith('db-starvation');
	const starvation = (r.faults || []).filter(isStarvation);
	if (r.faults && r.faults.some((row) => !isStarvation(row))) {
		const faults = r.faults.filter((row) => !isStarvation(row));
		const totalLost = faults.reduce((a, row) => a + row.eventsLost, 0);
		const totalDoubled = faults.reduce((a, row) => a + row.eventsDoubled, 0);
		lines.push(
			'## Faults and bad input (real n8n and the sandbox)',
			'',
			'Written by the jest project "faults" (`npm run test:faults`): a row is recorded only after its assertions passed.',
			'',
			'| scenario | n8n mode | load held | faults survived | bad inputs tried | events lost | events doubled | recorded |',
			'|---|---|---|---|---:|---:|---:|---|',
			...faults.map(
				(row) =>
					`| ${row.scenario} | ${row.mode} | ${row.loadHeld} | ${row.faultsSurvived} | ${fmt(row.badInputsTried, 0)} | ${row.eventsLost} | ${row.eventsDoubled} | ${toMinute(row.at)} |`,
			),
			'',
			`Events lost in the passed runs above: **${totalLost}**; doubled: **${totalDoubled}**.`,
			'',
		);
		const failures = r.faultFailures || [];
		if (failures.length > 0) {
			lines.push(
				'Delivery runs that lost or doubled events (each is kept; the table above shows the newest passed run of each check):',
				'',
				...failures.map(
					(f) => `- ${toMinute(f.at)}, ${f.mode} mode, ${f.scenario}: **${fmt(f.eventsLost, 0)} lost, ${fmt(f.eventsDoubled, 0)} doubled**. ${f.summary} (log \`${f.log}\`).`,
				),
				'',
			);
		}
	}
	if (starvation.length > 0) {
		lines.push(
			"### n8n's own losses under a starved PostgreSQL pool (test/faults/db-pool-starvation.test.ts)",
			'',
			'When a database call fails after the trigger returned its items, n8n 2.41 can still answer the webhook 2xx and save the run as an error; the trigger and the platform only see the 2xx. A starved connection pool makes such calls fail once DB_POSTGRESDB_CONNECTION_TIMEOUT runs out. Each row floods one trigger at a webhook process with 2 connections, every delivery sent once, and counts what n8n stored in PostgreSQL; "2xx without a run" is what the platform would count as delivered and n8n never ran.',
			'',
			'| connection timeout | answers | 2xx | successful runs of them | 2xx without a run | runs saved as errors | of them without their event | never started | recorded |',
			'|---|---|---:|---:|---:|---:|---:|---:|---|',
			...starvation.map((row) => {
				const f = row.figures || {};
				const timeout = /DB_POSTGRESDB_CONNECTION_TIMEOUT=(\d+)/.exec(row.scenario);
				return `| ${timeout ? `${fmt(Number(timeout[1]) / 1000, 0)} s` : '?'} | ${row.loadHeld} | ${f.answered2xx} | ${f.runsWithTheEvent} | **${f.answered2xxWithoutRun}** | ${f.errorRuns} | ${f.errorRunsWithoutTheEvent} | ${f.executionsNeverRun} | ${toMinute(row.at)} |`;
			}),
			'',
		);
	}
	const expectedSuites = ['deliveries', 'deliveries-queue', 'smartrecruiters-subscriptions', 'db-pool-starvation'];
	const missing = expectedSuites.filter((suite) => !(r.faults || []).some((row) => row.suite === suite));
	if (missing.length > 0) {
		lines.push(
			`No passed run recorded yet for: ${missing.map((m) => `\`test/faults/${m}.test.ts\``).join(', ')}. A run that fails its assertions records nothing here; a delivery run that lost or doubled events is listed under the faults table.`,
			'',
		);
	}
	return `${lines.join('\n')}\n`;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
