/**
 * Delivery faults in queue mode (Redis, PostgreSQL, the main instance, one worker, one webhook
 * process): 2,000 deliveries; the restart is the webhook process's, which holds the redelivery memory;
 * with one webhook process the dedupe must hold. See delivery-faults.ts. HIREHOOKS_FAULT_DELIVERIES=<n>
 * overrides the load. At 10,000 on this 2-core machine, n8n's worker failed 266 runs after the restart
 * with "timeout exceeded when trying to connect" to PostgreSQL (n8n's default pool: 2 connections),
 * before their trigger's item was saved: the executions exist, as errors, without the event.
 */
import { deliveriesFromEnv, deliveryFaultSuite } from './delivery-faults';

deliveryFaultSuite({ suite: 'deliveries-queue', mode: 'queue', deliveries: deliveriesFromEnv(2000), concurrency: 12, badRequests: 1000, genuineDuringBad: 250 });
