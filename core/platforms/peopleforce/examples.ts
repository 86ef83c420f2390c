import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PlatformExamples } from '../examples';
import type { PeopleForceSecrets } from './signing';

/** Test examples of PeopleForce (see core/platforms/examples.ts); not shipped. */
export const examples: PlatformExamples<PeopleForceSecrets> = {
	secrets: { secret: 'pf-example-secret' },
	randomSecrets: () => ({ secret: randomBytes(24).toString('hex') }),
	event: 'employee_create',
	dataWithText: (text) => ({ id: 130333, attributes: { first_name: 'John', last_name: 'Doe' }, notes: text }),
	signatureHeader: () => 'X-PeopleForce-Signature',
	forgedSignature: () => `sha256=${randomBytes(32).toString('hex')}`,
	signRawBody: (body, contentType, _event, secrets) => ({
		'content-type': contentType,
		'X-PeopleForce-Signature': `sha256=${createHmac('sha256', first(secrets.secret)).update(body).digest('hex')}`,
	}),
	verifyByHand(delivery, secrets) {
		const expected = Buffer.from('sha256=' + createHmac('sha256', first(secrets.secret)).update(delivery.body).digest('hex'));
		const got = Buffer.from(delivery.headers['X-PeopleForce-Signature']);
		if (got.length !== expected.length || !timingSafeEqual(got, expected)) throw new Error('mismatch');
		return JSON.parse(delivery.body);
	},
};

function first(secret: string | string[]): string {
	return Array.isArray(secret) ? secret[0] : secret;
}
