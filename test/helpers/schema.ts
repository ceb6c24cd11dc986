import { SchemaValidator } from '../../sandbox/schemaValidator';

/**
 * The EWS schema is test data beside the checkout (../shared/ews-schema). Without it, the sandbox skips
 * validation and says so, and tests whose point is a schema check are skipped rather than failed.
 */
export const SCHEMA_AVAILABLE = SchemaValidator.available();

export const schemaIt = SCHEMA_AVAILABLE ? it : it.skip;
