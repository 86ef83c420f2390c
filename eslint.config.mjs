/**
 * n8n's community-node lint, as `@n8n/node-cli lint` runs it (its exported `config`, reproduced
 * here rule for rule): @n8n/node-cli itself cannot be installed on Node 20, because it depends on
 * @n8n/ai-node-sdk → n8n-workflow 2.39 → isolated-vm 7, a native module that requires Node >= 24.
 *
 * nodes/, credentials/ and package.json get exactly node-cli's rules. core/ is shipped in dist/ too
 * (the nodes import it) but is deliberately independent of n8n (the Zapier app and the sandbox use
 * it), so node-only rules such as require-node-api-error cannot apply there; it gets the rules n8n
 * enforces on any code that runs inside n8n: no restricted globals or imports, no eval or child
 * processes, no console.
 */
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { globalIgnores } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importPlugin from 'eslint-plugin-import-x';
import n8nNodesBasePlugin from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const communityNodesRecommended = n8nCommunityNodesPlugin.configs.recommended;

export default tseslint.config(
	globalIgnores(['dist', 'node_modules', 'test', 'e2e', 'sandbox', 'zapier-app', 'scripts', 'bench', '.tooling', '.runtime']),
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended, communityNodesRecommended, importPlugin.configs['flat/recommended']],
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
		},
	},
	{
		plugins: { 'n8n-nodes-base': n8nNodesBasePlugin },
		settings: {
			'import-x/resolver-next': [createTypeScriptImportResolver()],
		},
	},
	{
		files: ['core/**/*.ts'],
		languageOptions: { parser: tseslint.parser },
		plugins: { '@n8n/community-nodes': n8nCommunityNodesPlugin },
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'error',
			'@n8n/community-nodes/no-restricted-imports': 'error',
			'@n8n/community-nodes/no-dangerous-functions': 'error',
			'no-console': 'error',
		},
	},
	{
		files: ['package.json'],
		extends: [communityNodesRecommended],
		rules: {
			...n8nNodesBasePlugin.configs.community.rules,
		},
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: {
				extraFileExtensions: ['.json'],
			},
		},
	},
	{
		files: ['./credentials/**/*.ts'],
		rules: {
			...n8nNodesBasePlugin.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['./nodes/**/*.ts'],
		rules: {
			...n8nNodesBasePlugin.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
);
