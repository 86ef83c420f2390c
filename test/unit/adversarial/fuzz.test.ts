/**
 * Seeded mutation fuzz of verifyDelivery (issue 14). Genuine deliveries of every platform are mutated
 * (bit flips, byte inserts and deletes in the body and in every header, header case, duplicated and
 * dropped headers, boundary moves between signed values, other platforms' signatures, swapped
 * secrets, shifted timestamps, Content-Type swaps). Oracle: a mutated delivery is accepted only if it
 * yields the original's events (event, id, data, meta) and redelivery keys; every refusal is a
 * WebhookVerificationError with a documented code. Reproduce a failure with HIREHOOKS_FUZZ_SEED=<seed>.
 */
import { isDeepStrictEqual } from 'node:util';
import {
	type Delivery,
	type PlatformId,
	type SignInput,
	type SignedDelivery,
	type VerifiedDelivery,
	WebhookVerificationError,
	platformIds,
	platforms,
	redeliveryKeys,
	signDelivery,
	statusForCode,
	verifyDelivery,
} from '../../../core';
import { examplesOf } from '../../../core/platforms/examples';
import { prng } from '../../helpers/prng';

const SEED = Number(process.env.HIREHOOKS_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const MUTATIONS_PER_PLATFORM = Number(process.env.HIREHOOKS_FUZZ_MUTATIONS ?? 20_000);
const NOW = new Date('2026-11-23T10:00:00Z');
const OPTIONS = { now: NOW };

const secretsOf = (id: PlatformId): Record<string, unknown> => examplesOf(id).secrets;
const DOCUMENTED_CODES = new Set(Object.keys(statusForCode));

/** A few genuine deliveries per platform: catalogue samples in each wire variant the platform has (its examples' wireVariants). */
function genuineDeliveries(id: PlatformId): SignedDelivery[] {
	const inputs: SignInput[] = platforms[id].events.slice(0, 3).map((e, index) => ({ event: e.name, data: e.sample, id: `evt-${index}`, meta: e.sampleMeta }));
	const examples = examplesOf(id);
	return examples.wireVariants?.(inputs, examples.secrets, NOW) ?? inputs.map((input) => signDelivery(id, input, examples.secrets, { now: NOW }));
}

interface Outcome {
	events: Array<{ event: string; id?: string; data: unknown; meta: Record<string, unknown> }>;
	keys: string[];
}

function outcomeOf(verified: VerifiedDelivery): Outcome {
	return { events: verified.events.map((e) => ({ event: e.event, id: e.id, data: e.data, meta: e.meta })), keys: redeliveryKeys(verified) };
}

type Headers = Record<string, string | string[]>;
interface Mutant {
	what: string;
	delivery: Delivery;
	secrets?: unknown;
	options?: { now: Date };
}

function mutate(random: () => number, original: SignedDelivery, id: PlatformId, foreign: Record<PlatformId, SignedDelivery[]>): Mutant {
	const int = (n: number) => Math.floor(random() * n);
	const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
	const headers: Headers = { ...original.headers };
	let body: Buffer = Buffer.from(original.body);
	const names = Object.keys(headers);
	const byte = () => pick([0x2e, 0x20, 0x22, 0x7b, 0x7d, 0x3c, 0x3d, 0x26, 0x25, 0x2c, 0x3b, 0x30, 0x61, 0x0a, 0x00, 0xc3, 0xff, int(256)]);
	const editBytes = (bytes: Buffer): [Buffer, string] => {
		const kind = int(3);
		const at = int(bytes.length + 1);
		if (kind === 0 && bytes.length > 0) {
			const copy = Buffer.from(bytes);
			const i = Math.min(at, bytes.length - 1);
			copy[i] ^= 1 << int(8);
			return [copy, `bit flip at ${i}`];
		}
		if (kind === 1 || bytes.length === 0) return [Buffer.concat([bytes.subarray(0, at), Buffer.from([byte()]), bytes.subarray(at)]), `insert at ${at}`];
		const i = Math.min(at, bytes.length - 1);
		return [Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]), `delete at ${i}`];
	};
	const op = int(13);
	let what: string;
	let secrets: unknown;
	let options: { now: Date } | undefined;
	switch (op) {
		case 0:
		case 1:
		case 2: {
			const [mutated, how] = editBytes(body);
			body = mutated;
			what = `body ${how}`;
			break;
		}
		case 3:
		case 4: {
			const name = pick(names);
			const [mutated, how] = editBytes(Buffer.from(String(headers[name]), 'latin1'));
			headers[name] = mutated.toString('latin1');
			what = `header ${name} ${how}`;
			break;
		}
		case 5: {
			const name = pick(names);
			const value = headers[name];
			delete headers[name];
			const spelled = random() < 0.5 ? name.toUpperCase() : name.replace(/(^|-)([a-z])/g, (_m, dash, ch) => dash + ch.toUpperCase());
			headers[spelled] = value;
			what = `header case ${spelled}`;
			break;
		}
		case 6: {
			const name = pick(names);
			const other = pick(foreign[id])[name as never] ?? headers[name];
			if (random() < 0.5) headers[name] = [String(headers[name]), String(other)];
			else headers[name.toUpperCase() === name ? name.toLowerCase() : name.toUpperCase()] = String(other);
			what = `duplicated header ${name}`;
			break;
		}
		case 7: {
			const name = pick(names);
			delete headers[name];
			what = `dropped header ${name}`;
			break;
		}
		case 8: {
			// Boundary moves: the signed string split another way at its separators, where it joins
			// several values (the examples' signedParts); otherwise bytes moved from one header to another.
			const signedParts = examplesOf(id).signedParts;
			if (signedParts !== undefined) {
				const { separator, fields } = signedParts;
				const joined = fields.map((field) => (field === '' ? original.body : String(headers[field] ?? ''))).join(separator);
				const separators: number[] = [];
				for (let at = joined.indexOf(separator); at >= 0; at = joined.indexOf(separator, at + separator.length)) separators.push(at);
				const cuts = [...new Set(Array.from({ length: fields.length - 1 }, () => pick(separators)))].sort((a, b) => a - b);
				if (cuts.length === fields.length - 1) {
					const pieces = [joined.slice(0, cuts[0]), ...cuts.map((cut, i) => joined.slice(cut + separator.length, cuts[i + 1]))];
					for (const [i, field] of fields.entries()) {
						if (field === '') body = Buffer.from(pieces[i]);
						else headers[field] = pieces[i];
					}
				}
			} else {
				const [from, to] = [pick(names), pick(names)];
				const k = 1 + int(4);
				const fromValue = String(headers[from]);
				headers[from] = fromValue.slice(0, -k);
				headers[to] = fromValue.slice(-k) + String(headers[to]);
			}
			what = 'boundary move';
			break;
		}
		case 9: {
			const otherId = pick(platformIds.filter((p) => p !== id));
			const other = pick(foreign[otherId]);
			for (const [name, value] of Object.entries(other.headers)) if (name !== 'content-type') headers[name] = value;
			if (random() < 0.5) body = Buffer.from(other.body);
			what = `signature headers of ${otherId}`;
			break;
		}
		case 10: {
			const otherId = pick(platformIds.filter((p) => p !== id));
			const donor = secretsOf(otherId);
			secrets = {
				...secretsOf(id),
				secret: donor.secret ?? donor.signingSecret,
				signingSecret: pick(['whsec_b2xkLXNlY3JldC1rZXktYnl0ZXMtMTIzNDU2Nzg=', donor.signingSecret ?? 'x']),
				encryptionKey: donor.encryptionKey ?? 'other-key',
			};
			what = `secrets of ${otherId}`;
			break;
		}
		case 11: {
			const shift = pick([-1, 1, -301, 301, -86_400, 3600 * 30]);
			const name = names.find((n) => /timestamp/.test(n));
			if (name !== undefined && random() < 0.7) {
				headers[name] = String(Number(headers[name]) + shift);
				what = `${name} shifted ${shift} s`;
			} else {
				options = { now: new Date(NOW.getTime() + shift * 1000) };
				what = `now shifted ${shift} s`;
			}
			break;
		}
		default: {
			headers['content-type'] = pick(['application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/json; charset=latin1', '']);
			what = `content-type ${headers['content-type']}`;
		}
	}
	return { what, delivery: { method: original.method, headers, body }, secrets, options };
}

