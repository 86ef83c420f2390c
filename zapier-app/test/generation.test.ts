/**
 * The integrations are generated from the catalogue: every trigger's key, noun, display, sample and
 * output fields agree with each other, with the catalogue, and with Zapier's app schema.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateAppDefinition } = require('zapier-platform-schema') as { validateAppDefinition(app: object): { errors: unknown[] } };
import { type EventDefinition, type JsonSchema, type PlatformId, credentialFieldsOf, platformIds, platforms } from '../../core';
import { schemaErrors } from '../../core/schema';
import { ANY_EVENT_KEY, needsPolling, triggerKeyOf, valuesAtKey } from '../src';
import { hookExtensions } from '../src/hook-triggers';
import { appOf } from './helpers';

type Field = { key: string; label: string; type?: string; required?: boolean; primary?: boolean; list?: boolean };

/** The app as Zapier's validator sees it: functions replaced by their placeholders. */
function serialised(app: object): object {
	return JSON.parse(JSON.stringify(app, (_key, value) => (typeof value === 'function' ? '$func$2$f$' : value)));
}

function matchesType(value: unknown, type: string | undefined): boolean {
	if (value === null || type === undefined) return true;
	switch (type) {
		case 'string':
			return typeof value === 'string';
		case 'number':
			return typeof value === 'number';
		case 'integer':
			return Number.isInteger(value);
		case 'boolean':
			return typeof value === 'boolean';
		case 'datetime':
			return typeof value === 'string' && !Number.isNaN(Date.parse(value));
		default:
			return false;
	}
}

/** The schema node a data__ key points at, for label agreement. */
function schemaAt(schema: JsonSchema, key: string): JsonSchema | undefined {
	let node: JsonSchema | undefined = schema;
	for (const token of key.replace(/^data__/, '').split(/__|\[\]/)) {
		if (node?.type === 'array' || (Array.isArray(node?.type) && node?.type.includes('array'))) node = node?.items;
		node = node?.properties?.[token];
	}
	return node;
}

