/**
 * Byte-exact Python `json.dumps(value, separators=(",", ":"))` (ensure_ascii on, the default), which
 * HrFlow signs. Two things JavaScript's JSON.stringify does differently: Python escapes every
 * character outside printable ASCII as \uXXXX (DEL included, astral characters as surrogate pairs),
 * and it prints floats with repr() ("1.0", "1e-05", "1e+16"). Parsed JSON keeps its own number
 * literals and key order here, because JSON.parse would lose both ("1.0" becomes 1, "2" keys move).
 */

export type PyJsonNode =
	| { kind: 'object'; entries: Array<[string, PyJsonNode]> }
	| { kind: 'array'; items: PyJsonNode[] }
	| { kind: 'string'; value: string }
	| { kind: 'number'; literal: string }
	| { kind: 'literal'; value: 'true' | 'false' | 'null' | 'NaN' | 'Infinity' | '-Infinity' };

// Every UTF-16 unit but printable ASCII other than " and \, written as a complement so that no control
// character appears in the pattern (ESLint's no-control-regex).
const NEEDS_ESCAPE = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;
const ESCAPABLE = /[^\x20\x21\x23-\x5b\x5d-\x7e]/g;
const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

export function pythonEscapeString(text: string): string {
	if (!NEEDS_ESCAPE.test(text)) return '"' + text + '"';
	return '"' + text.replace(ESCAPABLE, (ch) => SHORT_ESCAPES[ch] ?? '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0')) + '"';
}

/** repr() of a Python float, from JavaScript's shortest round-trip digits. */
export function pythonFloatRepr(value: number): string {
	if (Number.isNaN(value)) return 'NaN';
	if (value === Infinity) return 'Infinity';
	if (value === -Infinity) return '-Infinity';
	if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
	const [mantissa, exponentText] = Math.abs(value).toExponential().split('e');
	const digits = mantissa.replace('.', '');
	const exponent = Number(exponentText);
	const sign = value < 0 ? '-' : '';
	if (exponent >= -4 && exponent < 16) {
		if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
		const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
		const fraction = digits.slice(exponent + 1) || '0';
		return `${sign}${whole}.${fraction}`;
	}
	const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
	return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

function pythonNumber(literal: string): string {
	if (/^-?\d+$/.test(literal)) {
		// Python ints are exact at any size; only "-0" changes (int 0 prints "0").
		return /^-0+$/.test(literal) ? '0' : literal;
	}
	return pythonFloatRepr(Number(literal));
}

/** `compact`: separators (",", ":"); otherwise Python's default (", ", ": "). */
export function serializePyJson(node: PyJsonNode, compact = true): string {
	const [itemSep, keySep] = compact ? [',', ':'] : [', ', ': '];
	switch (node.kind) {
		case 'object':
			return '{' + node.entries.map(([k, v]) => pythonEscapeString(k) + keySep + serializePyJson(v, compact)).join(itemSep) + '}';
		case 'array':
			return '[' + node.items.map((item) => serializePyJson(item, compact)).join(itemSep) + ']';
		case 'string':
			return pythonEscapeString(node.value);
		case 'number':
			return pythonNumber(node.literal);
		case 'literal':
			return node.value;
	}
}

/** Python's compact dump of a plain JavaScript value (strings, finite numbers, booleans, null, arrays, objects). */
export function pythonCompactJson(value: unknown): string {
	return serializePyJson(toNode(value));
}

/** Compact dump of ordered string pairs as a dict; kept as pairs because JS objects move integer-like keys first. */
export function pythonCompactJsonOfPairs(fields: Array<[string, string]>): string {
	return serializePyJson({ kind: 'object', entries: fields.map(([k, v]) => [k, { kind: 'string', value: v }]) });
}

/** Python's `json.dumps(value)` with default separators, as HrFlow writes nested profile/job fields. */
export function pythonDefaultJson(value: unknown): string {
	return serializePyJson(toNode(value), false);
}

/** urllib.parse.quote_plus: only letters, digits and "_.-~" stay as they are. */
export function pythonQuotePlus(text: string): string {
	return encodeURIComponent(text)
		.replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
		.replace(/%20/g, '+');
}

/** urllib.parse.urlencode of ordered string pairs. */
export function pythonUrlEncode(fields: Array<[string, string]>): string {
	return fields.map(([k, v]) => `${pythonQuotePlus(k)}=${pythonQuotePlus(v)}`).join('&');
}

function toNode(value: unknown): PyJsonNode {
	if (value === null || value === undefined) return { kind: 'literal', value: 'null' };
	if (typeof value === 'string') return { kind: 'string', value };
	if (typeof value === 'boolean') return { kind: 'literal', value: value ? 'true' : 'false' };
	if (typeof value === 'number') return { kind: 'number', literal: Number.isInteger(value) ? value.toFixed(0) : String(value) };
	if (Array.isArray(value)) return { kind: 'array', items: value.map(toNode) };
	if (typeof value === 'object') return { kind: 'object', entries: Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toNode(v)]) };
	return { kind: 'string', value: String(value) };
}

