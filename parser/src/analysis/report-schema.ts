// The report's JSON Schema: report.schema.json is the one copy, published as is and used by the validator.
import schema from './report.schema.json' with { type: 'json' };
import type { SchemaNode } from './schema-validate.js';

export const REPORT_SCHEMA = schema as SchemaNode & Record<string, unknown>;
