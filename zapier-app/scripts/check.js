#!/usr/bin/env node
'use strict';
/**
 * Everything the Zapier integrations promise, offline (the npm registry is the only network used):
 *   1. the Zapier tooling installed (first run only);
 *   2. every integration generated and built with `zapier-platform build --skip-dep-install
 *      --skip-validation` into a self-contained build/build.zip (index.js, core, zapier-platform-core);
 *   3. `zapier-platform validate --without-style` clean for every integration;
 *   4. every built index.js loaded as Zapier loads it, samples listed, a genuine delivery accepted;
 *   5. FIELDS.md, the generated field reference, up to date;
 *   6. the jest suite (zapier-app/test), unless --skip-tests.
 * Prints a timing per step; exits non-zero on any failure.
 *
 * Usage: node zapier-app/scripts/check.js [--skip-tests]
 */
const path = require('node:path');
const lib = require('./lib');
const { build } = require('./build');
const { runTests } = require('./test');

async function validate(id, node) {
	const result = lib.run(node, [lib.zapierCliScript(), 'validate', '--without-style', '--skip-build', '--format', 'json'], {
		cwd: path.join(lib.ZAPIER_DIR, id),
		env: lib.OFFLINE_ENV,
		allowFailure: true,
	});
	let errors;
	try {
		errors = JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
	} catch {
		throw new Error(`zapier-platform validate ${id} printed no JSON (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
	}
	if (result.status !== 0 || errors.length > 0) throw new Error(`zapier-platform validate ${id}: ${JSON.stringify(errors, null, 2)}`);
}

async function main() {
	const skipTests = process.argv.includes('--skip-tests');
	const timings = [];
	const started = Date.now();
	const failures = [];
	const step = async (label, run) => {
		try {
			await lib.timed(label, run, timings);
		} catch (error) {
			failures.push(label);
			process.stderr.write(`[zapier] FAILED ${label}: ${error.message}\n`);
		}
	};

	let built = [];
	await step('generate + zapier-platform build (all)', async () => {
		built = await build({ zip: true, timings });
	});
	if (built.length > 0) {
		const node = lib.node22();
		lib.log(`Zapier CLI on Node ${lib.run(node, ['-p', 'process.versions.node']).stdout.trim()}`);
		for (const { id } of built) await step(`zapier-platform validate --without-style ${id}`, () => validate(id, node));
		await step('smoke: load built integrations', async () => {
			const result = lib.run(node, [path.join(__dirname, 'smoke.js')], { allowFailure: true });
			process.stdout.write(result.stdout);
			if (result.status !== 0) throw new Error(result.stderr);
		});
		await step('FIELDS.md field reference up to date', async () => {
			const result = lib.run(process.execPath, [path.join(__dirname, 'readme.js'), '--check'], { allowFailure: true });
			process.stdout.write(result.stdout);
			if (result.status !== 0) throw new Error(result.stderr.trim());
		});
	}
	if (!skipTests) {
		await step('jest (zapier-app/test)', async () => {
			const status = runTests();
			if (status !== 0) throw new Error(`jest exited with ${status}`);
		});
	}

	lib.log('timings:');
	for (const { label, seconds } of timings) lib.log(`  ${seconds.toFixed(1).padStart(6)} s  ${label}`);
	lib.log(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  total`);
	if (failures.length > 0) {
		lib.log(`FAILED: ${failures.join('; ')}`);
		process.exitCode = 1;
	} else {
		lib.log(`OK: ${built.length} integrations built, validated and loaded`);
	}
}

main().catch((error) => {
	process.stderr.write(`[zapier] check failed: ${error.stack ?? error.message}\n`);
	process.exitCode = 1;
});
