import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { isoTimestamps, logRequest, redactUrl } from './logging.js';

/** A pino logger as createPino makes it, at a fixed time, writing into an array. */
function capturingLogger(level = 'info'): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
  const logger = pino({ level, base: { pid: process.pid }, timestamp: isoTimestamps(() => Date.UTC(2026, 11, 6, 9, 30, 1, 5)) }, destination);
  return { logger, lines };
}

const request = (method: string, url: string) => ({ method, url }) as IncomingMessage;
const response = (statusCode: number, writableFinished = true) => ({ statusCode, writableFinished }) as ServerResponse;

describe('redactUrl', () => {
  it('removes invitation tokens, verification codes and query strings', () => {
    expect(redactUrl('/api/invitations/abc123/accept')).toBe('/api/invitations/[redacted]/accept');
    expect(redactUrl('/api/verify/K7QX-P2M9')).toBe('/api/verify/[redacted]');
    expect(redactUrl('/api/threads/1/messages?after=x&token=y')).toBe('/api/threads/1/messages');
  });
  it('redacts whatever the letter case or percent-encoding of the path', () => {
    expect(redactUrl('/api/Invitations/abc123/accept')).toBe('/api/Invitations/[redacted]/accept');
    expect(redactUrl('/API/INVITATIONS/abc123/ACCEPT')).toBe('/API/INVITATIONS/[redacted]/ACCEPT');
    expect(redactUrl('/Invitation/abc123')).toBe('/Invitation/[redacted]');
    expect(redactUrl('/api/Verify/K7QX-P2M9')).toBe('/api/Verify/[redacted]');
    expect(redactUrl('/api/%56erify/K7QX-P2M9')).toBe('/api/%56erify/[redacted]');
    expect(redactUrl('/api/invitations//abc123/accept')).toBe('/api/invitations//[redacted]/accept');
    expect(redactUrl('/api/verify/%E0%A4%A')).toBe('/api/verify/[redacted]');
  });
  it('keeps ordinary paths', () => {
    expect(redactUrl('/api/me')).toBe('/api/me');
  });
});

describe('isoTimestamps', () => {
  it('writes what pino\'s isoTime writes, across seconds, days and years', () => {
    let now = 0;
    const time = isoTimestamps(() => now);
    for (const at of [Date.UTC(2026, 11, 6, 6, 8, 12, 345), Date.UTC(2026, 11, 6, 6, 8, 12, 999), Date.UTC(2026, 11, 6, 6, 8, 13, 0), Date.UTC(2026, 11, 31, 23, 59, 59, 7), Date.UTC(2027, 0, 1, 0, 0, 0, 40), 0]) {
      now = at;
      expect(time()).toBe(`,"time":"${new Date(at).toISOString()}"`);
    }
  });
});

describe('logRequest', () => {
  it('writes a completed request exactly as pino writes the same entry', async () => {
    for (const [method, url, status, id] of [['GET', '/api/me', 200, 'b1c2d3e4-0000-4000-8000-000000000001'], ['POST', '/api/invitations/geheim-token/accept?x="1"', 201, 'proxy.id-7'], ['DELETE', '/api/cases/%22%5C', 404, 'x']] as const) {
      const ours = capturingLogger();
      logRequest(ours.logger, request(method, url), response(status), id, 3.4);
      const reference = capturingLogger();
      reference.logger.info({ requestId: id, req: { method, url: redactUrl(url) }, res: { statusCode: status }, responseTime: 3 }, 'request completed');
      await new Promise((r) => setImmediate(r));
      expect(ours.lines).toEqual(reference.lines);
      expect(ours.lines).toHaveLength(1);
      expect(JSON.parse(ours.lines[0])).toMatchObject({ level: 30, req: { method, url: redactUrl(url) }, msg: 'request completed' });
    }
  });

  it('writes nothing below its level, and aborted or failed requests through pino as warnings and errors', async () => {
    const quiet = capturingLogger('warn');
    logRequest(quiet.logger, request('GET', '/api/me'), response(200), 'a', 1);
    logRequest(quiet.logger, request('GET', '/api/me'), response(200, false), 'b', 1);
    logRequest(quiet.logger, request('GET', '/api/me'), response(503), 'c', 1);
    logRequest(quiet.logger, request('GET', '/health'), response(503), 'd', 1);
    await new Promise((r) => setImmediate(r));
    expect(quiet.lines.map((line) => JSON.parse(line)).map((l) => [l.level, l.requestId, l.msg])).toEqual([[40, 'b', 'request aborted'], [50, 'c', 'request errored']]);
  });
});
