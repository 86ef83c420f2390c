#!/usr/bin/env node
'use strict';
/**
 * `npm run lint`: n8n's `n8n-node lint` (@n8n/node-cli, pinned in tools/node-cli) at the package root,
 * under Node 24. The package is in strict mode ("n8n": {"strict": true}), so node-cli first checks that
 * eslint.config.mjs is its unmodified default, then runs the project's `eslint .`; the default config
 * gives nodes/, credentials/ and core/ n8n's full community-node rules.
 *
 * Code that never runs inside n8n (test/, sandbox/, zapier-app/, scripts/, bench/) has an
 * eslint.config.mjs of its own; ESLint uses the config nearest to each file with the flag set here
 * (`unstable_config_lookup_from_file` in ESLint 9.29, the behaviour ESLint 10 makes the default).
 * Extra arguments go to n8n-node lint (e.g. `npm run lint -- --fix`).
 */
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { REPO_ROOT } = require('./lib/node-runtime');
const { ensureTool, linkIntoProject, pathWith } = require('./lib/tools');

const CONFIG_LOOKUP_FLAG = 'unstable_config_lookup_from_file';

const log = (message) => console.log(message);
const { modules, nodeBin } = ensureTool('node-cli', { log });
linkIntoProject('node-cli', '@n8n/node-cli');

const flags = (process.env.ESLINT_FLAGS || '')
	.split(',')
	.map((f) => f.trim())
	.filter(Boolean);
if (!flags.includes(CONFIG_LOOKUP_FLAG)) flags.push(CONFIG_LOOKUP_FLAG);

const bin = path.join(modules, '@n8n', 'node-cli', 'bin', 'n8n-node.mjs');
const result = spawnSync(nodeBin, [bin, 'lint', ...process.argv.slice(2)], {
	cwd: REPO_ROOT,
	stdio: 'inherit',
	env: { ...process.env, PATH: pathWith(nodeBin), ESLINT_FLAGS: flags.join(',') },
});
process.exit(result.status ?? 1);
