import { schemaErrors } from '../../core/schema';
import type { EntityDefinition, EventDefinition, JsonSchema, PlatformId } from '../../core/types';
import { platformIds, platforms } from '../../core/platforms';

interface Catalogue {
	id: PlatformId;
	entities: Record<string, EntityDefinition>;
	events: EventDefinition[];
	/** A catch-all catalogue (the generic sender's payloads) has no entity id to mark. */
	needsPrimary: boolean;
}

const catalogues: Catalogue[] = platformIds.map((id) => ({
	id,
	entities: platforms[id].entities,
	events: platforms[id].events,
	needsPrimary: platforms[id].catchAllEvent === undefined,
}));

/** Every sub-schema reachable from `schema`, with its path. */
function walk(schema: JsonSchema, path = '$'): Array<{ path: string; schema: JsonSchema }> {
	const found = [{ path, schema }];
	for (const [key, child] of Object.entries(schema.properties ?? {})) found.push(...walk(child, `${path}.${key}`));
	if (schema.items) found.push(...walk(schema.items, `${path}[]`));
	if (typeof schema.additionalProperties === 'object') found.push(...walk(schema.additionalProperties, `${path}.*`));
	return found;
}

/** Paths of the properties (at any depth) that lack a title. */
function untitledProperties(schema: JsonSchema): string[] {
	const missing: string[] = [];
	for (const { path, schema: node } of walk(schema)) {
		for (const [key, child] of Object.entries(node.properties ?? {})) {
			if (!child.title) missing.push(`${path}.${key}`);
		}
	}
	return missing;
}

function primaryPaths(schema: JsonSchema): string[] {
	return walk(schema)
		.filter(({ schema: node }) => node['x-primary'] === true)
		.map(({ path }) => path);
}

describe.each(catalogues)('$id catalogue', ({ id, entities, events, needsPrimary }) => {
	it('is registered under its own id', () => {
		expect(platforms[id].id).toBe(id);
	});

	it('has events', () => {
		expect(events.length).toBeGreaterThan(0);
	});

	it('has unique event names', () => {
		const names = events.map((event) => event.name);
		expect(new Set(names).size).toBe(names.length);
	});

	it('names an existing entity in every event', () => {
		const missing = events.filter((event) => !(event.entity in entities)).map((event) => `${event.name} -> ${event.entity}`);
		expect(missing).toEqual([]);
	});

	it('describes every event and entity', () => {
		for (const event of events) {
			expect(event.label.trim()).not.toBe('');
			expect(event.description.trim()).not.toBe('');
		}
		for (const entity of Object.values(entities)) {
			expect(entity.noun.trim()).not.toBe('');
			expect(entity.description.trim()).not.toBe('');
		}
	});

	it.each(events.map((event) => [event.name, event] as const))('%s: sample validates against its schema', (_name, event) => {
		expect(schemaErrors(event.sample, event.schema)).toEqual([]);
	});

	it.each(events.map((event) => [event.name, event] as const))('%s: every schema property has a title', (_name, event) => {
		expect(untitledProperties(event.schema)).toEqual([]);
	});

	if (needsPrimary) {
		it.each(events.map((event) => [event.name, event] as const))('%s: exactly one x-primary property', (_name, event) => {
			expect(primaryPaths(event.schema)).toHaveLength(1);
		});
	}
});

