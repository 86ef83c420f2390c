/**
 * HireHooks sandbox: a local emulator of the platforms' webhook senders, for the demo, sample
 * events and end-to-end tests. Not part of the published n8n package.
 */
export { createSandbox, type Sandbox, type SandboxClock, type SandboxOptions, type SandboxState } from './sandbox';
export type { EmitInput, EmitResult } from './emit';
export type { DeliveryAttempt, DeliveryRecord, DeliveryStatus } from './deliveries';
export type { Endpoint } from './manual/endpoints';
export type { Fault, FaultSpec } from './faults';
export type { Subscription } from './smartrecruiters/subscriptions';
export { WEBHOOKS_API_BASE } from './smartrecruiters/subscriptions';
export { SANDBOX_API_KEY, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from './smartrecruiters/auth';
export { retryPolicies, DEFAULT_RETRY_SCALE, type RetryPolicy, type RetryScheduleOptions } from './retry-policies';
