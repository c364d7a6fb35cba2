// Every migration, in order. Listed explicitly so the same list works compiled and under jest (ESM).
import { Foundation1764000000000 } from './1764000000000-foundation.js';
import { CasesCore1764000001000 } from './1764000001000-cases-core.js';
import { CaseFile1764000002000 } from './1764000002000-case-file.js';

export const migrations = [
  Foundation1764000000000,
  CasesCore1764000001000,
  CaseFile1764000002000,
];
