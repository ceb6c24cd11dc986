import type { NodeEgressFilter } from 'n8n-workflow';
import { getProxyForUrl } from 'proxy-from-env';
import { EwsError } from '../errors';

/**
 * n8n's outbound-request policy (N8N_SSRF_PROTECTION_ENABLED and its allow and block lists) for the
 * connections the node opens itself: n8n applies it to its own HTTP helper, and offers it to nodes with
 * their own clients as `helpers.getSecureEgressFilter()` (n8n-workflow 2.x). Older n8n versions, and
 * contexts without it (n8n's credential test), offer none: the node then connects as before.
 */
export function egressFilterOf(helpers: unknown): NodeEgressFilter | undefined {
	const offered = (helpers as { getSecureEgressFilter?: unknown } | undefined)?.getSecureEgressFilter;
	return typeof offered === 'function' ? (offered as () => NodeEgressFilter).call(helpers) : undefined;
}

const filterIds = new WeakMap<NodeEgressFilter, number>();
let nextFilterId = 1;

/** Tells filters apart in pool keys: connections opened under one policy are not reused under another. */
export function egressKey(filter: NodeEgressFilter | undefined): number {
	if (!filter) return 0;
	let id = filterIds.get(filter);
	if (id === undefined) {
		id = nextFilterId++;
		filterIds.set(filter, id);
	}
	return id;
}

/** A connection n8n's policy refused, for whichever HTTP client applied the policy. */
export function blockedByPolicy(url: URL, error: Error): EwsError {
	return new EwsError({
		code: 'BlockedByN8nPolicy',
		message: `n8n's outbound request policy does not allow connections to ${url.host}: ${error.message}`,
		hint: 'The n8n instance protects internal addresses (N8N_SSRF_PROTECTION_ENABLED). An n8n admin allows the Exchange server with N8N_SSRF_ALLOWED_HOSTNAMES (e.g. mail.contoso.com) or N8N_SSRF_ALLOWED_IP_RANGES.',
		processing: 'notProcessed',
	});
}

/**
 * The check before anything is sent: the target (its name resolved and every address checked) and an HTTP
 * proxy given as an IP address, which no DNS lookup will see. The agent's lookup checks the addresses again
 * when it connects, so a name that resolves differently by then is caught too.
 */
export async function checkEgress(filter: NodeEgressFilter, url: URL): Promise<void> {
	const proxy = getProxyForUrl(url.href);
	if (proxy) {
		const proxyCheck = filter.validateConnectionHost(new URL(proxy).hostname);
		if (!proxyCheck.ok) throw blockedByPolicy(url, proxyCheck.error);
	}
	const result = await filter.validateUrl(url);
	if (!result.ok) throw blockedByPolicy(url, result.error);
}
