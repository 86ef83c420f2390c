/**
 * Delivery faults in queue mode (Redis, PostgreSQL, the main instance, one worker, one webhook
 * process): the same 10,000 deliveries as regular mode; the restart is the webhook process's, which
 * holds the redelivery memory; with one webhook process the dedupe must hold. See delivery-faults.ts.
 * HIREHOOKS_FAULT_DELIVERIES=<n> overrides the load.
 */
import { deliveriesFromEnv, deliveryFaultSuite } from './delivery-faults';

deliveryFaultSuite({ suite: 'deliveries-queue', mode: 'queue', deliveries: deliveriesFromEnv(10000), concurrency: 12, badRequests: 1000, genuineDuringBad: 250 });
