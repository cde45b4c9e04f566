/**
 * The body of MISP's `GET /attributes/describeTypes.json` (types, categories, sane defaults, category →
 * type mappings). `describe-types.json` is PyMISP `pymisp/data/describeTypes.json` at 99a1c79
 * (BSD-2-Clause, © CIRCL/PyMISP contributors), minified; it is MISP's public schema, served as is.
 */
import { readFileSync } from 'node:fs';

export interface DescribeTypes {
  result: {
    types: string[];
    categories: string[];
    sane_defaults: Record<string, { default_category: string; to_ids: number }>;
    category_type_mappings: Record<string, string[]>;
  };
}

let cached: DescribeTypes | undefined;

/** Loads the describeTypes body once. */
export function describeTypes(): DescribeTypes {
  cached ??= JSON.parse(readFileSync(new URL('./describe-types.json', import.meta.url), 'utf8')) as DescribeTypes;
  return cached;
}
