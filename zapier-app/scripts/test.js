#!/usr/bin/env node
'use strict';
/**
 * The Zapier tests under jest, offline: installs the Zapier tooling on first use, then runs
 * zapier-app/jest.config.js with the repository's jest. Extra arguments go to jest.
 *
 * Usage: node zapier-app/scripts/test.js [jest args]
 */
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const lib = require('./lib');

function runTests(extraArgs = []) {
	lib.ensureTooling();
	const jest = path.join(lib.REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
	const result = spawnSync(process.execPath, [jest, '-c', path.join(lib.ZAPIER_DIR, 'jest.config.js'), ...extraArgs], { cwd: lib.REPO_ROOT, stdio: 'inherit' });
	return result.status ?? 1;
}

if (require.main === module) process.exitCode = runTests(process.argv.slice(2));

module.exports = { runTests };