const MAX_DEPTH = 256;

/**
 * A JSON parser that keeps what Python keeps: key order (a repeated key keeps its first place and
 * its last value, as dict(pairs) does) and number literals. Accepts Python's NaN/Infinity too.
 * Throws SyntaxError on anything else.
 */
export function parsePyJson(text: string): PyJsonNode {
	let pos = 0;
	const fail = (what: string): never => {
		throw new SyntaxError(`${what} at position ${pos}`);
	};
	const ws = () => {
		while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++;
	};
	const value = (depth: number): PyJsonNode => {
		if (depth > MAX_DEPTH) fail('nesting too deep');
		ws();
		const ch = text[pos];
		if (ch === '{') {
			pos++;
			const entries: Array<[string, PyJsonNode]> = [];
			const index = new Map<string, number>();
			ws();
			if (text[pos] === '}') {
				pos++;
				return { kind: 'object', entries };
			}
			for (;;) {
				ws();
				if (text[pos] !== '"') fail('expected a key');
				const key = string();
				ws();
				if (text[pos++] !== ':') fail('expected ":"');
				const item = value(depth + 1);
				const seen = index.get(key);
				if (seen === undefined) {
					index.set(key, entries.length);
					entries.push([key, item]);
				} else entries[seen] = [key, item];
				ws();
				if (text[pos] === ',') {
					pos++;
					continue;
				}
				if (text[pos] === '}') {
					pos++;
					return { kind: 'object', entries };
				}
				fail('expected "," or "}"');
			}
		}
		if (ch === '[') {
			pos++;
			const items: PyJsonNode[] = [];
			ws();
			if (text[pos] === ']') {
				pos++;
				return { kind: 'array', items };
			}
			for (;;) {
				items.push(value(depth + 1));
				ws();
				if (text[pos] === ',') {
					pos++;
					continue;
				}
				if (text[pos] === ']') {
					pos++;
					return { kind: 'array', items };
				}
				fail('expected "," or "]"');
			}
		}
		if (ch === '"') return { kind: 'string', value: string() };
		for (const word of ['true', 'false', 'null', 'NaN', 'Infinity', '-Infinity'] as const) {
			if (text.startsWith(word, pos)) {
				pos += word.length;
				return { kind: 'literal', value: word };
			}
		}
		const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(pos, pos + 1100));
		if (match === null) return fail('unexpected character');
		pos += match[0].length;
		return { kind: 'number', literal: match[0] };
	};
	const string = (): string => {
		pos++;
		let out = '';
		for (;;) {
			if (pos >= text.length) fail('unterminated string');
			const ch = text[pos++];
			if (ch === '"') return out;
			if (ch === '\\') {
				const esc = text[pos++];
				const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
				if (esc in simple) out += simple[esc];
				else if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos, pos + 4))) {
					out += String.fromCharCode(parseInt(text.slice(pos, pos + 4), 16));
					pos += 4;
				} else fail('bad escape');
			} else if (ch.charCodeAt(0) < 0x20) fail('control character in string');
			else out += ch;
		}
	};
	const result = value(0);
	ws();
	if (pos !== text.length) fail('extra data');
	return result;
}

/** Plain JavaScript value of a parsed node (numbers become JS numbers; NaN/Infinity stay numbers). */
export function pyJsonToValue(node: PyJsonNode): unknown {
	switch (node.kind) {
		case 'object': {
			const out: Record<string, unknown> = {};
			for (const [k, v] of node.entries) out[k] = pyJsonToValue(v);
			return out;
		}
		case 'array':
			return node.items.map(pyJsonToValue);
		case 'string':
			return node.value;
		case 'number':
			return Number(node.literal);
		case 'literal':
			return node.value === 'null' ? null : node.value === 'true' ? true : node.value === 'false' ? false : Number(node.value);
	}
}

