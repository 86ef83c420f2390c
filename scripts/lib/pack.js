'use strict';
/**
 * The package exactly as npm would publish it: `npm pack` of the built project into a folder of the
 * caller's, and that tarball unpacked beside it. Run `npm run build` first. A tarball with a file that
 * no current source produces (a stale dist/core/schema.js) is refused.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { findNpmCli, REPO_ROOT } = require('./node-runtime');
const { unsourcedFiles } = require('./shipped-sources');

/** @returns {{ tarball: string, unpacked: string, files: string[] }} */
function packProject(intoDir) {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	for (const entry of [...(pkg.n8n.nodes || []), ...(pkg.n8n.credentials || []), pkg.main]) {
		if (!fs.existsSync(path.join(REPO_ROOT, entry))) throw new Error(`${entry} is missing: run npm run build first`);
	}
	fs.mkdirSync(intoDir, { recursive: true });
	// --ignore-scripts: a pack of what is built now, not a rebuild by a prepack hook.
	const r = spawnSync(process.execPath, [findNpmCli(), 'pack', '--json', '--ignore-scripts', '--pack-destination', intoDir], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		timeout: 120000,
	});
	if (r.status !== 0) throw new Error(`npm pack failed:\n${r.stdout}\n${r.stderr}`);
	const [info] = JSON.parse(r.stdout);
	const tarball = path.join(intoDir, info.filename);
	const unpacked = path.join(intoDir, 'package');
	const tar = spawnSync('tar', ['-xzf', tarball, '-C', intoDir], { encoding: 'utf8' });
	if (tar.status !== 0) throw new Error(`tar -xzf ${tarball} failed: ${tar.stderr}`);
	const files = info.files.map((f) => f.path);
	const stale = unsourcedFiles(files);
	if (stale.length > 0)
		throw new Error(`The tarball holds files no current source produces (left over from an earlier build?): ${stale.join(', ')}. Run npm run build, which empties dist/ first.`);
	return { tarball, unpacked, files };
}

module.exports = { packProject };
