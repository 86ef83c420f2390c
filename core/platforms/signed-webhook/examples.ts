import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PlatformExamples } from '../examples';
import { type SignedWebhookSecrets, signSignedWebhookDelivery } from './signing';

const DEFAULT_HEADER = 'X-Signature';

/**
 * Test examples of the generic signed webhook (see core/platforms/examples.ts); not shipped. The secrets
 * are GitHub's style under the Custom sender, so that the examples exercise the credential's header and
 * prefix options (the named senders ignore them).
 */
export const examples: PlatformExamples<SignedWebhookSecrets> = {
	secrets: { preset: 'custom', secret: 'sw-example-secret', header: 'X-Hub-Signature-256', prefix: 'sha256=' },
	randomSecrets: () => ({ preset: 'custom', secret: randomBytes(24).toString('hex'), header: 'X-Hub-Signature-256', prefix: 'sha256=', algorithm: 'sha256', encoding: 'hex' }),
	event: 'webhook',
	dataWithText: (text) => ({ event: 'candidate.hired', data: { candidate: { id: 5821, name: 'Priya Raman' }, notes: text } }),
	signatureHeader: (secrets) => secrets.header ?? DEFAULT_HEADER,
	forgedSignature: (secrets) => `${secrets.prefix ?? ''}${randomBytes(32).toString('hex')}`,
	signRawBody: (body, contentType, _event, secrets) => ({ 'content-type': contentType, [secrets.header ?? DEFAULT_HEADER]: signatureOf(body, secrets) }),
	verifyByHand(delivery, secrets) {
		const expected = Buffer.from(signatureOf(delivery.body, secrets));
		const got = Buffer.from(delivery.headers[secrets.header ?? DEFAULT_HEADER]);
		if (got.length !== expected.length || !timingSafeEqual(got, expected)) throw new Error('mismatch');
		return JSON.parse(delivery.body);
	},
	// Senders post JSON or form bodies; both are signed over the raw bytes. Each input in both, since the
	// catalogue has a single event.
	wireVariants: (inputs, secrets, now) =>
		inputs.flatMap((input) =>
			(['application/json', 'application/x-www-form-urlencoded'] as const).map((contentType) => signSignedWebhookDelivery(input, secrets, { now, contentType })),
		),
};

function signatureOf(body: string, secrets: SignedWebhookSecrets): string {
	const secret = Array.isArray(secrets.secret) ? secrets.secret[0] : secrets.secret;
	return `${secrets.prefix ?? ''}${createHmac(secrets.algorithm ?? 'sha256', secret)
		.update(body)
		.digest(secrets.encoding ?? 'hex')}`;
}
