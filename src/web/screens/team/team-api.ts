import { ApiError } from '../../api/client.js';

/** `GET /api/caseload` (src/intake/dto/caseload.dto.ts), the parts the team screens use. */
export interface CounsellorLoad {
  id: string;
  displayName: string;
  activeCases: number;
  capacity: number | null;
  freeCapacity: number | null;
  regionCodes: string[];
}
export interface CapacityWarning { code: string; message: string; counsellorId?: string }
export interface Caseload {
  teamId: string;
  teamCapacity: number;
  teamCapacityConfigured: boolean;
  activeCases: number;
  openRegistrations: number;
  freeCapacity: number;
  counsellors: CounsellorLoad[];
  warnings: CapacityWarning[];
}
export interface Region { code: string; name: string }

/** `GET/PUT/DELETE /api/counsellors/{id}/credential` (src/verification/dto/credential.response.ts). */
export interface Credential {
  id: string;
  counsellorId: string;
  issuedAt: string;
  validUntil: string;
  revokedAt: string | null;
  status: 'valid' | 'expired' | 'revoked';
}

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
