/**
 * Delivery faults in queue mode (Redis, PostgreSQL, the main instance, one worker, one webhook
 * process): 10,000 deliveries, as in regular mode; the restart is the webhook process's, which holds
 * the redelivery memory; with one webhook process the dedupe must hold. See delivery-faults.ts.
 * HIREHOOKS_FAULT_DELIVERIES=<n> overrides the load. About 15 minutes on a 2-core machine. With
 * PostgreSQL's pool at n8n's default of 2 connections the worker failed 266 runs after the restart
 * ("timeout exceeded when trying to connect"); startPostgres sets 10. With 10, eight of nine runs passed;
 * one lost 258 events sent around the restart (cause not found yet: see the README's Benchmarks). The
 * webhook process logs at debug level so that the next such loss can be followed (delivery-faults.ts).
 */
import { deliveriesFromEnv, deliveryFaultSuite } from './delivery-faults';

deliveryFaultSuite({ suite: 'deliveries-queue', mode: 'queue', deliveries: deliveriesFromEnv(10000), concurrency: 12, badRequests: 1000, genuineDuringBad: 250 });
