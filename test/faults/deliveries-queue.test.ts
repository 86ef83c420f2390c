/**
 * Delivery faults in queue mode (Redis, PostgreSQL, the main instance, one worker, one webhook
 * process): 10,000 deliveries, as in regular mode; the restart is the webhook process's, which holds
 * the redelivery memory; with one webhook process the dedupe must hold. See delivery-faults.ts.
 * HIREHOOKS_FAULT_DELIVERIES=<n> overrides the load. About 15 minutes on a 2-core machine. PostgreSQL
 * runs with a pool of 10 and a 120 s connection timeout, as docs/operating-n8n.md says (n8n's defaults
 * fail runs under a burst). Executions are read from PostgreSQL too, since n8n's API may return items of
 * ordinary runs redacted. The webhook process logs at debug level so that a loss can be followed.
 */
import { deliveriesFromEnv, deliveryFaultSuite } from './delivery-faults';

deliveryFaultSuite({ suite: 'deliveries-queue', mode: 'queue', deliveries: deliveriesFromEnv(10000), concurrency: 12, badRequests: 1000, genuineDuringBad: 250 });
