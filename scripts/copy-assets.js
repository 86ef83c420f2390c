'use strict';
/**
 * After `tsc`: copy what n8n loads next to the compiled nodes and credentials (icons and codex
 * files) into dist/ at the same relative paths: nodes/**\/*.svg, nodes/**\/*.node.json,
 * credentials/**\/*.svg.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const rules = [
	{ dir: 'nodes', matches: (name) => name.endsWith('.svg') || name.endsWith('.node.json') },
	{ dir: 'credentials', matches: (name) => name.endsWith('.svg') },
];

function* walk(dir) {
	if (!fs.existsSync(dir)) return;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) yield* walk(full);
		else if (entry.isFile()) yield full;
	}
}

let copied = 0;
for (const rule of rules) {
	for (const file of walk(path.join(root, rule.dir))) {
		if (!rule.matches(path.basename(file))) continue;
		const target = path.join(root, 'dist', path.relative(root, file));
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.copyFileSync(file, target);
		copied++;
	}
}
console.log(`copy-assets: ${copied} file(s) copied into dist/`);