/**
 * `urllib.parse.parse_qs(body)` then `{k: v[0]}`, as the HrFlow seed does: '+' is a space, blank
 * values and pairs without '=' are dropped, a repeated key keeps its first value and place.
 */
export function pythonParseQsFirst(body: string): Array<[string, string]> {
	const fields: Array<[string, string]> = [];
	const seen = new Set<string>();
	for (const pair of body.split('&')) {
		if (pair === '') continue;
		const eq = pair.indexOf('=');
		if (eq < 0) continue;
		const rawValue = pair.slice(eq + 1);
		if (rawValue === '') continue;
		const name = pythonUnquotePlus(pair.slice(0, eq));
		if (seen.has(name)) continue;
		seen.add(name);
		fields.push([name, pythonUnquotePlus(rawValue)]);
	}
	return fields;
}

/** urllib.parse.unquote_plus with errors='replace': each run of %XX bytes is decoded as UTF-8, bad bytes become U+FFFD. */
export function pythonUnquotePlus(text: string): string {
	const spaced = text.replace(/\+/g, ' ');
	if (!spaced.includes('%')) return spaced;
	try {
		// Identical to Python whenever every escape is well formed UTF-8; the native decoder is much faster.
		return decodeURIComponent(spaced);
	} catch {
		// a lone '%' or invalid UTF-8: Python's lenient rules below
	}
	return spaced.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

/** Work bounds for re-serialising untrusted JSON before its signature is known to be good. */
export interface PyJsonLimits {
	/** Deepest nesting of objects and arrays. */
	maxDepth: number;
	/** Values and keys in the whole text (each string, number, literal, object, array and key counts once). */
	maxMembers: number;
}

export interface CompactJsonOfText {
	/**
	 * Python's `json.dumps(json.loads(text), separators=(",", ":"))`, in pieces to hash one after the
	 * other: joining megabytes of slices into one string costs several times the HMAC over them. Long
	 * runs copied from the source are views of its bytes when they were given.
	 */
	compact: Array<string | Buffer>;
	/** Whether NaN/Infinity literals occur (JSON.parse refuses them; Python reads them). */
	nonFiniteLiterals: boolean;
}

/** Characters a string Python prints unchanged never holds (beyond `"` and `\\`): controls, DEL and all non-ASCII. */
const NOT_PRINTABLE_ASCII = /[^\u0020-\u007e]/;
// Below U+0020, written as a complement so that no control character stands in the pattern (lint).
const CONTROL_CHARACTER = /[^\u0020-\uffff]/;
/** Pieces of the compact output are hashed in chunks of about this many characters. */
const HASH_CHUNK = 16 * 1024;
const NUMBER_AT = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null', 'NaN', 'Infinity', '-Infinity'] as const;

/** Controls Python writes as \b \t \n \f \r rather than \u00XX. */
const SHORT_ESCAPED_CONTROLS = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d]);

function hexDigit(code: number): number {
	if (code >= 0x30 && code <= 0x39) return code - 0x30;
	if (code >= 0x61 && code <= 0x66) return code - 0x57;
	if (code >= 0x41 && code <= 0x46) return code - 0x37;
	return -1;
}

