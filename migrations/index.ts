// Every migration, in order. Listed explicitly so the same list works compiled and under jest (ESM).
import { Foundation1764000000000 } from './1764000000000-foundation.js';

export const migrations = [Foundation1764000000000];
