#!/usr/bin/env node
'use strict';
/**
 * `npm run format` (`--write`) and `npm run format:check` (`--check`): Prettier over the repository with
 * the root .prettierrc.json and .prettierignore. Prettier is the one pinned with n8n's @n8n/node-cli
 * (tools/node-cli, the tool `npm run lint` runs), so the project carries no second copy of it.
 * Extra arguments (files or folders) narrow it down from the whole repository.
 */
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { REPO_ROOT } = require('./lib/node-runtime');
const { ensureTool } = require('./lib/tools');

const [mode, ...rest] = process.argv.slice(2);
if (mode !== '--write' && mode !== '--check') {
	console.error('usage: node scripts/format.js --write|--check [files or folders]');
	process.exit(2);
}
const targets = rest.length > 0 ? rest : ['.'];

const { modules, nodeBin } = ensureTool('node-cli', { log: (message) => console.log(message) });
const prettier = path.join(modules, 'prettier', 'bin', 'prettier.cjs');
const result = spawnSync(nodeBin, [prettier, mode, ...targets], { cwd: REPO_ROOT, stdio: 'inherit' });
process.exit(result.status ?? 1);
