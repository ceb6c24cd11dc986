/**
 * Defaults shown in the credentials and used by the settings readers when a field is absent (a credential
 * saved before the field existed, or one that has no such field): one value for both.
 */

/** The oldest version hybrid servers with modern authentication run (Exchange 2013 CU19 and later); Exchange Online takes any. */
export const DEFAULT_EXCHANGE_VERSION = 'Exchange2013_SP1';

/** How long one request may take, connecting to the last byte of the answer. */
export const DEFAULT_TIMEOUT_SECONDS = 60;
