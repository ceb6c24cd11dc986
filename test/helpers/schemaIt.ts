import { SCHEMA_AVAILABLE } from './schema';

/** A test whose point is a schema check: skipped, and reported as skipped, without ../shared/ews-schema. */
export const schemaIt = SCHEMA_AVAILABLE ? it : it.skip;
