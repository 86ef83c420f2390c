/**
 * n8n-nodes-hirehooks/core: webhook signing, verification and event catalogues for HR and
 * recruiting platforms. Imports neither n8n nor Zapier; Node's crypto is its only dependency.
 */
export * from './types';
export { WebhookVerificationError, isWebhookVerificationError, statusForCode, type VerificationErrorCode } from './errors';
export { verifyDelivery, receiveDelivery, type ReceivedDelivery, parseUnverifiedDelivery, recognizeHandshake, signDelivery, getPlatform, describeEvent, redeliveryKeys } from './verify';
export { platforms, platformIds } from './platforms';
export { normalizeDelivery } from './delivery';
export { credentialFieldsOf, previousKeyOf, previousSecretsOf, secretList } from './secrets';
export { delayBeforeAttempt, redeliverySpanSeconds } from './retries';
export { pythonCompactJson, parsePyJson, serializePyJson } from './python-json';
export { svixSignature, signSvix } from './schemes/svix';
export { bodyHmacSignature } from './schemes/body-hmac';
export { encryptTalentPoolsMessage, decryptTalentPoolsMessage } from './platforms/talentpools/encryption';
export { signHrFlowBatch, hrFlowSignedContentOfForm } from './platforms/hrflow/signing';
export { smartRecruitersLinkHeader, parseSmartRecruitersLink } from './platforms/smartrecruiters/signing';
export {
	createSmartRecruitersWebhooksClient,
	SmartRecruitersApiError,
	isSmartRecruitersApiError,
	isTransientSmartRecruitersError,
	withSmartRecruitersRetries,
	SMARTRECRUITERS_DEFAULT_BASE_URL,
	SMARTRECRUITERS_REQUEST_TIMEOUT_MS,
	SMARTRECRUITERS_ACTIVATION_TIMEOUT_MS,
	SMARTRECRUITERS_RETRY_DELAYS_MS,
	SMARTRECRUITERS_WEBHOOKS_API_PATH,
	SMARTRECRUITERS_OAUTH2_SCOPES,
	type SmartRecruitersRequester,
	type SmartRecruitersApiRequest,
	type SmartRecruitersApiResponse,
	type SmartRecruitersWebhooksClient,
	type SmartRecruitersWebhooksClientOptions,
	type SmartRecruitersRetryPolicy,
	type SmartRecruitersSubscription,
	type SmartRecruitersApiOperation,
	type SmartRecruitersHttpMethod,
	type CreateSubscriptionInput,
} from './platforms/smartrecruiters/api';
