/**
 * Delivery faults in regular mode (one n8n process): 10,000 deliveries with lost responses and an n8n
 * restart mid-stream, 1,000+ bad requests while genuine deliveries flow, and the secrets check.
 * See delivery-faults.ts. HIREHOOKS_FAULT_DELIVERIES=<n> runs a smaller load (a slow or shared machine).
 */
import { deliveriesFromEnv, deliveryFaultSuite } from './delivery-faults';

deliveryFaultSuite({ suite: 'deliveries', mode: 'regular', deliveries: deliveriesFromEnv(10000), concurrency: 12, badRequests: 1000, genuineDuringBad: 500 });