describe(`seeded mutation fuzz (seed ${SEED}; rerun with HIREHOOKS_FUZZ_SEED=${SEED})`, () => {
	const genuine = Object.fromEntries(platformIds.map((id) => [id, genuineDeliveries(id)])) as Record<PlatformId, SignedDelivery[]>;

	it.each(platformIds)(`%s: ${MUTATIONS_PER_PLATFORM} mutations accept nothing new and refuse with documented codes`, (id) => {
		const random = prng(SEED ^ [...id].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) | 0, 0));
		const references = genuine[id].map((d) => outcomeOf(verifyDelivery(id, d, secretsOf(id), OPTIONS)));
		const failures: string[] = [];
		const refusals = new Map<string, number>();
		let accepted = 0;
		for (let n = 0; n < MUTATIONS_PER_PLATFORM && failures.length < 5; n++) {
			const which = n % genuine[id].length;
			const mutant = mutate(random, genuine[id][which], id, genuine);
			try {
				const outcome = outcomeOf(verifyDelivery(id, mutant.delivery, mutant.secrets ?? secretsOf(id), mutant.options ?? OPTIONS));
				accepted++;
				if (!isDeepStrictEqual(outcome, references[which])) failures.push(`#${n} (${mutant.what}) accepted with a different outcome: ${JSON.stringify(outcome).slice(0, 300)}`);
			} catch (error) {
				if (!(error instanceof WebhookVerificationError) || !DOCUMENTED_CODES.has(error.code)) {
					failures.push(`#${n} (${mutant.what}) threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
				} else refusals.set(error.code, (refusals.get(error.code) ?? 0) + 1);
			}
		}
		expect({ seed: SEED, failures }).toEqual({ seed: SEED, failures: [] });
		// The fuzz must exercise both sides: harmless mutations pass (header case, whitespace in HrFlow's
		// JSON, the unsigned body of its signed requests), a good share is refused.
		expect(accepted).toBeGreaterThan(0);
		expect([...refusals.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(MUTATIONS_PER_PLATFORM / 4);
		expect(refusals.has('signature_mismatch')).toBe(true);
	});
});
