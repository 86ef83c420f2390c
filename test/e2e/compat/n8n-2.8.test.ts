/** The compatibility checks (checks.ts) on the n8n pinned in e2e/n8n-2.8, installed on first use. */
import { defineCompatSuite } from './suite';

defineCompatSuite('e2e/n8n-2.8');
