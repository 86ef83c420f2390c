'use strict';
/** A built community package packed with npm and unpacked into an n8n user folder, as n8n's own installer leaves it. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { findNpmCli } = require('../node-runtime');
const { noop, readJsonSafe } = require('./common');
const { toolEnv } = require('./install');

// ---------------------------------------------------------------------------
// Community packages
// ---------------------------------------------------------------------------

/**
 * Install built community packages into `<userFolder>/.n8n/nodes` the way n8n's
 * own installer leaves them (n8n 2.x CommunityPackagesService.downloadPackage):
 *
 *   <userFolder>/.n8n/nodes/package.json                   {"name":"installed-nodes","private":true,"dependencies":{...}}
 *   <userFolder>/.n8n/nodes/node_modules/<package name>/   the packed package (npm pack: honours "files"),
 *                                                          devDependencies/peerDependencies/optionalDependencies
 *                                                          removed from its package.json, its production
 *                                                          dependencies installed next to it (shallow).
 *
 * At start-up n8n 2.x (community-packages module, nodeLoaders()) scans
 * `nodes/node_modules` for directories named `n8n-nodes-*` and `@scope/n8n-nodes-*`
 * and loads each with LazyPackageDirectoryLoader; no database row is needed.
 * `require('n8n-workflow')` from a package resolves to n8n's own copy because n8n
 * puts its module paths on NODE_PATH before loading nodes.
 */
async function installCustomPackages(userFolder, packageDirs, { nodeBin, log = noop } = {}) {
	if (!packageDirs || packageDirs.length === 0) return [];
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const modulesDir = path.join(nodesDir, 'node_modules');
	fs.mkdirSync(modulesDir, { recursive: true });
	const ledgerPath = path.join(nodesDir, 'package.json');
	const ledger = readJsonSafe(ledgerPath) || { name: 'installed-nodes', private: true, dependencies: {} };
	ledger.dependencies = ledger.dependencies || {};
	const npmCli = findNpmCli();
	const env = nodeBin ? toolEnv(nodeBin) : { ...process.env };
	const runNode = nodeBin || process.execPath;
	const installed = [];

	for (const dirIn of packageDirs) {
		const dir = path.resolve(dirIn);
		const pkg = readJsonSafe(path.join(dir, 'package.json'));
		if (!pkg || !pkg.name) throw new Error(`customPackageDirs: ${dir} has no package.json with a name`);
		if (!pkg.n8n) throw new Error(`customPackageDirs: ${pkg.name} (${dir}) has no "n8n" field in package.json`);
		const base = pkg.name.startsWith('@') ? pkg.name.split('/')[1] : pkg.name;
		if (!base.startsWith('n8n-nodes-')) {
			throw new Error(`customPackageDirs: n8n only loads community packages named n8n-nodes-* or @scope/n8n-nodes-* (got ${pkg.name})`);
		}
		for (const rel of [...(pkg.n8n.nodes || []), ...(pkg.n8n.credentials || [])]) {
			if (!fs.existsSync(path.join(dir, rel))) {
				throw new Error(`customPackageDirs: ${pkg.name} lists ${rel} in "n8n" but ${path.join(dir, rel)} does not exist (not built?)`);
			}
		}

		// npm pack honours "files"/.npmignore exactly like a publish would.
		const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-pack-'));
		try {
			const r = spawnSync(runNode, [npmCli, 'pack', dir, '--ignore-scripts', '--json', '--pack-destination', packDir, '--loglevel=error'], {
				cwd: packDir,
				env,
				encoding: 'utf8',
				timeout: 5 * 60 * 1000,
			});
			if (r.status !== 0) throw new Error(`npm pack ${dir} failed:\n${r.stdout}\n${r.stderr}`);
			const tarball = path.join(packDir, JSON.parse(r.stdout)[0].filename);
			const target = path.join(modulesDir, pkg.name);
			fs.rmSync(target, { recursive: true, force: true });
			fs.mkdirSync(target, { recursive: true });
			const tar = spawnSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { encoding: 'utf8' });
			if (tar.status !== 0) throw new Error(`tar -xzf ${tarball} failed: ${tar.stderr}`);

			const pj = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8'));
			delete pj.devDependencies;
			delete pj.peerDependencies;
			delete pj.optionalDependencies;
			fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify(pj, null, 2));
			if (pj.dependencies && Object.keys(pj.dependencies).length > 0) {
				const ir = spawnSync(
					runNode,
					[
						npmCli,
						'install',
						'--omit=dev',
						'--audit=false',
						'--fund=false',
						'--bin-links=false',
						'--install-strategy=shallow',
						'--ignore-scripts=true',
						'--package-lock=false',
						'--loglevel=error',
					],
					{ cwd: target, env, encoding: 'utf8', timeout: 10 * 60 * 1000 },
				);
				if (ir.status !== 0) throw new Error(`npm install for ${pkg.name} failed:\n${ir.stdout}\n${ir.stderr}`);
			}
			ledger.dependencies[pkg.name] = pj.version || '0.0.0';
			installed.push({ name: pkg.name, version: pj.version, dir: target, nodes: pkg.n8n.nodes || [], credentials: pkg.n8n.credentials || [] });
			log(`[n8n-runtime] community package ${pkg.name}@${pj.version} installed into ${target}`);
		} finally {
			fs.rmSync(packDir, { recursive: true, force: true });
		}
	}
	fs.writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2));
	return installed;
}

module.exports = { installCustomPackages };
