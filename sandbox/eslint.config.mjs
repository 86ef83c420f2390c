import { devConfig } from '../scripts/lib/eslint-dev-config.mjs';

export default devConfig();
