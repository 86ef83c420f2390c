/**
 * Delivery faults in queue mode (Redis, the main instance, one worker, one webhook process): the
 * load run is scaled down to 2,000 deliveries (queue mode on this SQLite stack is slower) and the
 * restart is the webhook process's, which holds the redelivery memory; with one webhook process the
 * dedupe must hold. See delivery-faults.ts. HIREHOOKS_FAULT_DELIVERIES=<n> overrides the load.
 */
import { deliveriesFromEnv, deliveryFaultSuite } from './delivery-faults';

deliveryFaultSuite({ suite: 'deliveries-queue', mode: 'queue', deliveries: deliveriesFromEnv(2000), concurrency: 12, badRequests: 1000, genuineDuringBad: 250 });
