// n8n's community-node lint rules, run by packageCheck.ts on the unpacked tarball (what n8n installs). The
// package is self-hosted only ("strict": false), so it takes the rule set without n8n Cloud's rules. Each rule
// switched off here is named with the reason.
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';

const recommended = communityNodes.configs.recommendedWithoutN8nCloudSupport;

export default [
	{
		...recommended,
		files: ['**/*.js', 'package.json'],
		languageOptions: { parser: tsParser, sourceType: 'commonjs' },
		// The compiled code keeps the source's disable comments for rules of the project's own lint, not loaded here.
		linterOptions: { reportUnusedDisableDirectives: 'off' },
		rules: {
			...recommended.rules,
			// NTLM's MD4, the XML parser, Luxon's time zones and the proxy agents are libraries n8n does not provide;
			// n8n installs a community package's dependencies, and npm audit sees their versions.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
			// Set by whoever publishes: the project has no maintainer mailbox or public home page yet, and n8n's
			// verification asks for both (README, Publishing).
			'@n8n/community-nodes/valid-author': 'off',
			'@n8n/community-nodes/require-homepage': 'off',
		},
	},
	{
		// The credential types' names (exchangeEwsOAuth2Api) look like tokens to the secret heuristic.
		files: ['dist/nodes/Exchange/transport/credentialTypes.js'],
		rules: { '@n8n/community-nodes/no-hardcoded-secrets': 'off' },
	},
];
