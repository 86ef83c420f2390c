'use strict';
/**
 * Which packed files the current sources do not produce: a .js/.d.ts whose .ts is gone or excluded
 * from tsconfig.json (test-only code such as core/schema.ts), an icon or codex file whose original is
 * gone. Such a file can only be left over from an earlier build, and must not be published.
 */
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The .ts files `tsc -p tsconfig.json` compiles, relative to the repository, without extension. */
function compiledSources(root = REPO_ROOT) {
	const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
	if (config === undefined) throw new Error('tsconfig.json could not be read');
	return new Set(config.fileNames.map((file) => path.relative(root, file).split(path.sep).join('/').replace(/\.ts$/, '')));
}

/** @param {string[]} files packed paths, relative to the package root @returns {string[]} those under dist/ without a source */
function unsourcedFiles(files, root = REPO_ROOT) {
	const compiled = compiledSources(root);
	return files.filter((file) => {
		if (!file.startsWith('dist/')) return false;
		const source = file.slice('dist/'.length);
		const compiledFrom = /^(.*)\.(js|d\.ts|js\.map)$/.exec(source);
		if (compiledFrom !== null) return !compiled.has(compiledFrom[1]);
		return !fs.existsSync(path.join(root, source));
	});
}

module.exports = { compiledSources, unsourcedFiles };
