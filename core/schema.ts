import type { JsonSchema } from './types';

/**
 * A small checker for the JsonSchema subset of core/types.ts (draft-07 keywords: type, required,
 * properties, items, enum, format, additionalProperties). It proves catalogue samples against their
 * schemas and lets callers spot drift in live payloads; it is not a general JSON Schema validator.
 * Returns one sentence per problem, each starting with a JSONPath-like location ("$.profile.key").
 */
export function schemaErrors(value: unknown, schema: JsonSchema, path = '$'): string[] {
	const errors: string[] = [];

	if (schema.type !== undefined) {
		const allowed = Array.isArray(schema.type) ? schema.type : [schema.type];
		if (!allowed.some((type) => hasType(value, type))) {
			errors.push(`${path}: expected ${allowed.join(' or ')}, got ${describeType(value)}`);
			// Deeper checks on a value of the wrong type only repeat the same problem.
			return errors;
		}
	}

	if (schema.enum !== undefined && !schema.enum.some((option) => sameJson(option, value))) {
		errors.push(`${path}: ${JSON.stringify(value)} is not one of ${schema.enum.map((option) => JSON.stringify(option)).join(', ')}`);
	}

	if (schema.format !== undefined && typeof value === 'string' && !matchesFormat(value, schema.format)) {
		errors.push(`${path}: ${JSON.stringify(value)} is not a valid ${schema.format}`);
	}

	if (isPlainObject(value)) {
		for (const key of schema.required ?? []) {
			if (value[key] === undefined) errors.push(`${childPath(path, key)}: is required`);
		}
		const properties = schema.properties ?? {};
		for (const [key, child] of Object.entries(value)) {
			if (child === undefined) continue;
			const propertySchema = properties[key];
			if (propertySchema !== undefined) {
				errors.push(...schemaErrors(child, propertySchema, childPath(path, key)));
			} else if (schema.additionalProperties === false) {
				errors.push(`${childPath(path, key)}: is not allowed here`);
			} else if (typeof schema.additionalProperties === 'object') {
				errors.push(...schemaErrors(child, schema.additionalProperties, childPath(path, key)));
			}
		}
	}

	if (Array.isArray(value) && schema.items !== undefined) {
		const itemSchema = schema.items;
		value.forEach((item, index) => {
			errors.push(...schemaErrors(item, itemSchema, `${path}[${index}]`));
		});
	}

	return errors;
}

type SchemaType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

function hasType(value: unknown, type: SchemaType): boolean {
	switch (type) {
		case 'null':
			return value === null;
		case 'array':
			return Array.isArray(value);
		case 'object':
			return isPlainObject(value);
		case 'integer':
			return typeof value === 'number' && Number.isInteger(value);
		case 'number':
			return typeof value === 'number' && Number.isFinite(value);
		case 'string':
			return typeof value === 'string';
		case 'boolean':
			return typeof value === 'boolean';
	}
}

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number' && !Number.isFinite(value)) return 'a non-finite number';
	return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
	return JSON.stringify(a) === JSON.stringify(b);
}

function childPath(path: string, key: string): string {
	return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

// Loose on purpose: real senders vary (offsets with or without a colon, 1-9 fraction digits).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;

function matchesFormat(value: string, format: NonNullable<JsonSchema['format']>): boolean {
	switch (format) {
		case 'date-time': {
			const match = DATE_TIME.exec(value);
			if (match === null) return false;
			const [, year, month, day, hour, minute, second] = match;
			return isCalendarDate(Number(year), Number(month), Number(day)) && Number(hour) < 24 && Number(minute) < 60 && Number(second ?? 0) <= 60;
		}
		case 'date': {
			const match = DATE.exec(value);
			return match !== null && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
		}
		case 'email':
			return EMAIL.test(value);
		case 'uri':
			return URI.test(value);
	}
}

function isCalendarDate(year: number, month: number, day: number): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
	return day <= daysInMonth[month - 1];
}
