'use strict';
/**
 * The platforms' test examples (core/platforms/<id>/examples.ts) for the JavaScript tools: benchmarks,
 * the stack scripts and the Zapier smoke test. Examples are not compiled into dist/ (nothing shipped
 * needs them), so outside jest this reads the TypeScript source through typescript's transpiler;
 * under jest, ts-jest does the same.
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

registerTypeScript();
const { examplesOf } = require(path.join(REPO_ROOT, 'core', 'platforms', 'examples'));

module.exports = { examplesOf };
