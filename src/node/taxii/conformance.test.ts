/** TAXII 2.1 conformance (medallion's cases, fixture default_data.json) on SQLite. */
import { readCases } from './conformance/read-cases.ts';
import { writeCases } from './conformance/write-cases.ts';
import { errorCases } from './conformance/error-cases.ts';

readCases('sqlite');
writeCases('sqlite');
errorCases('sqlite');
