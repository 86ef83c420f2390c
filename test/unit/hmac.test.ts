/**
 * The core's HMAC: small messages take two one-shot hashes (RFC 2104 by hand), bigger ones and Nodes
 * without crypto.hash take createHmac. Both paths must give the same bytes as the RFC vectors,
 * node:crypto, Python's hmac and openssl, for every key length, text and part layout.
 */
import { createHmac } from 'node:crypto';
import { type HmacAlgorithm, hmac } from '../../core/crypto';
import { opensslHmac, python } from '../helpers/independent';
import { prng } from '../helpers/prng';

const algorithms: HmacAlgorithm[] = ['sha1', 'sha256', 'sha512'];

function reference(algorithm: HmacAlgorithm, key: Buffer | string, parts: Array<Buffer | string>): string {
	const mac = createHmac(algorithm, typeof key === 'string' ? Buffer.from(key, 'utf8') : key);
	for (const part of parts) mac.update(typeof part === 'string' ? Buffer.from(part, 'utf8') : part);
	return mac.digest('hex');
}

const TEXT_PIECES = ['a', 'Z', '.', ' ', 'é', 'ß', '€', '日本', '😀', '\ud800', '\udfff', '\u0000', '{"id":1}', '\n'];

function randomText(next: () => number, length: number): string {
	let text = '';
	while (text.length < length) text += TEXT_PIECES[Math.floor(next() * TEXT_PIECES.length)];
	return text;
}

function randomBytes(next: () => number, length: number): Buffer {
	const bytes = Buffer.alloc(length + 3);
	for (let i = 0; i < length; i += 4) bytes.writeUInt32LE(Math.floor(next() * 4294967296), i);
	return bytes.subarray(0, length);
}

