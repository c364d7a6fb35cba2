// The vocabulary lives in src/shared/roles.ts, which the web client imports too; the server's imports stay here.
export * from '../shared/roles.js';

/** The lower-case domain of an e-mail address. */
export function mailDomainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).trim().toLowerCase();
}
