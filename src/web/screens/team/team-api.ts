import { ApiError } from '../../api/client.js';

// The API's shapes come from the OpenAPI document (../../api/types.ts); the names stay for the team screens.
export type { CapacityWarning, Caseload, CounsellorLoad, Credential, Region } from '../../api/types.js';

/**
 * The server names the offending field of a 400: `field` for a domain refusal (its message is
 * "field: text" in the user's language), `fields` for a validation failure (class-validator's
 * English text). Returns what to show next to that field, or null when the error is not about it.
 * For validation failures the screen's own plain-language text (`fallback`) is shown instead.
 */
export function fieldError(error: unknown, field: string, fallback: string): string | null {
  if (!(error instanceof ApiError)) return null;
  const body = error.body as { field?: unknown; fields?: unknown; message?: unknown };
  if (body.field === field) {
    const text = String(body.message ?? error.message);
    const own = text.startsWith(`${field}: `) ? text.slice(field.length + 2) : text;
    return own ? own.charAt(0).toUpperCase() + own.slice(1) : fallback;
  }
  if (Array.isArray(body.fields) && body.fields.includes(field)) return fallback;
  return null;
}

/** True when the error names one of these fields (then it is shown there, not as a general alert). */
export function isFieldError(error: unknown, fields: string[]): boolean {
  if (!(error instanceof ApiError)) return false;
  const body = error.body as { field?: unknown; fields?: unknown };
  if (typeof body.field === 'string' && fields.includes(body.field)) return true;
  return Array.isArray(body.fields) && body.fields.some((f) => fields.includes(String(f)));
}

/** A date as "2027-06-30" in the browser's time zone (the value of a date input). */
export function dateInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
