/**
 * What the npm package ships and exports: test-only code (the platforms' examples, the schema checker)
 * stays out of dist, the SmartRecruiters API client is a subpath of its own, and every platform's
 * event payload types come from the core index.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import type { HrFlowProfileRef, PeopleForceAction, PlatformId, SmartRecruitersJobNotification, TalentPoolsJob } from '../../core';
import { platformIds } from '../../core';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function shippedSources(): string[] {
	const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
	return config!.fileNames.map((file) => relative(root, file));
}

const TEST_ONLY = /(^|\/)(examples|schema)$/;

// The check packing runs (scripts/lib/pack.js): no packed file may come from a source the build no longer compiles.
const { unsourcedFiles } = require('../../scripts/lib/shipped-sources.js') as { unsourcedFiles(files: string[]): string[] };

describe('what dist holds', () => {
	const shipped = shippedSources();

	it('compiles no examples and no schema checker', () => {
		expect(shipped.filter((file) => TEST_ONLY.test(file.replace(/\.ts$/, '')))).toEqual([]);
		expect(shipped).toContain('core/index.ts');
	});

	it('has no shipped file importing them (tsc would pull them back in)', () => {
		const offenders: string[] = [];
		for (const file of shipped) {
			const source = readFileSync(join(root, file), 'utf8');
			for (const [, specifier] of source.matchAll(/from '([^']+)'/g)) if (TEST_ONLY.test(specifier)) offenders.push(`${file}: ${specifier}`);
		}
		expect(offenders).toEqual([]);
	});

	it('is emptied before each build, so that no earlier build leaves a file behind', () => {
		expect(pkg.scripts.build).toMatch(/^node scripts\/clean-dist\.js && tsc -p tsconfig\.json\b/);
	});

	it('refuses to pack a file that no current source produces (a stale schema checker or examples)', () => {
		const packed = [
			'package.json',
			'dist/core/index.js',
			'dist/core/index.d.ts',
			'dist/core/platforms/smartrecruiters/api.js',
			'dist/nodes/PeopleForceTrigger/peopleForce.svg',
			'dist/core/schema.js',
			'dist/core/schema.d.ts',
			'dist/core/platforms/talentpools/examples.js',
			'dist/core/gone.js',
			'dist/nodes/Gone/gone.svg',
		];
		expect(unsourcedFiles(packed)).toEqual([
			'dist/core/schema.js',
			'dist/core/schema.d.ts',
			'dist/core/platforms/talentpools/examples.js',
			'dist/core/gone.js',
			'dist/nodes/Gone/gone.svg',
		]);
	});

	it('exports the SmartRecruiters API client as n8n-nodes-hirehooks/smartrecruiters, from a shipped file', () => {
		const entry = pkg.exports['./smartrecruiters'];
		expect(entry).toEqual({ types: './dist/core/platforms/smartrecruiters/api.d.ts', default: './dist/core/platforms/smartrecruiters/api.js' });
		expect(shipped).toContain('core/platforms/smartrecruiters/api.ts');
	});
});

describe('the core index', () => {
	it('exports every platform event payload type', () => {
		// Compile-time: these names resolve from the core index (ts-jest type-checks this file).
		const job: TalentPoolsJob = { id: 'job_1', title: 'T', description: 'D', customerId: 'cus_1', postedAt: '2026-01-01T00:00:00Z' };
		const profile: Pick<HrFlowProfileRef, 'key'> = { key: 'k' };
		const employee: PeopleForceAction = 'employee_create';
		const smartRecruitersJob: SmartRecruitersJobNotification = { id: 'sr-job-1' };
		const id: PlatformId = platformIds[0];
		expect([job.id, profile.key, employee, smartRecruitersJob.id, id]).toEqual(['job_1', 'k', 'employee_create', 'sr-job-1', 'talentpools']);
	});
});
