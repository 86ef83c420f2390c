/**
 * Every catalogue entity of every platform has a payload type, and every payload type a platform
 * declares is importable from the package's entry (`import type { PeopleForceEmployee } from
 * 'n8n-nodes-hirehooks'`) under a name no other platform uses. Read with the TypeScript checker, so
 * that the test follows the declarations instead of repeating them.
 */
import { join } from 'node:path';
import * as ts from 'typescript';
import {
	type EntityDataOf,
	type EntityOf,
	type HrFlowJobEventData,
	type PeopleForceEmployee,
	type PlatformId,
	type SmartRecruitersJobAdNotification,
	type SmartRecruitersJobApprovalNotification,
	type SmartRecruitersJobNotification,
	type TalentPoolsApplication,
	platformIds,
	platforms,
	signDelivery,
	verifyDelivery,
} from '../../../core';
import { examplesOf } from '../../../core/platforms/examples';
import { type Equal, assertType } from './assert-type';

const root = join(__dirname, '..', '..', '..');
const program = ts.createProgram([join(root, 'core', 'index.ts')], { strict: true, noEmit: true, skipLibCheck: true, types: [], resolveJsonModule: true, esModuleInterop: true });
const checker = program.getTypeChecker();

function moduleExports(file: string): Map<string, ts.Symbol> {
	const source = program.getSourceFile(join(root, file));
	if (source === undefined) throw new Error(`${file} is not part of the core program`);
	const symbol = checker.getSymbolAtLocation(source);
	if (symbol === undefined) throw new Error(`${file} is not a module`);
	return new Map(checker.getExportsOfModule(symbol).map((s) => [s.getName(), s]));
}

const indexExports = moduleExports('core/index.ts');
const entityData = checker.getDeclaredTypeOfSymbol(moduleExports('core/platforms/index.ts').get('PlatformEntityData')!);

/** The declared type names a payload type is made of (a union's members, or itself). */
function namesOf(type: ts.Type): string[] {
	const parts = type.isUnion() ? type.types : [type];
	return parts.map((part) => checker.typeToString(part));
}

describe('payload types', () => {
	it('name one type per catalogue entity of every platform, and no entity the catalogue lacks', () => {
		expect(
			entityData
				.getProperties()
				.map((p) => p.getName())
				.sort(),
		).toEqual([...platformIds].sort());
		for (const id of platformIds) {
			const perEntity = checker.getTypeOfSymbol(entityData.getProperty(id)!);
			expect({
				id,
				entities: perEntity
					.getProperties()
					.map((p) => p.getName())
					.sort(),
			}).toEqual({ id, entities: Object.keys(platforms[id].entities).sort() });
		}
	});

	it('are exported from the core entry, each under a name of its own platform', () => {
		for (const id of platformIds) {
			const perEntity = checker.getTypeOfSymbol(entityData.getProperty(id)!);
			const prefix = checker.typeToString(perEntity).replace(/EntityData$/, '');
			for (const entity of perEntity.getProperties()) {
				for (const name of namesOf(checker.getTypeOfSymbol(entity))) {
					expect({ id, entity: entity.getName(), name, exported: indexExports.has(name), ownName: name.startsWith(prefix) }).toEqual({
						id,
						entity: entity.getName(),
						name,
						exported: true,
						ownName: true,
					});
				}
			}
		}
	});

	it('every type of each platform types.ts reaches the core entry (no name is lost to a clash)', () => {
		for (const id of platformIds) {
			const declared = [...moduleExports(`core/platforms/${id}/types.ts`).keys()];
			expect(declared.length).toBeGreaterThan(0);
			expect(declared.filter((name) => !indexExports.has(name))).toEqual([]);
		}
	});

	it('are what EntityDataOf gives, and describe the data a verified event carries', () => {
		assertType<Equal<EntityDataOf<'peopleforce', 'employee'>, PeopleForceEmployee>>();
		assertType<Equal<EntityDataOf<'hrflow', 'job'>, HrFlowJobEventData>>();
		assertType<Equal<EntityDataOf<'smartrecruiters', 'job'>, SmartRecruitersJobNotification | SmartRecruitersJobAdNotification | SmartRecruitersJobApprovalNotification>>();
		assertType<Equal<EntityOf<'talentpools'>, 'freelancer' | 'customer' | 'job' | 'application'>>();
		// @ts-expect-error -- TalentPools has no employees
		assertType<Equal<EntityDataOf<'talentpools', 'employee'>, unknown>>();

		const sample = platforms.talentpools.events.find((e) => e.entity === 'application')!;
		const { secrets } = examplesOf('talentpools');
		const verified = verifyDelivery('talentpools', signDelivery('talentpools', { event: sample.name, data: sample.sample }, secrets), secrets);
		expect(verified.entity).toBe('application');
		const application = verified.data as EntityDataOf<'talentpools', 'application'>;
		const expected: TalentPoolsApplication = sample.sample as TalentPoolsApplication;
		expect(application.jobId).toBe(expected.jobId);
		const id: PlatformId = verified.platform;
		expect(id).toBe('talentpools');
	});
});
