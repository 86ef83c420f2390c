import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { PlatformExamples } from '../examples';
import { type SmartRecruitersSecrets, signSmartRecruitersDelivery } from './signing';

/**
 * Test examples of SmartRecruiters (see core/platforms/examples.ts); not shipped. The secret is a
 * subscription's secret key, which SmartRecruiters hands out at activation.
 */
export const examples: PlatformExamples<SmartRecruitersSecrets> = {
	secrets: { secret: 'sr-example-secret-key' },
	randomSecrets: () => ({ secret: randomBytes(24).toString('hex') }),
	event: 'job.created',
	dataWithText: (text) => ({ id: 'job_81723', title: 'Senior React Developer', notes: text }),
	signatureHeader: () => 'smartrecruiters-signature',
	forgedSignature: () => `v1=${randomBytes(32).toString('hex')}`,
	signRawBody(body, contentType, event, secrets) {
		const timestamp = String(Math.floor(Date.now() / 1000));
		const eventId = randomUUID();
		const signature = signatureOf([timestamp, body, eventId, event, 'v201907', ''].join('.'), secrets);
		return {
			'content-type': contentType,
			'event-name': event,
			'event-version': 'v201907',
			'event-id': eventId,
			'smartrecruiters-timestamp': timestamp,
			'smartrecruiters-signature': signature,
		};
	},
	verifyByHand(delivery, secrets) {
		const h = delivery.headers;
		const content = [h['smartrecruiters-timestamp'], delivery.body, h['event-id'], h['event-name'], h['event-version'], h.link ?? ''].join('.');
		const expected = Buffer.from(signatureOf(content, secrets));
		const ok = h['smartrecruiters-signature'].split(';').some((s) => {
			const b = Buffer.from(s);
			return b.length === expected.length && timingSafeEqual(b, expected);
		});
		if (!ok) throw new Error('mismatch');
		return JSON.parse(delivery.body);
	},
	// A link whose last segment holds a dot, so that the dot-joined signed string has separators in a value.
	wireVariants: (inputs, secrets, now) =>
		inputs.map((input, index) =>
			signSmartRecruitersDelivery({ ...input, meta: { ...input.meta, link: `https://api.smartrecruiters.com/jobs-api/v1/jobs/${index}.x` } }, secrets, { now }),
		),
	signedParts: { separator: '.', fields: ['smartrecruiters-timestamp', '', 'event-id', 'event-name', 'event-version', 'link'] },
};

function signatureOf(content: string, secrets: SmartRecruitersSecrets): string {
	const secret = Array.isArray(secrets.secret) ? secrets.secret[0] : secrets.secret;
	return `v1=${createHmac('sha256', secret).update(content).digest('hex')}`;
}
