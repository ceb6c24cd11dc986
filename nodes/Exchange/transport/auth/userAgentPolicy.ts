import { EwsError } from '../errors';
import type { HttpAnswer } from '../http/answer';
import { USER_AGENT, USER_AGENT_ALLOW_PATTERN } from '../userAgent';

/**
 * Exchange's EwsApplicationAccessPolicy admits EWS clients by User-Agent, for the organisation
 * (Set-OrganizationConfig) or one mailbox (Set-CASMailbox). A client it turns away gets a 403 whose
 * diagnostics say "Request was blocked due to a Tenant-Configured UserAgent AllowList".
 */
const ALLOW_LIST_REFUSAL = /user\s*agent\s*allow\s*list|EwsApplicationAccessPolicy/i;

export const ALLOW_LIST_COMMANDS =
	`Set-OrganizationConfig -EwsApplicationAccessPolicy EnforceAllowList -EwsAllowList @{Add="${USER_AGENT_ALLOW_PATTERN}"}` +
	`, or for one mailbox: Set-CASMailbox -Identity <mailbox> -EwsApplicationAccessPolicy EnforceAllowList -EwsAllowList @{Add="${USER_AGENT_ALLOW_PATTERN}"}`;

/** The refusal by that policy, or undefined when the 403 has another cause. */
export function userAgentRefusal(answer: HttpAnswer): EwsError | undefined {
	// The diagnostics come in a header or at the start of the page; a bounded look is enough.
	const evidence = `${answer.headers['x-ms-diagnostics'] ?? ''} ${answer.body.slice(0, 8192)}`;
	if (!ALLOW_LIST_REFUSAL.test(evidence)) return undefined;
	return new EwsError({
		code: 'UserAgentNotAllowed',
		message: `Exchange refused the request (HTTP 403): its EWS access policy (EwsApplicationAccessPolicy EnforceAllowList) does not list this node's User-Agent "${USER_AGENT}"`,
		hint: `An Exchange admin admits the node with: ${ALLOW_LIST_COMMANDS}. Keep the existing entries: @{Add=...} adds to the list.`,
		httpStatus: answer.status,
		processing: 'notProcessed',
	});
}
