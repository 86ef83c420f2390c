/**
 * The entry points check secrets against the platform's own type: a known platform (by id or by its
 * definition) takes its SecretsOf / SignSecretsOf; an id that may be any platform takes `unknown`, as
 * the run-time checks cover it. Each `@ts-expect-error` line must fail to compile (ts-jest type-checks
 * this file) and is also refused at run time.
 */
import {
	type AnyPlatformDefinition,
	type HrFlowSecrets,
	type PeopleForceSecrets,
	type PlatformId,
	type SecretsOf,
	type SignSecretsOf,
	type SignedWebhookSecrets,
	type TalentPoolsSecrets,
	type VerifySecretsOf,
	WebhookVerificationError,
	describeEvent,
	getPlatform,
	parseUnverifiedDelivery,
	platformIds,
	platforms,
	receiveDelivery,
	recognizeHandshake,
	signDelivery,
	verifyDelivery,
} from '../../../core';
import { examplesOf } from '../../../core/platforms/examples';
import { type Equal, assertType } from './assert-type';

const input = { event: 'employee_create', data: { id: 1 } };
const secret = 'pf-type-test-secret';

describe('secrets types per platform', () => {
	it('are the platform’s own, by id or by definition', () => {
		assertType<Equal<SecretsOf<'peopleforce'>, PeopleForceSecrets>>();
		assertType<Equal<SecretsOf<typeof platforms.peopleforce>, PeopleForceSecrets>>();
		assertType<Equal<SecretsOf<'talentpools'>, TalentPoolsSecrets>>();
		assertType<Equal<SecretsOf<'hrflow'>, HrFlowSecrets>>();
		// PeopleForce and the generic sender sign without a secret, as they may send.
		assertType<Equal<SignSecretsOf<'peopleforce'>, Partial<PeopleForceSecrets>>>();
		assertType<Equal<SignSecretsOf<'signed-webhook'>, Partial<SignedWebhookSecrets>>>();
		assertType<Equal<SignSecretsOf<'smartrecruiters'>, SecretsOf<'smartrecruiters'>>>();
		// Unknown until run time: any of several platforms, or a definition held generically.
		assertType<Equal<SecretsOf<PlatformId>, unknown>>();
		assertType<Equal<VerifySecretsOf<AnyPlatformDefinition>, unknown>>();
		expect(Object.keys(platforms)).toEqual(platformIds);
	});

	it('include the previous value of each rotatable secret, and no other previous field', () => {
		assertType<Equal<keyof VerifySecretsOf<'talentpools'>, 'signingSecret' | 'encryptionKey' | 'previousSigningSecret' | 'previousEncryptionKey'>>();
		const signed = signDelivery('peopleforce', input, { secret });
		expect(verifyDelivery('peopleforce', signed, { secret: 'new-secret', previousSecret: secret }).event).toBe('employee_create');
		// @ts-expect-error -- the sender's header is a setting, not a rotated secret
		expect(() => verifyDelivery('signed-webhook', signed, { secret, previousHeader: 'X-Old' })).toThrow(WebhookVerificationError);
	});
});

describe('the entry points', () => {
	const signed = signDelivery('peopleforce', input, { secret });

	it('type-check the secrets of a platform named by id', () => {
		expect(verifyDelivery('peopleforce', signed, { secret }).event).toBe('employee_create');
		// @ts-expect-error -- TalentPools' field name, not PeopleForce's
		expect(() => verifyDelivery('peopleforce', signed, { signingSecret: secret })).toThrow(WebhookVerificationError);
		// @ts-expect-error -- TalentPools needs its encryption key too
		expect(() => verifyDelivery('talentpools', signed, { signingSecret: 'whsec_' })).toThrow(WebhookVerificationError);
		// @ts-expect-error -- TalentPools signs with both of its secrets
		expect(() => signDelivery('talentpools', input, {})).toThrow();
		// PeopleForce may send unsigned: signing needs no secret.
		expect(signDelivery('peopleforce', input, {}).headers).not.toHaveProperty('X-PeopleForce-Signature');
	});

	it('refuse a platform id that does not exist', () => {
		// @ts-expect-error -- a misspelt id
		expect(() => verifyDelivery('peoplefroce', signed, { secret })).toThrow(/Unknown platform/);
		// @ts-expect-error -- as above
		expect(() => parseUnverifiedDelivery('peoplefroce', signed)).toThrow(/Unknown platform/);
		// A string from outside (a CLI argument) is looked up and checked at run time.
		const fromOutside: string = 'peoplefroce';
		expect(() => getPlatform(fromOutside)).toThrow(/Unknown platform/);
	});

	it('take the definition instead of the id, with its secrets type, and use it as it is', () => {
		const peopleForce = platforms.peopleforce;
		assertType<Equal<ReturnType<typeof getPlatform<'peopleforce'>>, typeof peopleForce>>();
		expect(getPlatform(peopleForce)).toBe(peopleForce);
		expect(getPlatform('peopleforce')).toBe(peopleForce);
		const byDefinition = verifyDelivery(peopleForce, signDelivery(peopleForce, input, { secret }), { secret });
		expect(byDefinition).toEqual(verifyDelivery('peopleforce', signed, { secret }));
		expect(receiveDelivery(peopleForce, signed, { secret }).kind).toBe('events');
		expect(recognizeHandshake(peopleForce, signed, { secret })).toBeUndefined();
		expect(parseUnverifiedDelivery(peopleForce, signed).event).toBe('employee_create');
		expect(describeEvent(peopleForce, { event: 'employee_create', data: {} }).entity).toBe('employee');
		expect(describeEvent('peopleforce', { event: 'employee_create', data: {} }).entity).toBe('employee');
		// @ts-expect-error -- PeopleForce's secrets given to TalentPools' definition
		expect(() => verifyDelivery(platforms.talentpools, signed, { secret })).toThrow(WebhookVerificationError);
	});

	it('take any secrets where the platform is known at run time only, and check them then', () => {
		for (const id of platformIds) {
			const examples = examplesOf(id);
			const definition = platforms[id];
			const sample = definition.events[0];
			const delivery = signDelivery(id, { event: sample.name, data: sample.sample, meta: sample.sampleMeta }, examples.secrets);
			const byId = verifyDelivery(id, delivery, examples.secrets);
			expect(byId.known).toBe(true);
			const generic: AnyPlatformDefinition = definition;
			const fromCredential: unknown = { ...examples.secrets };
			expect(verifyDelivery(generic, delivery, fromCredential)).toEqual(byId);
			expect(() => verifyDelivery(generic, delivery, 'not an object')).toThrow(WebhookVerificationError);
		}
	});
});
