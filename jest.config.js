/** Unit tests run on any Node >= 20 with no server; the e2e and faults projects start real n8n and the sandbox themselves. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: { warnOnly: false } }];

module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/unit'],
			testMatch: ['**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/e2e'],
			testMatch: ['**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
		},
		{
			// Long fault and load-shaped runs against a real n8n and the sandbox (issue #6); their figures
			// go to bench/results/faults/*.json for `npm run bench`'s results file.
			displayName: 'faults',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/faults'],
			testMatch: ['**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
		},
	],
};