describe('hmac: RFC vectors', () => {
	// RFC 4231 test cases 1, 2, 6 and 7 (6 and 7 use a 131-byte key, longer than both block sizes).
	const rfc4231 = [
		{
			key: Buffer.alloc(20, 0x0b),
			data: Buffer.from('Hi There'),
			sha256: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
			sha512: '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854',
		},
		{
			key: Buffer.from('Jefe'),
			data: Buffer.from('what do ya want for nothing?'),
			sha256: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
			sha512: '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
		},
		{
			key: Buffer.alloc(131, 0xaa),
			data: Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First'),
			sha256: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
			sha512: '80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598',
		},
		{
			key: Buffer.alloc(131, 0xaa),
			data: Buffer.from('This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.'),
			sha256: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
			sha512: 'e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58',
		},
	];
	it.each(rfc4231.map((vector, index) => [index, vector] as const))('RFC 4231 vector %i, SHA-256 and SHA-512, Buffer and text message', (_index, vector) => {
		expect(hmac('sha256', vector.key, vector.data).toString('hex')).toBe(vector.sha256);
		expect(hmac('sha512', vector.key, vector.data).toString('hex')).toBe(vector.sha512);
		expect(hmac('sha256', vector.key, [vector.data.toString('latin1')]).toString('hex')).toBe(vector.sha256);
	});

	// RFC 2202 test cases 1, 2 and 6 (80-byte key, longer than the 64-byte block).
	it.each([
		[Buffer.alloc(20, 0x0b), 'Hi There', 'b617318655057264e28bc0b6fb378c8ef146be00'],
		[Buffer.from('Jefe'), 'what do ya want for nothing?', 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79'],
		[Buffer.alloc(80, 0xaa), 'Test Using Larger Than Block-Size Key - Hash Key First', 'aa4ae5e15272d00e95705637ce8a3b55ed402112'],
	])('RFC 2202 HMAC-SHA1 vector (key of %#)', (key, data, expected) => {
		expect(hmac('sha1', key, data).toString('hex')).toBe(expected);
	});

	it('a text key is its UTF-8 bytes', () => {
		expect(hmac('sha256', 'Jefe', 'what do ya want for nothing?').toString('hex')).toBe(rfc4231[1].sha256);
	});
});

describe('hmac: the same bytes as node:crypto on every layout (seeded)', () => {
	const seed = Number(process.env.HMAC_SEED ?? 20261206);
	it(`3,000 random keys, texts and part layouts, both sides of the one-shot bound (seed ${seed})`, () => {
		const next = prng(seed);
		for (let round = 0; round < 3000; round++) {
			const algorithm = algorithms[round % 3];
			const keyLength = Math.floor(next() * 201);
			const key = next() < 0.5 ? randomText(next, keyLength) : randomBytes(next, keyLength);
			const parts: Array<Buffer | string> = [];
			const count = Math.floor(next() * 6);
			// Mostly small messages; one round in ten straddles the 64 KB scratch (3 bytes per UTF-16 unit bound).
			const big = round % 10 === 0;
			for (let i = 0; i < count; i++) {
				const length = Math.floor(next() * 3000);
				const part = next() < 0.6 ? randomText(next, length) : randomBytes(next, length);
				// A big part repeats a small one (5 to 25 times): the layout matters here, not the entropy.
				const times = big ? 5 + Math.floor(next() * 21) : 1;
				parts.push(typeof part === 'string' ? part.repeat(times) : Buffer.concat(Array(times).fill(part)));
			}
			const content = count === 1 && next() < 0.5 ? parts[0] : parts;
			const expected = reference(algorithm, key, parts);
			const actual = hmac(algorithm, key, content).toString('hex');
			if (actual !== expected) throw new Error(`hmac differs from createHmac: seed ${seed}, round ${round}, ${algorithm}, key ${keyLength}, ${count} parts`);
		}
	});

	it('messages just under, at and over the scratch bound, and the same key again afterwards', () => {
		const key = 'whsec-long-enough-to-matter';
		for (const length of [0, 1, 21_800, 21_803, 21_846, 21_847, 65_400, 65_472, 65_473, 65_536, 70_000, 200_000]) {
			const ascii = 'x'.repeat(length);
			const wide = '€'.repeat(Math.floor(length / 3));
			const bytes = Buffer.alloc(length, 0xfe);
			for (const algorithm of algorithms) {
				expect(hmac(algorithm, key, ascii).toString('hex')).toBe(reference(algorithm, key, [ascii]));
				expect(hmac(algorithm, key, wide).toString('hex')).toBe(reference(algorithm, key, [wide]));
				expect(hmac(algorithm, key, bytes).toString('hex')).toBe(reference(algorithm, key, [bytes]));
			}
		}
		// A small message after a big one: no state left behind in the shared buffer.
		expect(hmac('sha256', key, 'short').toString('hex')).toBe(reference('sha256', key, ['short']));
	});

	it('a surrogate pair split across two parts counts as two lone halves on both paths', () => {
		// Without filler the one-shot path; with four 15,000-character parts (each short, 180 KB of
		// bound in all) createHmac's join of short parts.
		for (const filler of ['', 'x'.repeat(15_000)]) {
			const parts = [filler, filler + '\ud83d', '', '\ude00' + filler, filler];
			expect(hmac('sha256', 'k', parts).toString('hex')).toBe(reference('sha256', 'k', parts));
		}
	});

	it('keys of exactly the block size, one byte over, and empty', () => {
		for (const algorithm of algorithms) {
			const block = algorithm === 'sha512' ? 128 : 64;
			for (const length of [0, block - 1, block, block + 1]) {
				const key = Buffer.alloc(length, 0x41);
				expect(hmac(algorithm, key, 'body').toString('hex')).toBe(reference(algorithm, key, ['body']));
				expect(hmac(algorithm, key.toString('latin1'), 'body').toString('hex')).toBe(reference(algorithm, key, ['body']));
			}
		}
	});

	it('a returned digest is its own buffer: later calls do not change it', () => {
		const first = hmac('sha256', 'k', 'one');
		const copy = Buffer.from(first);
		hmac('sha256', 'k', 'two');
		hmac('sha256', Buffer.from('k'), 'three');
		expect(first.equals(copy)).toBe(true);
	});
});

describe('hmac: against implementations we did not write', () => {
	it("Python's hmac on 40 random cases, text and binary keys", () => {
		const next = prng(4231);
		const cases = Array.from({ length: 40 }, (_, index) => ({
			algorithm: algorithms[index % 3],
			key: randomBytes(next, Math.floor(next() * 150)),
			message: randomText(next, Math.floor(next() * 4000)),
		}));
		const expected = python(
			'import hmac,hashlib,json,sys\nfor c in json.load(sys.stdin): print(hmac.new(bytes.fromhex(c["key"]), c["message"].encode("utf-8"), getattr(hashlib,c["algorithm"])).hexdigest())',
			// Python cannot encode a lone surrogate; Node signs it as U+FFFD, so Python is sent that.
			JSON.stringify(cases.map((c) => ({ ...c, key: c.key.toString('hex'), message: Buffer.from(c.message, 'utf8').toString('utf8') }))),
		).split('\n');
		cases.forEach((c, index) => expect(hmac(c.algorithm, c.key, c.message).toString('hex')).toBe(expected[index]));
	});

	it('openssl, on a 2 KB JSON body and a 100 KB one (both paths)', () => {
		const small = JSON.stringify({ event: 'job.created', data: { title: 'Ingénieure', notes: 'x'.repeat(2000) } });
		const large = JSON.stringify({ event: 'job.created', data: { notes: 'y'.repeat(100_000) } });
		for (const algorithm of algorithms) {
			expect(hmac(algorithm, 'tp-secret', small).toString('hex')).toBe(opensslHmac(algorithm, 'tp-secret', small, 'hex'));
			expect(hmac(algorithm, 'tp-secret', large).toString('hex')).toBe(opensslHmac(algorithm, 'tp-secret', large, 'hex'));
		}
	});
});

describe('hmac: a Node without crypto.hash (Zapier runtimes before 20.12)', () => {
	it('falls back to createHmac with the same bytes', () => {
		const createHmacCalls = jest.fn();
		jest.isolateModules(() => {
			jest.doMock('node:crypto', () => {
				const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
				const counted: typeof actual.createHmac = (...args) => {
					createHmacCalls();
					return actual.createHmac(...args);
				};
				return { ...actual, hash: undefined, createHmac: counted };
			});
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const fallback = require('../../core/crypto') as typeof import('../../core/crypto');
			for (const algorithm of algorithms) {
				expect(fallback.hmac(algorithm, 'Jefe', 'what do ya want for nothing?').toString('hex')).toBe(reference(algorithm, 'Jefe', ['what do ya want for nothing?']));
				expect(fallback.hmac(algorithm, Buffer.alloc(131, 0xaa), ['a', Buffer.from('b'), 'é']).toString('hex')).toBe(
					reference(algorithm, Buffer.alloc(131, 0xaa), ['a', Buffer.from('b'), 'é']),
				);
			}
		});
		jest.dontMock('node:crypto');
		expect(createHmacCalls).toHaveBeenCalledTimes(6);
	});
});
