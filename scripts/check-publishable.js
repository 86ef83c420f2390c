#!/usr/bin/env node
'use strict';
/**
 * First step of `prepublishOnly`: refuses to publish while package.json still holds the placeholders
 * the publisher fills in, or when CHANGELOG.md has no entry for the version. npm provenance links
 * the package to the GitHub repository named in `repository.url`, and n8n's verification checks that
 * this repository and the author match the npm package; a placeholder would publish a broken claim.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const changelog = fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');

const problems = [];
const email = (pkg.author && pkg.author.email) || '';
if (!email || email.endsWith('.invalid')) problems.push(`package.json author.email is a placeholder (${email || 'empty'}): set the publisher's address`);
if (!(pkg.author && pkg.author.name)) problems.push('package.json author.name is empty');
const repository = (pkg.repository && pkg.repository.url) || '';
if (!/^git\+https:\/\/github\.com\/[^/]+\/[^/]+\.git$/.test(repository)) {
	problems.push(`package.json repository.url must be the public GitHub repository that runs .github/workflows/publish.yml (found ${repository || 'nothing'})`);
}
if (!new RegExp(`^## \\[?${pkg.version.replace(/\./g, '\\.')}\\]?`, 'm').test(changelog)) problems.push(`CHANGELOG.md has no "## ${pkg.version}" entry`);

if (problems.length > 0) {
	for (const problem of problems) console.error(`✖ ${problem}`);
	process.exit(1);
}
console.log(`${pkg.name}@${pkg.version}: publish fields set, CHANGELOG entry present`);
