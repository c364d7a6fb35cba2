// The vocabulary lives in src/shared/case-status.ts, which the web client imports too; the server's imports stay here.
export * from '../shared/case-status.js';
