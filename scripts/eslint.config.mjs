import globals from 'globals';
import { devConfig } from './lib/eslint-dev-config.mjs';

export default [
	...devConfig(),
	// Its page.evaluate() callbacks run inside the browser, not in Node.js.
	{ files: ['screenshots.js'], languageOptions: { globals: { ...globals.browser } } },
];