describe.each(platformIds)('%s integration', (id: PlatformId) => {
	const platform = platforms[id];
	const app = appOf(id);
	const triggers = Object.values(app.triggers);

	it("passes Zapier's app schema", () => {
		expect(validateAppDefinition(serialised(app)).errors).toEqual([]);
	});

	it('has unique, valid trigger keys', () => {
		for (const [key, trigger] of Object.entries(app.triggers)) {
			expect(trigger.key).toBe(key);
			expect(key).toMatch(/^[a-zA-Z]+[a-zA-Z0-9_]*$/);
		}
	});

	if (!needsPolling(platform)) {
		it('has one hook trigger per catalogue event, plus one for any event where there are several', () => {
			const expected = platform.events.map(triggerKeyOf);
			if (platform.events.length > 1) expected.push(ANY_EVENT_KEY);
			expect(Object.keys(app.triggers).sort()).toEqual([...expected].sort());
			for (const trigger of triggers) {
				expect(trigger.operation.type).toBe('hook');
				expect(trigger.operation).not.toHaveProperty('performSubscribe');
				expect(typeof (trigger.operation as { performList?: unknown }).performList).toBe('function');
				expect(trigger.display.directions).toMatch(/URL/);
			}
		});

		it("puts each catalogue field where the platform issues it: the account's in the connection, the endpoint's on every trigger", () => {
			const asZapierField = (f: (typeof platform.secretFields)[number]) =>
				expect.objectContaining({
					key: f.key,
					label: f.label,
					helpText: f.shownWhen ? expect.stringContaining(f.description) : f.description,
					required: f.required,
					type: f.secret ? 'password' : 'string',
				});
			const account = credentialFieldsOf(platform.secretFields).filter((f) => f.scope === 'account');
			const endpoint = credentialFieldsOf(platform.secretFields).filter((f) => f.scope === 'endpoint');
			if (account.length === 0) {
				expect(app.authentication).toBeUndefined();
			} else {
				expect(app.authentication!.type).toBe('custom');
				// HrFlow.ai adds its optional API key fields (hook-triggers.ts, hookExtensions) before the name.
				const extra = (hookExtensions[id]?.connectionFields ?? []).map((f) => expect.objectContaining({ key: f.key, required: false }));
				expect(app.authentication!.fields).toEqual([...account.map(asZapierField), ...extra, expect.objectContaining({ key: 'connectionName', required: false, type: 'string' })]);
			}
			for (const trigger of triggers) expect((trigger.operation as { inputFields?: unknown[] }).inputFields ?? []).toEqual(endpoint.map(asZapierField));
		});
	} else {
		it('polls the API, signing in by API key, with a connection test (OAuth2 is its own integration)', () => {
			expect(app.authentication?.type).toBe('custom');
			expect(appOf(id, 'oauth').authentication?.type).toBe('oauth2');
			expect(validateAppDefinition(serialised(appOf(id, 'oauth'))).errors).toEqual([]);
			expect(app.authentication?.test).toEqual(expect.objectContaining({ url: 'https://api.smartrecruiters.com/user-api/v201804/users/me' }));
			for (const trigger of triggers) expect(trigger.operation.type).toBe('polling');
			expect(Object.keys(app.triggers).sort()).toEqual(
				['application_created', 'application_status_updated', 'candidate_created', 'candidate_updated', 'job_created', 'job_updated'].sort(),
			);
		});
	}

	describe.each(Object.keys(app.triggers))('trigger %s', (key) => {
		const trigger = app.triggers[key];
		const operation = trigger.operation as { sample: Record<string, any>; outputFields: Field[] };
		const event: EventDefinition | undefined = platform.events.find((e) => triggerKeyOf(e) === key);

		it('reads like Zapier: "New X" for a creation, else the catalogue label, and "Triggers when ..."', () => {
			expect(trigger.display.description).toMatch(/^Triggers when /);
			if (event !== undefined) {
				expect(trigger.noun).toBe(platform.entities[event.entity].noun);
				expect(trigger.display.label).toBe(/ Created$/.test(event.label) ? `New ${event.label.replace(/ Created$/, '')}` : event.label);
			} else {
				expect(trigger.display.label).toBe('Any Event');
			}
			if (trigger.display.directions !== undefined) expect(trigger.display.directions.length).toBeLessThanOrEqual(1000);
		});

		it('has a sample with every output field, and output fields for what the sample promises', () => {
			for (const field of operation.outputFields) {
				const { found, values } = valuesAtKey(operation.sample, field.key);
				expect({ key: field.key, found }).toEqual({ key: field.key, found: true });
				if (field.required) expect({ key: field.key, values }).toEqual({ key: field.key, values: expect.not.arrayContaining([null]) });
				for (const value of values) {
					const items = field.list && Array.isArray(value) ? value : [value];
					for (const item of items) expect({ key: field.key, type: field.type, ok: matchesType(item, field.type) }).toEqual({ key: field.key, type: field.type, ok: true });
				}
			}
		});

		it('marks the event id as the one primary key, with unique labels', () => {
			expect(operation.outputFields.filter((f) => f.primary).map((f) => f.key)).toEqual(['id']);
			const labels = operation.outputFields.map((f) => f.label.toLowerCase());
			expect(new Set(labels).size).toBe(labels.length);
		});

		if (event !== undefined) {
			it("carries the catalogue's sample and schema as its data", () => {
				// The generic sender's payload names its own event; every other sample is its catalogue event.
				expect(operation.sample.event).toBe(platform.catchAllEvent === event.name ? (event.sample as { event: string }).event : event.name);
				expect(operation.sample.data).toEqual(needsPolling(platform) ? expect.any(Object) : event.sample);
				expect(schemaErrors(operation.sample.data, event.schema)).toEqual([]);
				for (const field of operation.outputFields.filter((f) => f.key.startsWith('data__'))) {
					const node = schemaAt(event.schema, field.key);
					expect({ key: field.key, described: node !== undefined }).toEqual({ key: field.key, described: true });
					expect(field.label.endsWith(node!.title ?? '')).toBe(true);
				}
			});
		}

		if (trigger.operation.type === 'hook') {
			it('tells how to test with a real delivery, and where each setting goes', () => {
				expect(trigger.display.directions).toMatch(/To test: .*"Test trigger"/);
				// Settings that apply to one choice only (shownWhen) say so in their own help text instead.
				for (const field of platform.secretFields.filter((f) => f.shownWhen === undefined)) expect(trigger.display.directions).toContain(field.label);
			});
		}
	});
});

