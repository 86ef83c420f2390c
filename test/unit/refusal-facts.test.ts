/**
 * The facts the faces derive their wording from: which refusals come after a valid signature (the
 * platform sent it, a setting is wrong), where each setting is issued (per endpoint or per account),
 * and the generic header typed in its PHP/CGI spelling. Signatures come from openssl where the scheme
 * is a plain body HMAC.
 */
import { WebhookVerificationError, platformIds, platforms, signDelivery, verifyDelivery } from '../../core';
import { headerNameOf } from '../../core/platforms/signed-webhook/signing';
import { opensslHmac } from '../helpers/independent';

function refusal(run: () => unknown): WebhookVerificationError {
	try {
		run();
	} catch (error) {
		if (error instanceof WebhookVerificationError) return error;
		throw error;
	}
	throw new Error('no refusal');
}

describe('signatureVerified: refusals after a valid signature', () => {
	const talentPools = { signingSecret: `whsec_${Buffer.from('refusal-facts-signing-secret-1').toString('base64')}`, encryptionKey: 'refusal-facts-key' };

	it('TalentPools: a message that does not decrypt is marked; a wrong signing secret is not', () => {
		const wrongKey = signDelivery('talentpools', { event: 'job.posted', data: {} }, { ...talentPools, encryptionKey: 'another' });
		expect(refusal(() => verifyDelivery('talentpools', wrongKey, talentPools))).toMatchObject({ code: 'decryption_failed', signatureVerified: true });
		const wrongSecret = signDelivery(
			'talentpools',
			{ event: 'job.posted', data: {} },
			{ ...talentPools, signingSecret: `whsec_${Buffer.from('another endpoint secret').toString('base64')}` },
		);
		expect(refusal(() => verifyDelivery('talentpools', wrongSecret, talentPools))).toMatchObject({ code: 'signature_mismatch', signatureVerified: false });
	});

	it('PeopleForce and the generic sender: a body signed by openssl that is not their JSON is marked; a forged one is not', () => {
		const body = '{"action": "employee_create", ';
		const signed = { method: 'POST', headers: { 'x-peopleforce-signature': `sha256=${opensslHmac('sha256', 'pf', body, 'hex')}`, 'content-type': 'application/json' }, body };
		expect(refusal(() => verifyDelivery('peopleforce', signed, { secret: 'pf' }))).toMatchObject({ code: 'malformed_body', signatureVerified: true });
		expect(refusal(() => verifyDelivery('peopleforce', signed, { secret: 'guess' }))).toMatchObject({ code: 'signature_mismatch', signatureVerified: false });
		const generic = { method: 'POST', headers: { 'x-signature': opensslHmac('sha256', 'sw', body, 'hex'), 'content-type': 'application/json' }, body };
		expect(refusal(() => verifyDelivery('signed-webhook', generic, { secret: 'sw' }))).toMatchObject({ code: 'malformed_body', signatureVerified: true });
	});
});

describe('SecretField facts', () => {
	it.each(platformIds)('%s: every field says where it is issued; only secrets have a prefix', (id) => {
		for (const field of platforms[id].secretFields) {
			expect(['endpoint', 'account']).toContain(field.scope);
			if (field.prefix !== undefined) expect(field.secret).toBe(true);
		}
	});

	it('TalentPools: the whsec_ signing secret per endpoint, the encryption key per account', () => {
		expect(platforms.talentpools.secretFields.map((f) => [f.key, f.scope])).toEqual([
			['signingSecret', 'endpoint'],
			['encryptionKey', 'account'],
		]);
	});
});

describe("the generic sender's header setting", () => {
	it("reads PHP's $_SERVER name as the header it stands for, and leaves real names alone", () => {
		expect(headerNameOf('HTTP_X_SIGNATURE')).toBe('X-Signature');
		expect(headerNameOf('HTTP_X_HUB_SIGNATURE_256')).toBe('X-Hub-Signature-256');
		expect(headerNameOf('X-Signature')).toBe('X-Signature');
		expect(headerNameOf('HTTP-HRFLOW-SIGNATURE')).toBe('HTTP-HRFLOW-SIGNATURE');
	});
});