describe('schemaErrors', () => {
	const person: JsonSchema = {
		type: 'object',
		required: ['id', 'email'],
		properties: {
			id: { type: 'integer' },
			email: { type: 'string', format: 'email' },
			role: { type: 'string', enum: ['admin', 'member'] },
			born: { type: 'string', format: 'date' },
			seenAt: { type: ['string', 'null'], format: 'date-time' },
			site: { type: 'string', format: 'uri' },
			tags: { type: 'array', items: { type: 'string' } },
		},
	};

	it('accepts a valid value', () => {
		expect(schemaErrors({ id: 7, email: 'ann@example.com', role: 'admin', born: '2000-02-29', seenAt: null, site: 'https://example.com/ann', tags: ['a'] }, person)).toEqual([]);
		expect(schemaErrors({ id: 7, email: 'ann@example.com', seenAt: '2024-05-14T09:21:37.130+03:00' }, person)).toEqual([]);
	});

	it('reports a wrong type with its path', () => {
		expect(schemaErrors({ id: '7', email: 'ann@example.com' }, person)).toEqual(['$.id: expected integer, got string']);
		expect(schemaErrors({ id: 7.5, email: 'ann@example.com' }, person)).toEqual(['$.id: expected integer, got number']);
		expect(schemaErrors([], person)).toEqual(['$: expected object, got array']);
		expect(schemaErrors(null, person)).toEqual(['$: expected object, got null']);
		expect(schemaErrors({ id: 1, email: 'a@example.com', tags: ['x', 2] }, person)).toEqual(['$.tags[1]: expected string, got number']);
	});

	it('accepts type arrays including null', () => {
		expect(schemaErrors(null, { type: ['string', 'null'] })).toEqual([]);
		expect(schemaErrors(3, { type: ['string', 'null'] })).toEqual(['$: expected string or null, got number']);
		expect(schemaErrors(3, { type: 'number' })).toEqual([]);
		expect(schemaErrors(Number.NaN, { type: 'number' })).toHaveLength(1);
	});

	it('reports missing required properties', () => {
		expect(schemaErrors({ id: 1 }, person)).toEqual(['$.email: is required']);
		expect(schemaErrors({}, person)).toEqual(['$.id: is required', '$.email: is required']);
	});

	it('reports a value outside an enum', () => {
		expect(schemaErrors({ id: 1, email: 'a@example.com', role: 'owner' }, person)).toEqual(['$.role: "owner" is not one of "admin", "member"']);
	});

	it('reports bad date-time, date, email and uri values', () => {
		const errorsFor = (patch: Record<string, unknown>) => schemaErrors({ id: 1, email: 'a@example.com', ...patch }, person);
		expect(errorsFor({ seenAt: 'yesterday' })).toEqual(['$.seenAt: "yesterday" is not a valid date-time']);
		expect(errorsFor({ seenAt: '2024-05-14' })).toHaveLength(1);
		expect(errorsFor({ seenAt: '2024-13-01T10:00:00Z' })).toHaveLength(1);
		expect(errorsFor({ seenAt: '2024-02-30T10:00:00Z' })).toHaveLength(1);
		expect(errorsFor({ seenAt: '2024-05-14T25:00:00Z' })).toHaveLength(1);
		expect(errorsFor({ born: '2023-02-29' })).toEqual(['$.born: "2023-02-29" is not a valid date']);
		expect(errorsFor({ born: '14/05/2024' })).toHaveLength(1);
		expect(errorsFor({ email: 'not-an-email' })).toEqual(['$.email: "not-an-email" is not a valid email']);
		expect(errorsFor({ site: 'example.com/ann' })).toEqual(['$.site: "example.com/ann" is not a valid uri']);
	});

	it('applies additionalProperties false and schemas', () => {
		const closed: JsonSchema = { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false };
		expect(schemaErrors({ a: 'x', b: 1 }, closed)).toEqual(['$.b: is not allowed here']);
		const map: JsonSchema = { type: 'object', additionalProperties: { type: 'integer' } };
		expect(schemaErrors({ 'odd key': 1, other: 'x' }, map)).toEqual(['$.other: expected integer, got string']);
		expect(schemaErrors({ 'odd key': 'x' }, map)).toEqual(['$["odd key"]: expected integer, got string']);
		expect(schemaErrors({ anything: true }, { type: 'object' })).toEqual([]);
	});

	it('reports every problem, not only the first', () => {
		expect(schemaErrors({ id: 'x', role: 'owner' }, person)).toHaveLength(3);
	});
});
