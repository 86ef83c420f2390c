/**
 * Zapier `outputFields` derived from the catalogue's JSON schemas. Items keep their nested shape
 * (what perform returns, what `sample` shows); the keys address into it with Zapier's conventions:
 * `parent__child` for a nested object, `parent[]child` for each element of an array of objects,
 * `list: true` for an array of primitives.
 */
import type { PlainOutputField } from 'zapier-platform-core';
import type { JsonSchema } from '../../core';

export type ZapierFieldType = 'string' | 'number' | 'integer' | 'boolean' | 'datetime';

export interface OutputField extends PlainOutputField {
	key: string;
	label: string;
}

const NESTED = '__';
const EACH = '[]';

interface Walk {
	prefix: string;
	/** Titles of the enclosing objects, outermost first: labels borrow them when two fields would read alike. */
	parents: string[];
	/** Whether every enclosing object is certain to be there. */
	present: boolean;
	/** Inside an array of objects: no single value, so never required. */
	inList: boolean;
}

/** A field still knowing the titles of its enclosing objects, for telling alike labels apart. */
export interface DraftField extends OutputField {
	parents: string[];
}

/**
 * One output field per leaf of `schema` (an object schema), keys prefixed with `prefix` (e.g. "data__").
 * Free-form objects (no `properties`) have no fields: Zapier shows whatever a live item carries.
 */
export function schemaFields(schema: JsonSchema, prefix: string, rootTitle: string): DraftField[] {
	const fields: DraftField[] = [];
	walkObject(schema, { prefix, parents: [rootTitle], present: true, inList: false }, fields);
	return fields;
}

/** The output fields of one schema, labels made unique. */
export function outputFieldsOfSchema(schema: JsonSchema, prefix: string, rootTitle: string): OutputField[] {
	return finishOutputFields(schemaFields(schema, prefix, rootTitle));
}

/**
 * A trigger's output fields in order, every label unique: when two read alike ("Created At" of the
 * record and of its meta, "Candidate ID" of the notification and of the candidate), the first keeps
 * its label and the later ones borrow their parents' titles.
 */
export function finishOutputFields(...groups: Array<Array<OutputField | DraftField>>): OutputField[] {
	return disambiguateLabels(groups.flat().map((f) => ({ parents: [], ...f })));
}

function walkObject(schema: JsonSchema, at: Walk, out: DraftField[]): void {
	const required = new Set(schema.required ?? []);
	for (const [name, child] of Object.entries(schema.properties ?? {})) {
		const key = `${at.prefix}${name}`;
		const label = child.title ?? humanize(name);
		const present = at.present && !at.inList && required.has(name) && !isNullable(child);
		const types = nonNullTypes(child);
		if (types.length === 1 && types[0] === 'object') {
			if (child.properties !== undefined) walkObject(child, { prefix: key + NESTED, parents: [...at.parents, label], present, inList: at.inList }, out);
			continue;
		}
		if (types.length === 1 && types[0] === 'array') {
			const items = child.items ?? {};
			if (nonNullTypes(items).includes('object') && items.properties !== undefined) {
				walkObject(items, { prefix: key + EACH, parents: [...at.parents, label], present: false, inList: true }, out);
			} else {
				out.push(field(key, label, items, false, at.parents, true));
			}
			continue;
		}
		out.push(field(key, label, child, present, at.parents, at.inList));
	}
}

function field(key: string, label: string, schema: JsonSchema, required: boolean, parents: string[], list: boolean): DraftField {
	const type = zapierTypeOf(schema);
	return {
		key,
		label,
		...(type !== undefined ? { type } : {}),
		...(list ? { list: true } : {}),
		...(required ? { required: true } : {}),
		parents,
	};
}

/** Zapier's field type for a schema: one JSON type besides null, date-time strings as `datetime`. */
export function zapierTypeOf(schema: JsonSchema): ZapierFieldType | undefined {
	let types = nonNullTypes(schema);
	if (types.length === 0 && schema.enum !== undefined) {
		types = [...new Set(schema.enum.filter((v) => v !== null).map((v) => (typeof v === 'number' ? 'number' : typeof v)))] as typeof types;
	}
	if (types.length !== 1) return undefined;
	switch (types[0]) {
		case 'string':
			// Date-only values stay strings: Zapier would read them as midnight in some time zone.
			return schema.format === 'date-time' ? 'datetime' : 'string';
		case 'number':
		case 'integer':
		case 'boolean':
			return types[0];
		default:
			return undefined;
	}
}

type JsonType = NonNullable<Exclude<JsonSchema['type'], unknown[]>>;

function nonNullTypes(schema: JsonSchema): JsonType[] {
	const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
	return types.filter((t) => t !== 'null');
}

function isNullable(schema: JsonSchema): boolean {
	return Array.isArray(schema.type) ? schema.type.includes('null') : schema.type === 'null' || (schema.enum?.includes(null) ?? false);
}

/** "first_name" or "firstName" to "First Name", for the rare property without a title. */
export function humanize(name: string): string {
	return name
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.split(/[\s_.-]+/)
		.filter(Boolean)
		.map((word) => word[0].toUpperCase() + word.slice(1))
		.join(' ');
}

function disambiguateLabels(fields: DraftField[]): OutputField[] {
	const labels = fields.map((f) => f.label);
	const depth = fields.map(() => 0);
	for (let round = 0; round < 8; round += 1) {
		const firstOf = new Map<string, number>();
		const renamed: number[] = [];
		labels.forEach((label, i) => {
			const normal = label.toLowerCase();
			if (firstOf.has(normal)) renamed.push(i);
			else firstOf.set(normal, i);
		});
		if (renamed.length === 0) break;
		for (const i of renamed) {
			const parents = fields[i].parents;
			let parent: string | undefined;
			do {
				depth[i] += 1;
				parent = parents[parents.length - depth[i]];
			} while (parent !== undefined && labels[i].toLowerCase().startsWith(parent.toLowerCase()));
			labels[i] = parent !== undefined ? `${parent} ${labels[i]}` : `${labels[i]} (${fields[i].key})`;
		}
	}
	return fields.map(({ parents: _parents, ...rest }, i) => ({ ...rest, label: labels[i] }));
}

/**
 * The values an output field key addresses in an item: `a__b` reads item.a.b, `a[]b` reads b of every
 * element of item.a. `found` tells whether the path exists at all (a null value exists).
 */
export function valuesAtKey(item: unknown, key: string): { found: boolean; values: unknown[] } {
	const tokens = key.split(/(__|\[\])/).filter((t) => t !== '');
	let current: unknown[] = [item];
	let found = true;
	for (let i = 0; i < tokens.length; i += 1) {
		const token = tokens[i];
		if (token === NESTED) continue;
		if (token === EACH) {
			current = current.flatMap((value) => (Array.isArray(value) ? value : []));
			continue;
		}
		const next: unknown[] = [];
		for (const value of current) {
			// Under a null object (a nullable reference that is not set) every field reads as null.
			if (value === null) next.push(null);
			else if (typeof value === 'object' && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, token)) {
				next.push((value as Record<string, unknown>)[token]);
			}
		}
		if (next.length === 0) found = false;
		current = next;
	}
	return { found: found && current.length > 0, values: current };
}
