// The vocabulary lives in src/shared/intake-vocabulary.ts, which the web client imports too; the server's imports stay here.
export * from '../shared/intake-vocabulary.js';
