/**
 * The HireHooks Zapier app factory. Each integration folder's index.js is
 * `buildZapierApp(platforms[id], { version, platformVersion })`.
 */
export { buildZapierApp, needsPolling, integrationFoldersOf, type BuildOptions, type IntegrationFolder, type ZapierApp } from './app';
export { hookTriggersOf, sampleHookItem, sendsEventTime, isCatchAll, hookEnvelopeFields, ANY_EVENT_KEY, ZAPIER_EVENT_TOLERANCE_SECONDS, type HookItem } from './hook-triggers';
export { claimFirstSightings, hookIdentity, hookIdentities, redeliveryWindowSecondsOf, CACHE_SCOPE, type LastDelivery } from './hook-memory';
export { accountFieldsOf, endpointFieldsOf, secretsOf, isVerificationOff, settingsToCheck, misplacedValues } from './secrets';
export { authFieldsOf, connectionLabelOf, customAuthenticationOf, standInSecrets, CONNECTION_NAME_KEY } from './custom-auth';
export { outputFieldsOfSchema, schemaFields, finishOutputFields, valuesAtKey, zapierTypeOf, type OutputField } from './output-fields';
export { deliveryFromRawRequest, wireHeaderName, type ZapierRawRequest } from './zapier-request';
export { triggerKeyOf, triggerLabelOf, triggerDescriptionOf, nounOf, directionsOf, zapierSubscriptionSteps, mostUsedFirst, settingsPlaces } from './naming';
export { pollingTriggersOf, POLL_WINDOW_HOURS, type PollItem } from './smartrecruiters/polling-triggers';
