/**
 * PeopleForce deliveries (seed peopleforce-webhooks.txt): JSON `{action, data}`, and when the webhook
 * has a secret, `X-PeopleForce-Signature: sha256=<hex HMAC-SHA256 of the raw body>`.
 */
import { NOT_JSON, parseJsonText } from '../../attempt';
import { WebhookVerificationError, afterSignature } from '../../errors';
import { type BodyHmacScheme, bodyHmacSignature, verifyBodyHmac } from '../../schemes/body-hmac';
import { secretList } from '../../secrets';
import type { NormalizedDelivery, ParsedEvent, SignInput, SignedDelivery } from '../../types';

export interface PeopleForceSecrets {
	/** The optional secret of the webhook (Settings → Webhooks). */
	secret: string | string[];
}

export const PEOPLEFORCE_SIGNATURE: BodyHmacScheme = { header: 'X-PeopleForce-Signature', algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=' };
const SECRET_LABEL = 'webhook secret';

export function signPeopleForceDelivery(input: SignInput, secrets: Partial<PeopleForceSecrets>): SignedDelivery {
	const body = JSON.stringify({ action: input.event, data: input.data });
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	// A webhook without a secret is sent unsigned, as PeopleForce does.
	const secret = (Array.isArray(secrets.secret) ? secrets.secret[0] : secrets.secret) ?? '';
	if (secret !== '') headers[PEOPLEFORCE_SIGNATURE.header] = bodyHmacSignature(body, secret, PEOPLEFORCE_SIGNATURE);
	return { method: 'POST', headers, body };
}

export function verifyPeopleForceDelivery(delivery: NormalizedDelivery, secrets: PeopleForceSecrets): ParsedEvent[] {
	const secretValues = secretList(secrets?.secret, SECRET_LABEL);
	verifyBodyHmac(delivery, secretValues, PEOPLEFORCE_SIGNATURE, {
		secretLabel: SECRET_LABEL,
		missingHint: 'PeopleForce adds it only when the webhook has a secret: set the same secret in PeopleForce (Settings → Webhooks) and in the credential.',
	});
	return afterSignature(() => parsePeopleForceDelivery(delivery));
}

export function parsePeopleForceDelivery(delivery: NormalizedDelivery): ParsedEvent[] {
	const parsed = parseJsonText(delivery.text);
	if (parsed === NOT_JSON) throw new WebhookVerificationError('malformed_body', 'The body is not JSON; PeopleForce sends {"action": ..., "data": ...}.');
	const payload = parsed;
	const record = payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
	if (record === undefined || typeof record.action !== 'string' || record.action === '') {
		throw new WebhookVerificationError('malformed_body', 'The body has no "action": PeopleForce sends {"action": ..., "data": ...}.');
	}
	const data = record.data ?? null;
	return [{ event: record.action, id: undefined, occurredAt: metaTime(data), data, meta: {} }];
}

/** PeopleForce sends no event time; the entity's meta.updated_at (or created_at) is the closest fact. */
function metaTime(data: unknown): string | undefined {
	const meta = data !== null && typeof data === 'object' ? (data as { meta?: { updated_at?: unknown; created_at?: unknown } }).meta : undefined;
	const value = meta?.updated_at ?? meta?.created_at;
	if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return undefined;
	return new Date(value).toISOString();
}
