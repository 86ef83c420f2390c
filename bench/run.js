/**
 * `npm run bench`: writes bench/results/RESULTS.md (and results.json) with the machine, versions
 * and every ratio measured side by side in this one run. Targets are reported, never asserted.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runCoreBench } = require('./core');

async function main() {
	const startedAt = new Date();
	const quick = process.argv.includes('--quick');
	console.log(`HireHooks benchmarks${quick ? ' (quick)' : ''}: core verification`);
	const core = await runCoreBench(quick ? { rounds: 3, msPerRun: 100 } : {});
	const svixVersion = require('svix/package.json').version;
	const machine = { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`, svix: svixVersion };
	const outDir = path.join(__dirname, 'results');
	fs.mkdirSync(outDir, { recursive: true });
	fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify({ startedAt, machine, core }, null, 2) + '\n');
	const worst = (key, filter = () => true) => Math.min(...core.filter(filter).filter((r) => r[key] !== null).map((r) => r[key]));
	const lines = [
		'# HireHooks benchmark results',
		'',
		`Run ${startedAt.toISOString()} on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB), Node ${machine.node}, ${machine.platform}, svix ${svixVersion}.`,
		'All candidates ran interleaved in one process; each figure is the median of the rounds. Ratios > 1 mean HireHooks is faster.',
		'',
		'## Core: verifications per second',
		'',
		'"By hand" is the same work written directly with node:crypto (HMAC, constant-time compare, AES-256-CTR and JSON parsing where the platform needs them); "bare HMAC" is one HMAC-SHA256 of the body and nothing else.',
		'',
		'| platform | body | HireHooks/s | by hand/s | x by hand | bare HMAC/s | x bare HMAC | svix/s | x svix |',
		'|---|---|---:|---:|---:|---:|---:|---:|---:|',
		...core.map((r) => `| ${r.platform} | ${r.size} | ${r.hirehooksOps} | ${r.diyOps} | ${r.vsDiy} | ${r.bareHmacOps} | ${r.vsBareHmac} | ${r.svixOps ?? ''} | ${r.vsSvix ?? ''} |`),
		'',
		'Targets (issue 2): at least 0.9x the bare baseline and at least 4x the svix library.',
		'',
		`- Worst ratio against the by-hand baseline: ${worst('vsDiy')}x.`,
		`- Worst ratio against a bare HMAC of the body: ${worst('vsBareHmac')}x (platforms that also decrypt or parse JSON do more work than one HMAC).`,
		`- Worst ratio against svix: ${worst('vsSvix')}x.`,
		'',
	];
	fs.writeFileSync(path.join(outDir, 'RESULTS.md'), lines.join('\n'));
	console.log(`\nwrote ${path.relative(process.cwd(), path.join(outDir, 'RESULTS.md'))}`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