function isJsonWhitespace(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** What the tokenizer may see next. */
const Expect = { Value: 0, ValueOrClose: 1, Key: 2, KeyOrClose: 3, Colon: 4, CommaOrClose: 5, End: 6 } as const;
type Expect = (typeof Expect)[keyof typeof Expect];

/**
 * Python's compact dump of a JSON text, in one pass over its tokens without building a tree: strings,
 * literals and numbers that Python prints unchanged are copied as runs of the source, the rest are
 * re-printed one by one. Work and memory are linear in the text and bounded by `limits`, so it can run
 * on a body whose signature is not checked yet. A repeated key is refused (Python's dict would move
 * it, and no dict Python serialised has one). Throws SyntaxError on anything json.loads refuses.
 * `bytes`: the UTF-8 bytes of `text` when every character is one byte (equal lengths), so that long
 * runs are hashed from the bytes instead of being encoded again.
 */
export function pythonCompactJsonOfText(text: string, limits: PyJsonLimits, bytes?: Buffer): CompactJsonOfText {
	const aligned = bytes !== undefined && bytes.length === text.length ? bytes : undefined;
	const pieces: Array<string | Buffer> = [];
	// Short pieces are joined into one pending string; long ones are kept as they are.
	let pending = '';
	const emit = (piece: string) => {
		if (piece.length >= HASH_CHUNK) {
			if (pending !== '') pieces.push(pending);
			pending = '';
			pieces.push(piece);
		} else {
			pending += piece;
			if (pending.length >= HASH_CHUNK) {
				pieces.push(pending);
				pending = '';
			}
		}
	};
	const emitRun = (start: number, end: number) => {
		if (aligned !== undefined && end - start >= HASH_CHUNK) {
			if (pending !== '') pieces.push(pending);
			pending = '';
			pieces.push(aligned.subarray(start, end));
		} else emit(text.slice(start, end));
	};
	// Containers still open: true for an object. Keys of each open object, for the repeat check (a
	// short list; a Set once an object has many keys).
	const isObject: boolean[] = [];
	const keys: Array<string[] | Set<string> | undefined> = [];
	let runStart = 0;
	let pos = 0;
	let members = 0;
	let nonFiniteLiterals = false;
	let expect = Expect.Value as Expect;
	const fail = (what: string): never => {
		throw new SyntaxError(`${what} at position ${pos}`);
	};
	const replace = (start: number, end: number, printed: string) => {
		if (start > runStart) emitRun(runStart, start);
		emit(printed);
		runStart = end;
	};
	const valueDone = () => {
		expect = isObject.length === 0 ? Expect.End : Expect.CommaOrClose;
	};
	const countMember = () => {
		if (++members > limits.maxMembers) fail(`more than ${limits.maxMembers} members`);
	};

	// Where the next backslash and quote are: each found once, so a long string with many escapes is
	// never rescanned.
	let nextBackslash = -1;
	let nextQuote = -1;
	const quoteFrom = (from: number) => {
		if (nextQuote < from) nextQuote = text.indexOf('"', from);
		return nextQuote;
	};
	const backslashFrom = (from: number) => {
		if (nextBackslash !== Infinity && nextBackslash < from) {
			nextBackslash = text.indexOf('\\', from);
			if (nextBackslash === -1) nextBackslash = Infinity;
		}
		return nextBackslash;
	};
	/** The end (after the closing quote) of the string token at `start`; `canonical`: whether Python prints it as is. */
	let canonical = true;
	const stringToken = (start: number): number => {
		let at = start + 1;
		canonical = true;
		for (;;) {
			const quote = quoteFrom(at);
			if (quote === -1) fail('unterminated string');
			const backslash = backslashFrom(at);
			const end = backslash < quote ? backslash : quote;
			if (end - at > 32) {
				const segment = text.slice(at, end);
				if (NOT_PRINTABLE_ASCII.test(segment)) {
					if (CONTROL_CHARACTER.test(segment)) fail('control character in string');
					canonical = false;
				}
			} else {
				for (let i = at; i < end; i++) {
					const code = text.charCodeAt(i);
					if (code < 0x20) fail('control character in string');
					if (code > 0x7e) canonical = false;
				}
			}
			if (end === quote) return quote + 1;
			const escape = text.charCodeAt(backslash + 1);
			if (escape === 0x75) {
				// \uXXXX: Python writes it, lower-case, for controls without a short form and for DEL and beyond.
				let code = 0;
				let lowerCase = true;
				for (let i = backslash + 2; i < backslash + 6; i++) {
					const digit = hexDigit(text.charCodeAt(i));
					if (digit < 0) fail('bad escape');
					if (digit > 9 && text.charCodeAt(i) < 0x61) lowerCase = false;
					code = code * 16 + digit;
				}
				if (!lowerCase || !(code >= 0x7f || (code < 0x20 && !SHORT_ESCAPED_CONTROLS.has(code)))) canonical = false;
				at = backslash + 6;
			} else if (escape === 0x22 || escape === 0x5c || escape === 0x62 || escape === 0x66 || escape === 0x6e || escape === 0x72 || escape === 0x74) {
				at = backslash + 2;
			} else if (escape === 0x2f) {
				// "\/" is valid JSON that Python prints as "/".
				canonical = false;
				at = backslash + 2;
			} else fail('bad escape');
		}
	};

	while (pos < text.length) {
		const code = text.charCodeAt(pos);
		if (isJsonWhitespace(code)) {
			// Whitespace between tokens is dropped: the run ends before it.
			if (pos > runStart) emitRun(runStart, pos);
			do pos++;
			while (pos < text.length && isJsonWhitespace(text.charCodeAt(pos)));
			runStart = pos;
			continue;
		}
		const start = pos;
		if (code === 0x22) {
			const end = stringToken(start);
			pos = end;
			if (expect === Expect.Key || expect === Expect.KeyOrClose) {
				// Compared as Python prints them, so that "\u00e9" and "é" are the same key.
				const key = canonical ? text.slice(start, end) : pythonEscapeString(JSON.parse(text.slice(start, end)) as string);
				const seen = keys[keys.length - 1];
				if (seen === undefined) keys[keys.length - 1] = [key];
				else if (Array.isArray(seen)) {
					if (seen.includes(key)) fail('repeated key');
					if (seen.length < 16) seen.push(key);
					else keys[keys.length - 1] = new Set([...seen, key]);
				} else {
					if (seen.has(key)) fail('repeated key');
					seen.add(key);
				}
				countMember();
				expect = Expect.Colon;
			} else if (expect === Expect.Value || expect === Expect.ValueOrClose) {
				countMember();
				valueDone();
			} else fail('unexpected string');
			if (!canonical) replace(start, end, pythonEscapeString(JSON.parse(text.slice(start, end)) as string));
			continue;
		}
		if (code === 0x7b || code === 0x5b) {
			if (expect !== Expect.Value && expect !== Expect.ValueOrClose) fail('unexpected bracket');
			countMember();
			if (isObject.length >= limits.maxDepth) fail(`nesting deeper than ${limits.maxDepth}`);
			isObject.push(code === 0x7b);
			keys.push(undefined);
			expect = code === 0x7b ? Expect.KeyOrClose : Expect.ValueOrClose;
			pos++;
			continue;
		}
		if (code === 0x7d || code === 0x5d) {
			const closesObject = code === 0x7d;
			const open = isObject[isObject.length - 1];
			const may = expect === Expect.CommaOrClose || (closesObject ? expect === Expect.KeyOrClose : expect === Expect.ValueOrClose);
			if (!may || open === undefined || open !== closesObject) fail('unexpected closing bracket');
			isObject.pop();
			keys.pop();
			valueDone();
			pos++;
			continue;
		}
		if (code === 0x3a) {
			if (expect !== Expect.Colon) fail('unexpected ":"');
			expect = Expect.Value;
			pos++;
			continue;
		}
		if (code === 0x2c) {
			if (expect !== Expect.CommaOrClose) fail('unexpected ","');
			expect = isObject[isObject.length - 1] ? Expect.Key : Expect.Value;
			pos++;
			continue;
		}
		if (expect !== Expect.Value && expect !== Expect.ValueOrClose) fail('unexpected value');
		countMember();
		valueDone();
		const literal = (code >= 0x30 && code <= 0x39) || (code === 0x2d && text.charCodeAt(pos + 1) !== 0x49) ? undefined : LITERALS.find((word) => text.startsWith(word, pos));
		if (literal !== undefined) {
			if (literal === 'NaN' || literal.endsWith('Infinity')) nonFiniteLiterals = true;
			pos += literal.length;
			continue;
		}
		NUMBER_AT.lastIndex = pos;
		const number = NUMBER_AT.exec(text)?.[0];
		if (number === undefined) fail('unexpected character');
		pos += (number as string).length;
		// Python refuses integers over 4300 digits (sys.int_info.default_max_str_digits).
		if ((number as string).length > 4300) fail('number too long');
		const printed = pythonNumber(number as string);
		if (printed !== number) {
			replace(start, pos, printed);
			if (printed === 'NaN' || printed.endsWith('Infinity')) nonFiniteLiterals = true;
		}
	}
	if (expect !== Expect.End) fail('unexpected end');
	if (runStart < text.length) emitRun(runStart, text.length);
	if (pending !== '') pieces.push(pending);
	return { compact: pieces, nonFiniteLiterals };
}
