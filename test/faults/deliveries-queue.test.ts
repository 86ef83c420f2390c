/**
 * Delivery faults in queue mode (Redis, PostgreSQL, the main instance, one worker, one webhook
 * process): 10,000 deliveries, as in regular mode; the restart is the webhook process's, which holds
 * the redelivery memory; with one webhook process the dedupe must hold. See delivery-faults.ts.
 * HIREHOOKS_FAULT_DELIVERIES=<n> overrides the load. About 15 minutes on a 2-core machine. It passes
 * at 10,000 only with PostgreSQL's pool above n8n's default of 2 connections (startPostgres sets 10):
 * with 2, the worker failed 266 runs after the restart with "timeout exceeded when trying to connect",
 * before their trigger's item was saved.
 */
import { deliveriesFromEnv, deliveryFaultSuite } from './delivery-faults';

deliveryFaultSuite({ suite: 'deliveries-queue', mode: 'queue', deliveries: deliveriesFromEnv(10000), concurrency: 12, badRequests: 1000, genuineDuringBad: 250 });
