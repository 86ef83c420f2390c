import { devConfig } from '../scripts/lib/eslint-dev-config.mjs';

// */core/ holds the compiled core copied into each generated integration (zapier-app/scripts/build.js).
export default devConfig({ ignores: ['*/core/**'] });
