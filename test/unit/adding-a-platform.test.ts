/**
 * docs/adding-a-platform.md names the files a new platform touches. This holds the page to the repository,
 * for every platform of the registry: each file it names exists, every file named after a platform is
 * one it names, and no other file keeps its own table of platforms.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as registry from '../../core/platforms';
import { platformIds, platforms, type PlatformId } from '../../core/platforms';

const root = join(__dirname, '..', '..');
const doc = readFileSync(join(root, 'docs', 'adding-a-platform.md'), 'utf8');
const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);

/**
 * Files that name several platforms on purpose, with the reason; none is a list a new platform joins.
 * scripts/screenshots.js picks the events the README's screenshots show.
 */
const NAMES_PLATFORMS_ON_PURPOSE = ['scripts/screenshots.js'];

/** The backticked paths (a slash or a file extension) of one section of the page (headings starting with `heading`). */
function pathsIn(heading: string): string[] {
	const start = doc.indexOf(`\n## ${heading}`);
	if (start < 0) throw new Error(`docs/adding-a-platform.md has no section "${heading}"`);
	const end = doc.indexOf('\n## ', start + 1);
	const section = doc.slice(start, end < 0 ? undefined : end);
	return [...section.matchAll(/`([^`\s]+\.(?:ts|js|json|md|svg)|[^`\s]*\/[^`\s]*)`/g)].map((match) => match[1]);
}

const exportNameOf = (id: PlatformId): string => Object.keys(registry).find((key) => key !== 'platforms' && (registry as Record<string, unknown>)[key] === platforms[id])!;

function expand(pattern: string, id: PlatformId): string {
	const name = exportNameOf(id);
	return pattern
		.replaceAll('<id>', id)
		.replaceAll('<name>', name)
		.replaceAll('<Name>', name.charAt(0).toUpperCase() + name.slice(1));
}

function globToRegExp(glob: string): RegExp {
	const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`^${escaped.replaceAll('**/', '\u0000').replaceAll('*', '[^/]*').replaceAll('\u0000', '(?:.*/)?')}(?:/.*)?$`);
}

const required = [...pathsIn('1. New files'), ...pathsIn('2. Generated files')];
const optional = pathsIn('Only when');
const edited = pathsIn('3. Edited files');

describe('docs/adding-a-platform.md', () => {
	it('names files for every part of a platform', () => {
		expect(required.filter((path) => path.includes('<')).length).toBeGreaterThanOrEqual(12);
		expect(edited).toEqual(expect.arrayContaining(['core/platforms/index.ts', 'package.json']));
	});

	it.each(platformIds)('%s: has every file the page says a platform has', (id) => {
		const missing = required.map((pattern) => expand(pattern, id)).filter((path) => !existsSync(join(root, path)));
		expect(missing).toEqual([]);
	});

	it.each(platformIds)('%s: every file named after it is one the page names', (id) => {
		const name = exportNameOf(id);
		const namedAfter = new RegExp(`${id}|${name}`, 'i');
		const patterns = [...required, ...optional].map((pattern) => globToRegExp(expand(pattern, id)));
		const unnamed = tracked.filter((file) => namedAfter.test(file) && !patterns.some((pattern) => pattern.test(file)));
		expect(unnamed).toEqual([]);
	});

	it('no other file keeps a table of platforms: none is keyed by two platform ids or switches over most of them', () => {
		const quoted = (id: string) => id.replace(/[-]/g, '\\-');
		const tables: string[] = [];
		for (const file of tracked.filter((f) => /\.(ts|js|mjs)$/.test(f))) {
			if (edited.includes(file) || NAMES_PLATFORMS_ON_PURPOSE.includes(file)) continue;
			if (platformIds.some((id) => globToRegExp(expand('zapier-app/<id>/*', id)).test(file))) continue; // generated
			const text = readFileSync(join(root, file), 'utf8');
			// A line that starts with an id is a table's key or entry, unless it is a long call's first argument
			// on its own line (Prettier's layout of `signDelivery(\n'hrflow',\n...)`).
			const keyed = platformIds.filter((id) =>
				[...text.matchAll(new RegExp(`^\\s*(\\[\\s*)?['"]?${quoted(id)}['"]?(\\s*\\])?\\s*[:,]`, 'gm'))].some((match) => !/\($/.test(text.slice(0, match.index).trimEnd())),
			);
			const compared = platformIds.filter((id) => new RegExp(`[!=]==?\\s*['"]${quoted(id)}['"]`).test(text));
			if (keyed.length >= 2 || compared.length >= Math.min(4, platformIds.length)) tables.push(`${file}: ${[...new Set([...keyed, ...compared])].join(', ')}`);
		}
		expect(tables).toEqual([]);
	});
});
