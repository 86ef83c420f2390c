/** The compatibility checks (checks.ts) on the n8n pinned in e2e/n8n-1.123, installed on first use. */
import { defineCompatSuite } from './suite';

defineCompatSuite('e2e/n8n-1.123');
