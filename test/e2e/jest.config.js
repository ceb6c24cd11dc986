/**
 * The real-n8n suites: `npm run test:e2e` (test/e2e) and `npm run test:editor` (test/editor). Files end in
 * .e2e.ts so the unit and integration run (`npm test`) never picks them up. In band: each suite drives a
 * whole n8n, and two at once on two cores only makes both slow.
 */
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e', '<rootDir>/test/editor'],
	testMatch: ['**/*.e2e.ts'],
	transform: { '^.+\\.ts$': 'ts-jest' },
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	testTimeout: 180000,
	maxWorkers: 1,
};
