/** Where the global setup leaves the packed package for the suites. */
export const TARBALL_ENV = 'EXCHANGE_EWS_E2E_TARBALL';
