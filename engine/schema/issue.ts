// One validation issue: where (a JSON Pointer) and what was expected. A leaf module, so the
// checkers validate.ts runs (economics.ts, untrusted.ts) can name it without importing
// validate.ts back (a type-only import cycle).
export interface ValidationIssue {
  /** JSON Pointer of the offending value ('' is the document root). */
  path: string;
  message: string;
}
