/** The core TAXII conformance cases on PostgreSQL (RENKEI_TEST_PG; a unique schema per server). */
import { readCases } from './conformance/read-cases.ts';
import { writeCases } from './conformance/write-cases.ts';
import { errorCases } from './conformance/error-cases.ts';

readCases('postgres');
writeCases('postgres');
errorCases('postgres');
