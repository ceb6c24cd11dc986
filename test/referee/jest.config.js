/**
 * The referee suite: `npm run test:referee`. Files end in .referee.ts so `npm test` never picks them up; it
 * needs Debian's python3-exchangelib. In band: the scenarios share one sandbox and run one at a time.
 */
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/referee'],
	testMatch: ['**/*.referee.ts'],
	transform: { '^.+\\.ts$': 'ts-jest' },
	testTimeout: 180000,
	maxWorkers: 1,
};
