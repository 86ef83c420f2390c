#!/usr/bin/env node
'use strict';
/**
 * Writes zapier-app/FIELDS.md, the field reference zapier-app/README.md links to, from the built
 * integrations: per platform its connection fields, where to paste the trigger URL, and per trigger a
 * field-by-field table with the sample's values. The tables come from the same outputFields and
 * samples Zapier gets, so the reference cannot drift from the apps.
 *
 * Usage: node zapier-app/scripts/readme.js [--check]   (run scripts/build.js first)
 *   --check: exit 1 when FIELDS.md is not what this script would write.
 */
const fs = require('node:fs');
const path = require('node:path');
const { ZAPIER_DIR } = require('./lib');

const FIELDS = path.join(ZAPIER_DIR, 'FIELDS.md');
const BEGIN = '<!-- BEGIN GENERATED: integrations (node zapier-app/scripts/readme.js) -->';
const END = '<!-- END GENERATED: integrations -->';

function loadIntegration(id, platformId = id) {
	const dir = path.join(ZAPIER_DIR, id);
	if (!fs.existsSync(path.join(dir, 'core', 'zapier-app', 'src', 'index.js'))) {
		throw new Error(`${id}/ is not built: run node zapier-app/scripts/build.js first`);
	}
	return {
		app: require(path.join(dir, 'index.js')),
		factory: require(path.join(dir, 'core', 'zapier-app', 'src')),
		platform: require(path.join(dir, 'core', 'core')).getPlatform(platformId),
	};
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function sampleCell(values, field) {
	const shown = values.flatMap((v) => (field.list && Array.isArray(v) ? v : [v]));
	if (shown.length === 0 || shown.every((v) => v === null || v === undefined)) return '*(empty)*';
	const text = shown.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
	return '`' + cell(text.length > 70 ? `${text.slice(0, 67)}...` : text).replace(/`/g, "'") + '`';
}

function fieldTable(factory, trigger) {
	const operation = trigger.operation;
	const rows = operation.outputFields.map((field) => {
		const { values } = factory.valuesAtKey(operation.sample, field.key);
		const type = `${field.type ?? 'any'}${field.list ? ' (list)' : ''}`;
		const notes = [field.primary ? 'primary' : '', field.required ? 'always set' : ''].filter(Boolean).join(', ');
		return `| \`${field.key}\` | ${cell(field.label)} | ${type} | ${sampleCell(values, field)} | ${notes} |`;
	});
	return ['| Field key | Label | Type | Sample | Notes |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

function section(id) {
	const { app, factory, platform } = loadIntegration(id);
	const polling = factory.needsPolling(platform);
	const triggers = Object.values(app.triggers);
	const lines = [`### ${platform.displayName} — \`zapier-app/${id}/\``, ''];
	if (polling) {
		const others = factory.integrationFoldersOf(platform).slice(1);
		const signIns = [
			`\`zapier-app/${id}/\`: ${app.authentication.type === 'oauth2' ? `OAuth2, scopes \`${app.authentication.oauth2Config.scope}\`` : `${app.authentication.fields.map((f) => f.label).join(', ')}`}`,
		];
		for (const folder of others) {
			const variant = loadIntegration(folder.dir, id).app;
			signIns.push(
				`\`zapier-app/${folder.dir}/\`: ${variant.authentication.type === 'oauth2' ? `OAuth2 ("Sign in with ${platform.displayName}"), scopes \`${variant.authentication.oauth2Config.scope}\`` : variant.authentication.fields.map((f) => f.label).join(', ')}`,
			);
		}
		lines.push(
			`Polling triggers on the SmartRecruiters Customer API (see [why](#smartrecruiters-polls-instead-of-webhooks)). One integration per way to sign in: ${signIns.join('; ')}. The connection test is \`GET ${app.authentication.test.url}\`.`,
			'',
		);
	} else {
		const fieldLine = (field) =>
			`- **${field.label}** (${field.type === 'password' ? 'password' : 'text'}, ${field.required ? 'required' : 'optional'}${field.default ? `, default \`${field.default}\`` : ''}): ${field.helpText}`;
		if (app.authentication === undefined) {
			lines.push('No connection: every setting belongs to one webhook, so it is a field of each trigger.', '');
		} else {
			lines.push('Connection fields (shared by every Zap of the account):', '');
			for (const field of app.authentication.fields) lines.push(fieldLine(field));
			lines.push('');
		}
		const triggerFields = triggers[0].operation.inputFields ?? [];
		if (triggerFields.length > 0) {
			lines.push("Trigger fields (each Zap's own webhook):", '');
			for (const field of triggerFields) lines.push(fieldLine(field));
		}
		lines.push('', 'Where to paste the trigger URL (Zapier shows it when you pick the trigger):', '');
		factory.zapierSubscriptionSteps(platform).forEach((step, i) => lines.push(`${i + 1}. ${step.replace(/this URL/g, 'the Zapier trigger URL')}`));
		lines.push('');
	}
	lines.push('| Trigger | Key | Description |', '| --- | --- | --- |');
	for (const trigger of triggers) lines.push(`| ${cell(trigger.display.label)} | \`${trigger.key}\` | ${cell(trigger.display.description)} |`);
	lines.push('');
	for (const trigger of triggers) {
		lines.push(
			`<details><summary><b>${trigger.display.label}</b> (<code>${trigger.key}</code>): ${trigger.operation.outputFields.length} fields</summary>`,
			'',
			fieldTable(factory, trigger),
			'',
			'</details>',
			'',
		);
	}
	return lines.join('\n');
}

const HEADER = `# Zapier integrations: field reference

Generated from the built integrations by \`node zapier-app/scripts/readme.js\`; do not edit by hand.
\`node zapier-app/scripts/check.js\` fails when it is out of date. Sample values are the catalogue
samples Zapier shows before a live event. Setup and behaviour: [README.md](README.md).
`;

function generated() {
	const builtCore = fs.readdirSync(ZAPIER_DIR).find((name) => fs.existsSync(path.join(ZAPIER_DIR, name, 'core', 'core', 'index.js')));
	if (builtCore === undefined) throw new Error('No integration is built: run node zapier-app/scripts/build.js first');
	const ids = require(path.join(ZAPIER_DIR, builtCore, 'core', 'core')).platformIds;
	return [HEADER, BEGIN, '', ...ids.map(section), END, ''].join('\n');
}

function main() {
	const check = process.argv.includes('--check');
	const current = fs.existsSync(FIELDS) ? fs.readFileSync(FIELDS, 'utf8') : '';
	const next = generated();
	if (check) {
		if (next !== current) {
			process.stderr.write('[zapier] zapier-app/FIELDS.md is out of date with the catalogue: run node zapier-app/scripts/readme.js\n');
			process.exitCode = 1;
		} else {
			console.log('[zapier] FIELDS.md field reference is up to date');
		}
		return;
	}
	fs.writeFileSync(FIELDS, next);
	console.log('[zapier] FIELDS.md field reference written');
}

main();
