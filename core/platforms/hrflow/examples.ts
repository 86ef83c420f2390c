import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PlatformExamples } from '../examples';
import { type HrFlowSecrets, signHrFlowBatch, signHrFlowDelivery } from './signing';

/** Test examples of HrFlow.ai (see core/platforms/examples.ts); not shipped. */
export const examples: PlatformExamples<HrFlowSecrets> = {
	secrets: { secret: 'wsk_example_7d1f2c0e9a3b4c5d' },
	randomSecrets: () => ({ secret: `wsk_${randomBytes(20).toString('hex')}` }),
	event: 'profile.parsing.success',
	dataWithText: (text) => ({
		origin: 'api',
		message: 'profile parsing succeed',
		profile: { key: 'example-profile-key', source: { key: 'example-source-key' }, summary: text },
	}),
	signatureHeader: () => 'HTTP-HRFLOW-SIGNATURE',
	forgedSignature: () => randomBytes(32).toString('hex'),
	// HrFlow.ai's raw-body variant (the seed's Ruby example): hex HMAC-SHA256 of the bytes as sent.
	signRawBody: (body, contentType, _event, secrets) => ({
		'content-type': contentType,
		'HTTP-HRFLOW-SIGNATURE': createHmac('sha256', first(secrets.secret)).update(body).digest('hex'),
	}),
	verifyByHand(delivery, secrets) {
		// The seed's recipe by hand in JavaScript: fields → compact JSON → HMAC. (JSON.stringify is not
		// byte-exact with Python for non-ASCII text; the examples are ASCII, so it verifies.)
		const fields = Object.fromEntries(new URLSearchParams(delivery.body));
		const expected = createHmac('sha256', first(secrets.secret)).update(JSON.stringify(fields)).digest();
		const got = Buffer.from(delivery.headers['HTTP-HRFLOW-SIGNATURE'], 'hex');
		if (got.length !== expected.length || !timingSafeEqual(got, expected)) throw new Error('mismatch');
		return { ...fields, profile: JSON.parse(fields.profile) };
	},
	// Form, JSON and JSON-array bodies under hex and raw-hex signatures, a signed request (its body is not
	// signed) and a batch of several events in one JSON array.
	wireVariants: (inputs, secrets, now) => [
		...inputs.map((input, index) =>
			signHrFlowDelivery(input, secrets, {
				now,
				bodyFormat: (['form', 'json', 'json-array'] as const)[index % 3],
				signatureFormat: (['hex', 'raw-hex', 'hex'] as const)[index % 3],
			}),
		),
		signHrFlowDelivery({ event: inputs[0].event, data: inputs[0].data, meta: inputs[0].meta }, secrets, { signatureFormat: 'signed-request' }),
		signHrFlowBatch(
			inputs.map(({ event, data, meta }) => ({ event, data, meta })),
			secrets,
			{ bodyFormat: 'json-array' },
		),
	],
};

function first(secret: string | string[]): string {
	return Array.isArray(secret) ? secret[0] : secret;
}
