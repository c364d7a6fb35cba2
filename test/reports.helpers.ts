import { jest } from '@jest/globals';
import { bearer, type TestUser } from './helpers/factories.js';
import type { TestApp } from './helpers/test-app.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Runs `tasks` a few at a time (fast, without flooding the test server). */
export async function inBatches<T>(items: T[], size: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map((item, j) => task(item, i + j)));
  }
}

/**
 * Runs `fn` while the application's clock (Date only; timers run normally) stands at `instant`: the
 * team did its work back then. Intake records a status change at the moment it is entered, so a
 * month-end status of a past month can only be built over HTTP by entering it in that month.
 */
export async function atInstant<T>(instant: string, fn: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({
    now: new Date(instant),
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame',
      'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
  try {
    return await fn();
  } finally {
    jest.useRealTimers();
  }
}

export interface EnteredRegistration {
  receivedAt: string;
  route?: 'parent' | 'child' | 'professional' | 'other';
  registrantType?: 'mother' | 'father' | 'both_parents' | 'child' | 'professional' | 'other';
  /** Hours after receipt of the first phone contact; null: none. */
  contactAfterHours?: number | null;
  /** Days after receipt the welcome talk was planned; null: not planned. */
  welcomeAfterDays?: number | null;
  /** The status it ends in (after contacted / welcome planned). */
  finalStatus?: 'new' | 'contacted' | 'welcome_planned' | 'in_guidance' | 'out_of_scope' | 'closed' | 'dormant' | 'not_started';
}

/**
 * Enters a registration the way a coordinator does (with its real receivedAt), and walks it through
 * its statuses over HTTP; `in_guidance` is reached by turning it into a case (its caseId returned).
 */
export async function enterRegistration(t: TestApp, coordinator: TestUser, r: EnteredRegistration): Promise<{ id: string; caseId: string | null }> {
  const res = await t.http().post('/api/registrations').set(bearer(coordinator)).send({
    route: r.route ?? 'parent', registrantType: r.registrantType ?? 'mother', name: 'Test Aanmelder', message: 'Aanmelding per telefoon.',
    consentToContact: true, channel: 'phone', receivedAt: r.receivedAt,
  });
  if (res.status !== 201) throw new Error(`enter registration: ${res.status} ${JSON.stringify(res.body)}`);
  const id: string = res.body.id;
  const received = new Date(r.receivedAt).getTime();
  const patch = async (body: object) => {
    const p = await t.http().patch(`/api/registrations/${id}`).set(bearer(coordinator)).send(body);
    if (p.status !== 200) throw new Error(`patch registration ${JSON.stringify(body)}: ${p.status} ${JSON.stringify(p.body)}`);
  };
  const final = r.finalStatus ?? 'new';
  if (final === 'new') return { id, caseId: null };
  if (r.contactAfterHours !== null) {
    await patch({ status: 'contacted', firstContactAt: new Date(received + (r.contactAfterHours ?? 20) * HOUR).toISOString() });
  }
  if (r.welcomeAfterDays !== null && r.welcomeAfterDays !== undefined) {
    await patch({ status: 'welcome_planned', welcomeTalkPlannedAt: new Date(received + r.welcomeAfterDays * DAY).toISOString() });
  }
  if (final === 'in_guidance') {
    const c = await t.http().post(`/api/registrations/${id}/case`).set(bearer(coordinator)).send({});
    if (c.status !== 201) throw new Error(`convert registration: ${c.status} ${JSON.stringify(c.body)}`);
    return { id, caseId: c.body.caseId };
  }
  if (final === 'out_of_scope') await patch({ status: 'out_of_scope', outOfScopeReason: 'Niet gedupeerd door de toeslagenaffaire.' });
  else if (!['contacted', 'welcome_planned'].includes(final)) await patch({ status: final });
  return { id, caseId: null };
}

export function monthly(t: TestApp, user: TestUser, query: string) {
  return t.http().get(`/api/reports/monthly?${query}`).set(bearer(user));
}

/** A small RFC 4180 parser (quoted fields, doubled quotes, CRLF), to check what spreadsheets will read. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}
