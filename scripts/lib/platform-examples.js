'use strict';
/**
 * The platforms' test examples (core/platforms/<id>/examples.ts) for the JavaScript tools: benchmarks,
 * the stack scripts and the Zapier smoke test. Examples are not compiled into dist/ (nothing shipped
 * needs them). The sandbox build (build/core, `tsc -p sandbox/tsconfig.json`) has them when it is
 * newer than their sources; otherwise this reads the TypeScript through typescript's transpiler (under
 * jest, ts-jest does). The memory benchmark relies on the first: it must not hold the compiler.
 *
 *   const { examplesOf } = require('./scripts/lib/platform-examples');
 *   examplesOf('talentpools').secrets
 */
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

function registerTypeScript() {
	if (process.env.JEST_WORKER_ID !== undefined || require.extensions['.ts']) return;
	const ts = require(path.join(REPO_ROOT, 'node_modules', 'typescript'));
	require.extensions['.ts'] = (module, filename) => {
		const source = fs.readFileSync(filename, 'utf8');
		const { outputText } = ts.transpileModule(source, {
			fileName: filename,
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
		});
		module._compile(outputText, filename);
	};
}

function newestExamplesSource() {
	const dir = path.join(REPO_ROOT, 'core', 'platforms');
	const files = [
		path.join(dir, 'examples.ts'),
		...fs
			.readdirSync(dir, { withFileTypes: true })
			.filter((e) => e.isDirectory())
			.map((e) => path.join(dir, e.name, 'examples.ts')),
	];
	return Math.max(...files.filter((file) => fs.existsSync(file)).map((file) => fs.statSync(file).mtimeMs));
}

function load() {
	const built = path.join(REPO_ROOT, 'build', 'core', 'platforms', 'examples.js');
	if (process.env.JEST_WORKER_ID === undefined && fs.existsSync(built) && fs.statSync(built).mtimeMs >= newestExamplesSource()) return require(built);
	registerTypeScript();
	return require(path.join(REPO_ROOT, 'core', 'platforms', 'examples'));
}

const { examplesOf } = load();

module.exports = { examplesOf };
