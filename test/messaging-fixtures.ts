import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { Role } from '../src/accounts/roles.js';
import type { CaseRole } from '../src/cases/case-vocabulary.js';
import type { Factories, TestUser } from './helpers/factories.js';

export interface CaseScene {
  caseId: string;
  teamId: string;
  counsellor: TestUser;
  parent: TestUser;
  guardian: TestUser;
  outsider: TestUser;
}

/** A case run by a team, with a counsellor, a parent and a guardian taking part, and an outsider of the same team who does not. */
export async function caseScene(factories: Factories): Promise<CaseScene> {
  const team = await factories.organisation('support_team');
  const counsellor = await factories.user('counsellor', { organisationId: team.id });
  const parent = await factories.user('parent');
  const guardian = await factories.user('partner');
  const outsider = await factories.user('counsellor', { organisationId: team.id });
  const { id: caseId } = await factories.case({ teamId: team.id, createdById: counsellor.id, title: 'Testzaak' });
  await factories.participant(caseId, counsellor.id, 'counsellor');
  await factories.participant(caseId, parent.id, 'parent');
  await factories.participant(caseId, guardian.id, 'guardian');
  return { caseId, teamId: team.id, counsellor, parent, guardian, outsider };
}

export const clientId = () => randomUUID();

/** A connected socket.io client; rejects with the connect_error. Always close it (`socket.close()`). */
export function connectSocket(baseUrl: string, options: { token?: string; headers?: Record<string, string> } = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(baseUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: options.token ? { token: options.token } : {},
      extraHeaders: options.headers,
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Resolves with the next `event` on `socket`, or rejects after `ms`. */
export function nextEvent<T = unknown>(socket: Socket, event: string, ms = 3000, filter: (payload: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const listener = (payload: T) => {
      if (!filter(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Resolves true if `event` does NOT arrive within `ms`. */
export async function noEvent(socket: Socket, event: string, ms: number): Promise<boolean> {
  try {
    await nextEvent(socket, event, ms);
    return false;
  } catch {
    return true;
  }
}

export function waitForDisconnect(socket: Socket, ms = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (socket.disconnected) {
      resolve('already');
      return;
    }
    const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}
