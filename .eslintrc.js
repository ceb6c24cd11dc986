/**
 * n8n's official community-node rules (eslint-plugin-n8n-nodes-base), as n8n's node starter applies them, for
 * the node and credentials; ESLint's recommended rules, as they apply to TypeScript, for all TypeScript.
 * @type {import('@types/eslint').ESLint.ConfigData}
 */
module.exports = {
	root: true,
	env: { browser: false, es6: true, node: true },
	parser: '@typescript-eslint/parser',
	parserOptions: { project: ['./tsconfig.json'], sourceType: 'module', extraFileExtensions: ['.json'] },
	ignorePatterns: ['.eslintrc.js', '**/*.js', '**/node_modules/**', '**/dist/**'],
	overrides: [
		{
			files: ['*.ts'],
			extends: ['eslint:recommended'],
			rules: {
				// The compiler checks these, and knows types, overloads and declaration merging that ESLint does not.
				'no-undef': 'off',
				'no-unused-vars': 'off',
				'no-redeclare': 'off',
				'no-dupe-class-members': 'off',
				// Style that drifts between hands; all fixable with --fix.
				'prefer-const': 'error',
				'no-var': 'error',
				'object-shorthand': 'error',
				'no-useless-rename': 'error',
				eqeqeq: ['error', 'smart'],
			},
		},
		{
			files: ['package.json'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/community'],
		},
		{
			files: ['./credentials/**/*.ts'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/credentials'],
			rules: {
				// The documentation lives in this package's README, not on n8n's docs site.
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			},
		},
		{
			files: ['./nodes/**/*.ts'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/nodes'],
			rules: {
				'n8n-nodes-base/node-execute-block-missing-continue-on-fail': 'off',
				'n8n-nodes-base/node-resource-description-filename-against-convention': 'off',
				'n8n-nodes-base/node-param-fixed-collection-type-unsorted-items': 'off',
			},
		},
	],
};
