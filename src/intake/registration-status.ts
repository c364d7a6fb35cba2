// The status machine lives in src/shared/registration-status.ts, which the web client imports too; the server's imports stay here.
export * from '../shared/registration-status.js';
