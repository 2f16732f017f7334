import { REPORT_SCHEMA } from './report-schema.js';
import { validateSchema, type SchemaError } from './schema-validate.js';

/** Validate a report against the report JSON Schema; returns the violations (empty when valid). */
export function validateReport(report: unknown): SchemaError[] {
  return validateSchema(REPORT_SCHEMA, report);
}