describe('names derived from the catalogue', () => {
	it('talentpools: "Job Posted" / "Triggers when a job is posted ..."; the signing secret on the trigger, the key in the connection', () => {
		const trigger = appOf('talentpools').triggers.job_posted;
		expect(trigger.noun).toBe('Job');
		expect(trigger.display.label).toBe('Job Posted');
		expect(trigger.display.description).toBe('Triggers when a job is posted on the marketplace.');
		expect(trigger.display.directions).toContain("this trigger's fields take what belongs to this one webhook (Signing Secret)");
		expect(trigger.display.directions).toContain('the connection takes what your account shares (Encryption Key)');
		expect(trigger.display.directions).toContain('To test: open the endpoint\'s "Testing" tab, pick an event and click "Send Example", then click "Test trigger"');
	});

	it('labels read as English, the any-event trigger included', () => {
		expect(appOf('peopleforce').triggers.employee_terminate.display.label).toBe('Employee Terminated');
		expect(appOf('peopleforce').triggers.employee_create.display.label).toBe('New Employee');
		expect(appOf('hrflow').triggers.profile_searching_update.display.label).toBe('Profile Search Index Updated');
		expect(appOf('hrflow').triggers.any_event.display).toEqual(
			expect.objectContaining({ label: 'Any Event', description: expect.stringMatching(/^Triggers when HrFlow\.ai delivers any event/) }),
		);
	});

	it('lists the most used triggers first (Zapier dropped display.important in schema 15)', () => {
		expect(Object.keys(appOf('hrflow').triggers).slice(0, 2)).toEqual(['profile_parsing_success', 'job_storing_success']);
		expect(Object.keys(appOf('talentpools').triggers).slice(0, 3)).toEqual(['freelancer_registered', 'customer_registered', 'job_posted']);
	});

	it('has no Occurred At field where the platform never says when (HrFlow.ai: always null), and keeps it elsewhere', () => {
		for (const trigger of Object.values(appOf('hrflow').triggers)) {
			expect((trigger.operation as { outputFields: Field[] }).outputFields.map((f) => f.key)).not.toContain('occurredAt');
			expect(trigger.operation.sample).toHaveProperty('occurredAt', null);
		}
		expect((appOf('talentpools').triggers.job_posted.operation as { outputFields: Field[] }).outputFields.map((f) => f.key)).toContain('occurredAt');
	});

	it("the generic sender's directions match the trigger: no Method setting to copy", () => {
		const directions = appOf('signed-webhook').triggers.webhook.display.directions!;
		expect(directions).not.toMatch(/same Method/);
		expect(directions).toContain('choose POST as the Method');
	});

	it('flattens nested schemas with __ and arrays of objects with []', () => {
		const fields = (appOf('peopleforce').triggers.leave_request_approve.operation as { outputFields: Field[] }).outputFields;
		expect(fields).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ key: 'data__attributes__starts_on', label: 'Starts On', type: 'string', required: true }),
				expect.objectContaining({ key: 'data__employee__full_name', label: 'Employee Full Name', type: 'string' }),
				expect.objectContaining({ key: 'data__approvals[]assigned_to__full_name', label: 'Approver Full Name', list: true }),
				expect.objectContaining({ key: 'data__meta__updated_at', type: 'datetime' }),
				expect.objectContaining({ key: 'occurredAt', label: 'Occurred At', type: 'datetime' }),
			]),
		);
		const skills = (appOf('talentpools').triggers.job_posted.operation as { outputFields: Field[] }).outputFields.find((f) => f.key === 'data__skills');
		expect(skills).toEqual({ key: 'data__skills', label: 'Skills', type: 'string', list: true });
	});

	it('the generic sender has one catch-all trigger', () => {
		expect(Object.keys(appOf('signed-webhook').triggers)).toEqual(['webhook']);
	});
});
