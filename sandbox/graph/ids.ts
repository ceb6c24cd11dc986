/**
 * Graph's ids for the store's items and folders. Exchange gives the same item a different id over Graph (a
 * REST id) than over EWS; the sandbox does too, so that nothing can mix them up unnoticed: a Graph id is the
 * store id behind a prefix, base64url-encoded.
 */
const PREFIX = 'AAMkG';

export function graphId(storeId: string): string {
	return PREFIX + Buffer.from(storeId, 'utf8').toString('base64url');
}

/** The store id behind a Graph id; undefined for anything that is not one (an EWS id, a made-up value). */
export function storeIdOf(id: string): string | undefined {
	if (!id.startsWith(PREFIX)) return undefined;
	const storeId = Buffer.from(id.slice(PREFIX.length), 'base64url').toString('utf8');
	return graphId(storeId) === id ? storeId : undefined;
}
