/**
 * What the tests, benchmarks, the sandbox and the scripts need to exercise a platform: secrets of its
 * format, a representative event, and how its signature looks on the wire. Each platform folder keeps
 * its own in `examples.ts`; everything else reads them here by platform id and keeps no table of its own.
 *
 * Not shipped: tsconfig.json leaves examples files out of dist (n8n's package scanner flags
 * secret-looking strings, and users need none of this). Nothing under nodes/ or credentials/ imports it.
 */
import type { PlatformId, SecretsOf, SignInput, SignedDelivery } from '../types';

export interface PlatformExamples<Secrets = Record<string, unknown>> {
	/** Fixed secrets in the platform's format; tests and benchmarks sign and verify with them. Never a real secret. */
	secrets: Secrets;
	/** Fresh secrets in the format the platform hands out (the sandbox's endpoints, deployed test stacks). */
	randomSecrets(): Secrets;
	/** The catalogue event benchmarks and body-size tests send. */
	event: string;
	/** Data for `event` that carries `text`, of any size, in one field. */
	dataWithText(text: string): unknown;
	/** The header the signature travels in, for these secrets. */
	signatureHeader(secrets: Secrets): string;
	/** A signature in the platform's format that matches nothing. */
	forgedSignature(secrets: Secrets): string;
	/** Headers that sign `body` (any bytes, even a broken body) exactly as the platform would. */
	signRawBody(body: string, contentType: string, event: string, secrets: Secrets): Record<string, string>;
	/** The same check written by hand with node:crypto alone, over signDelivery's output: the benchmarks' do-it-yourself baseline. */
	verifyByHand(delivery: SignedDelivery, secrets: Secrets): unknown;
	/**
	 * Genuine deliveries of `inputs` in every wire variant the platform has (body formats, signature
	 * styles, batches, values with separators in them), signed at `now`. The fuzz mutates these; without
	 * it, each input is signed once with the defaults.
	 */
	wireVariants?(inputs: SignInput[], secrets: Secrets, now: Date): SignedDelivery[];
	/**
	 * How the signed string is put together, where it joins several values: the separator, and the values
	 * in order, each a header name as signDelivery writes it or '' for the body. The fuzz moves the
	 * boundaries between them; without it, it moves bytes from one header to another.
	 */
	signedParts?: { separator: string; fields: string[] };
}

/** The secrets type of platform P's examples: its own for one platform, a plain record for any of several. */
export type ExampleSecretsOf<P extends PlatformId> = unknown extends SecretsOf<P> ? Record<string, unknown> : SecretsOf<P>;

/** The examples of platform `id`, from core/platforms/<id>/examples.ts. */
export function examplesOf<P extends PlatformId>(id: P): PlatformExamples<ExampleSecretsOf<P>> {
	// Looked up by id so that a new platform folder needs no line here.
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- test-only and not shipped; a lookup by id keeps new platforms out of this file
	return (require(`./${id}/examples`) as { examples: PlatformExamples<ExampleSecretsOf<P>> }).examples;
}
