/**
 * n8n-nodes-hirehooks/core: webhook signing, verification and event catalogues for HR and
 * recruiting platforms. Imports neither n8n nor Zapier; Node's crypto is its only dependency.
 */
export * from './types';
export { WebhookVerificationError, isWebhookVerificationError, statusForCode, type VerificationErrorCode } from './errors';
export {
	verifyDelivery,
	receiveDelivery,
	type ReceivedDelivery,
	parseUnverifiedDelivery,
	recognizeHandshake,
	signDelivery,
	getPlatform,
	describeEvent,
	redeliveryKeys,
} from './verify';
export { type EventEnvelope, ENVELOPE_KEYS, envelopeOf, envelopesOf, envelopeWithId, eventIdOf } from './envelope';
export { platforms, platformIds } from './platforms';
// Every platform's secrets and event payload types (TalentPoolsJob, PeopleForceEmployee, ...).
export type * from './platforms';
export { normalizeDelivery } from './delivery';
export { credentialFieldsOf, previousKeyOf, previousSecretsOf, secretList } from './secrets';
export { delayBeforeAttempt, redeliverySpanSeconds } from './retries';
export { pythonCompactJson, parsePyJson, serializePyJson } from './python-json';
export { svixSignature, signSvix } from './schemes/svix';
export { bodyHmacSignature } from './schemes/body-hmac';
export { encryptTalentPoolsMessage, decryptTalentPoolsMessage } from './platforms/talentpools/encryption';
export { TALENTPOOLS_DEFAULT_EVENT_TOLERANCE_SECONDS, TALENTPOOLS_STRICT_EVENT_TOLERANCE_SECONDS } from './platforms/talentpools/signing';
export { signHrFlowBatch, hrFlowSignedContentOfForm } from './platforms/hrflow/signing';
export { smartRecruitersLinkHeader, parseSmartRecruitersLink } from './platforms/smartrecruiters/signing';
// The SmartRecruiters Webhooks API client is the subpath n8n-nodes-hirehooks/smartrecruiters (core/platforms/smartrecruiters/api.ts).
