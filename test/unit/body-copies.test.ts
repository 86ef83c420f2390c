/**
 * Issue #6: "a 5 MB body verified with the body copied at most once". A copy here is any operation
 * that duplicates the bytes of the received body: decoding it to a string, Buffer.from / concat /
 * slice / copy of it. Hashing reads the body in place and parsing produces new values (not copies of
 * the body), so neither counts. Every Buffer and TextDecoder entry point that copies is instrumented
 * for the duration of one verifyDelivery call, for each platform.
 */
import { TextDecoder } from 'node:util';
import { platformIds, signDelivery, verifyDelivery } from '../../core';
import { examplesOf } from '../../core/platforms/examples';

const FIVE_MB = 5 * 1024 * 1024;
const FIVE_MB_OF_TEXT = 'Senior engineer: React, Node.js, PostgreSQL. '.repeat(Math.ceil(FIVE_MB / 45)).slice(0, FIVE_MB);

/** Counts copies of `body`'s bytes made while `run` runs. */
function countBodyCopies(body: Buffer, run: () => void): { copies: string[] } {
	const copies: string[] = [];
	const big = (n: number) => n >= 1024 * 1024;
	const sharesBody = (value: unknown): boolean => value instanceof Uint8Array && value.buffer === body.buffer && big(value.byteLength);
	const proto = Buffer.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
	const u8proto = Uint8Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
	const restore: Array<() => void> = [];
	const wrap = (target: Record<string, unknown>, name: string, isCopy: (self: unknown, args: unknown[]) => boolean) => {
		const original = target[name] as (...args: unknown[]) => unknown;
		target[name] = function (this: unknown, ...args: unknown[]) {
			if (isCopy(this, args)) copies.push(name);
			return original.apply(this, args);
		};
		restore.push(() => {
			target[name] = original;
		});
	};
	wrap(proto, 'toString', (self) => sharesBody(self));
	for (const name of ['utf8Slice', 'latin1Slice', 'asciiSlice', 'hexSlice', 'base64Slice', 'ucs2Slice']) if (name in proto) wrap(proto, name, (self) => sharesBody(self));
	wrap(proto, 'copy', (self) => sharesBody(self));
	wrap(u8proto, 'slice', (self) => sharesBody(self) && !Buffer.isBuffer(self));
	wrap(Buffer as unknown as Record<string, unknown>, 'from', (_self, args) => sharesBody(args[0]) && !(args[0] instanceof ArrayBuffer) && args.length === 1);
	wrap(Buffer as unknown as Record<string, unknown>, 'concat', (_self, args) => Array.isArray(args[0]) && (args[0] as unknown[]).some(sharesBody));
	wrap(TextDecoder.prototype as unknown as Record<string, unknown>, 'decode', (_self, args) => sharesBody(args[0]));
	try {
		run();
	} finally {
		for (const undo of restore.reverse()) undo();
	}
	// toString calls utf8Slice inside: one decode is one copy, however many layers it went through.
	const collapsed = copies.filter((name, i) => !(name.endsWith('Slice') && copies[i - 1] === 'toString'));
	return { copies: collapsed };
}

describe.each(platformIds)('%s: a 5 MB body', (platform) => {
	it('is verified with its bytes copied at most once', () => {
		const { secrets, event, dataWithText } = examplesOf(platform);
		const signed = signDelivery(platform, { event, data: dataWithText(FIVE_MB_OF_TEXT), id: 'evt-5mb' }, secrets);
		const body = Buffer.from(signed.body);
		expect(body.byteLength).toBeGreaterThanOrEqual(FIVE_MB);
		let result: ReturnType<typeof verifyDelivery> | undefined;
		const { copies } = countBodyCopies(body, () => {
			// Above most platforms' default body cap (their plausible size): raised, as a user with such bodies would.
			result = verifyDelivery(platform, { method: signed.method, headers: signed.headers, body }, secrets, { eventToleranceSeconds: 0, maxBodyBytes: 16 * 1024 * 1024 });
		});
		expect(result!.events).toHaveLength(1);
		// Exactly one: the decode to text the JSON (or form) parser needs; hashing reads the bytes in place.
		expect(copies).toEqual(['toString']);
	});
});

it('the instrument sees copies: a by-hand verify that decodes twice counts 2', () => {
	const body = Buffer.from('x'.repeat(2 * 1024 * 1024));
	const { copies } = countBodyCopies(body, () => {
		body.toString('utf8');
		Buffer.from(body);
	});
	expect(copies).toEqual(['toString', 'from']);
});
