/**
 * The Zapier integrations' tests: offline (nock for every API call), with Zapier's app tester. Run from
 * the repository root with `node zapier-app/scripts/test.js` (installs the Zapier tooling first) or
 * `npx jest -c zapier-app/jest.config.js` once zapier-app/node_modules exists.
 */
module.exports = {
	rootDir: __dirname,
	displayName: 'zapier',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	setupFiles: ['<rootDir>/test/setup-http.js'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json', diagnostics: { warnOnly: false } }] },
};
