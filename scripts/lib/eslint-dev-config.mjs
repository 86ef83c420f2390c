/**
 * Lint rules for the code that never runs inside n8n (tests, sandbox, Zapier app, scripts, benchmarks).
 * Each of those folders has an eslint.config.mjs that exports devConfig(); ESLint picks the config
 * nearest to each file (the `unstable_config_lookup_from_file` flag, ESLint 10's default), so the root
 * eslint.config.mjs stays n8n's unmodified default and keeps its full rules for nodes/, credentials/
 * and core/. These rules are ESLint's and typescript-eslint's recommended sets on Node.js globals;
 * n8n's community-node rules (no process, timers, node: imports, console) do not apply here.
 * Relaxed on purpose: `any` is a warning, not an error (test doubles, the platform registry's mixed
 * secrets; each one left is a type still to write), names starting with `_` (a destructured field left
 * out on purpose), and require() of our own CommonJS scripts from TypeScript tests (scripts/lib has no
 * type declarations; the tests declare the shape they use).
 */
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const unusedVars = ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }];

export function devConfig({ ignores = [] } = {}) {
	return tseslint.config(
		{ ignores: ['**/node_modules/**', '**/dist/**', '**/build/**', ...ignores] },
		{
			files: ['**/*.js', '**/*.cjs'],
			extends: [js.configs.recommended],
			languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
			rules: { 'no-unused-vars': unusedVars },
		},
		{
			files: ['**/*.mjs'],
			extends: [js.configs.recommended],
			languageOptions: { sourceType: 'module', globals: { ...globals.node } },
			rules: { 'no-unused-vars': unusedVars },
		},
		{
			files: ['**/*.ts'],
			extends: [js.configs.recommended, tseslint.configs.recommended],
			languageOptions: { globals: { ...globals.node } },
			rules: {
				'@typescript-eslint/no-explicit-any': 'warn',
				'@typescript-eslint/no-unused-vars': unusedVars,
				'@typescript-eslint/no-require-imports': ['error', { allow: ['/scripts/lib/[^/]+$'] }],
			},
		},
	);
}
