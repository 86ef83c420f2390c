/**
 * The compatibility checks (checks.ts, the example workflows included) on the pinned n8n of the full
 * e2e suite (e2e/n8n), so every supported version runs the same list.
 */
import { defineCompatSuite } from './suite';

defineCompatSuite('e2e/n8n');
