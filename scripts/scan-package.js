#!/usr/bin/env node
'use strict';
/**
 * `npm run scan`: the checks of @n8n/scan-community-package (what n8n runs before it verifies a
 * community package), offline, on the tarball `npm pack` makes of the current build, and on the
 * package's source. The scanner (pinned in tools/scan-community-package) normally downloads a
 * published version; here its exported analysis is called on local folders (scripts/lib/scan-runner.mjs).
 * Not checked here: npm provenance, which only exists for a version published from CI (see
 * .github/workflows/publish.yml) and is read from the registry.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { REPO_ROOT } = require('./lib/node-runtime');
const { packProject } = require('./lib/pack');
const { ensureTool, pathWith } = require('./lib/tools');

const log = (message) => console.log(message);
const { modules, nodeBin } = ensureTool('scan-community-package', { log });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hirehooks-scan-'));
let status = 1;
try {
	const { tarball, unpacked, files } = packProject(work);
	log(`[scan] ${path.basename(tarball)}: ${files.length} files`);
	const r = spawnSync(
		nodeBin,
		[path.join(__dirname, 'lib', 'scan-runner.mjs'), path.join(modules, '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs'), unpacked, REPO_ROOT],
		// TMPDIR: the scanner makes a temporary folder when loaded; this keeps it inside ours.
		{ stdio: 'inherit', env: { ...process.env, PATH: pathWith(nodeBin), TMPDIR: work }, timeout: 10 * 60 * 1000 },
	);
	status = r.status ?? 1;
	log('[scan] provenance: not checked offline; n8n reads it from the registry for a version published with `npm publish --provenance`.');
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
process.exit(status);
