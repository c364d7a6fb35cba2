import type { Socket } from 'socket.io-client';
import { api, ApiError } from '../api/client.js';
import type { CaseUpdate, GroupMessage, Message, Thread, User } from '../api/types.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/realtime-events.js';

/** The resources in the events, as the generated API types (the server sends its response DTOs). */
interface WebModels { message: Message; thread: Thread; caseUpdate: CaseUpdate; groupMessage: GroupMessage }
type ServerEventMap = ServerToClientEvents<WebModels>;
type AppSocket = Socket<ServerEventMap, ClientToServerEvents<WebModels>>;

/** What the server pushes, by event name (the shared map src/shared/realtime-events.ts). */
export type ServerEvents = { [E in keyof ServerEventMap]: Parameters<ServerEventMap[E]>[0] };
export type RealtimeEvent = keyof ServerEvents;

export type RealtimeStatus = 'connecting' | 'live' | 'offline';

export interface Subscriber {
  event<E extends RealtimeEvent>(name: E, payload: ServerEvents[E]): void;
  connected(): void;
  disconnected(): void;
}

/** How long the socket stays open after the last screen let go: moving between screens keeps it. */
const LINGER_MS = 15_000;
const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 30_000;

let socket: AppSocket | null = null;
let opening = false;
let status: RealtimeStatus = 'connecting';
let closeTimer: ReturnType<typeof setTimeout> | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let retryDelay = RETRY_MIN_MS;
const subscribers = new Set<Subscriber>();
const statusListeners = new Set<() => void>();

function setStatus(next: RealtimeStatus): void {
  if (status === next) return;
  status = next;
  for (const listener of [...statusListeners]) listener();
}

export function realtimeStatus(): RealtimeStatus {
  return status;
}

export function onRealtimeStatus(listener: () => void): () => void {
  statusListeners.add(listener);
  return () => { statusListeners.delete(listener); };
}

/**
 * The server closed the socket, or refused it: usually because the session ended (logout or a
 * password change elsewhere, idle expiry). Asking `GET /api/me` lets the API client report a 401
 * to the session, which shows the login form with the "you were logged out" notice. When the
 * session still lives, the socket tries again a little later.
 */
function checkSessionThenRetry(): void {
  api<User>('/api/me').then(
    () => scheduleRetry(),
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) closeSocket();
      else scheduleRetry();
    },
  );
}

function scheduleRetry(): void {
  clearTimeout(retryTimer);
  if (!socket || subscribers.size === 0) return;
  retryTimer = setTimeout(() => {
    if (socket && !socket.connected && subscribers.size > 0) socket.connect();
  }, retryDelay);
  retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
}

function openSocket(): void {
  if (socket || opening) return;
  opening = true;
  setStatus('connecting');
  // socket.io-client is loaded with the first live screen, never with the first route.
  import('socket.io-client').then(({ io }) => {
    opening = false;
    if (socket || subscribers.size === 0) return;
    // Same origin, the HttpOnly session cookie: no token in JavaScript's reach.
    const created: AppSocket = io({ path: '/socket.io', transports: ['websocket'], withCredentials: true });
    socket = created;
    created.on('connect', () => {
      retryDelay = RETRY_MIN_MS;
      setStatus('live');
      for (const s of [...subscribers]) s.connected();
    });
    created.on('disconnect', (reason) => {
      setStatus('offline');
      for (const s of [...subscribers]) s.disconnected();
      // Only a server-side close stops socket.io's own reconnecting; ours ('io client disconnect') is meant.
      if (reason === 'io server disconnect') checkSessionThenRetry();
    });
    created.on('connect_error', () => {
      setStatus('offline');
      // Not active: the server refused the handshake (e.g. not_authenticated), no automatic retry.
      if (!created.active) checkSessionThenRetry();
    });
    for (const listen of Object.values(relays)) listen(created);
  }, () => {
    opening = false;
    setStatus('offline');
  });
}

/** Hands a server event to every screen that listens. */
function relay<E extends RealtimeEvent>(name: E, payload: ServerEvents[E]): void {
  for (const s of [...subscribers]) s.event(name, payload);
}

/** One listener per event of the shared map: leaving one out, or a wrong payload, does not compile. */
const relays: { [E in RealtimeEvent]: (socket: AppSocket) => void } = {
  'message:new': (s) => s.on('message:new', (event) => relay('message:new', event)),
  'message:read': (s) => s.on('message:read', (event) => relay('message:read', event)),
  typing: (s) => s.on('typing', (event) => relay('typing', event)),
  'thread:added': (s) => s.on('thread:added', (event) => relay('thread:added', event)),
  'thread:removed': (s) => s.on('thread:removed', (event) => relay('thread:removed', event)),
  'case:update': (s) => s.on('case:update', (event) => relay('case:update', event)),
  'case:access': (s) => s.on('case:access', (event) => relay('case:access', event)),
  'plan:update': (s) => s.on('plan:update', (event) => relay('plan:update', event)),
  'analysis:update': (s) => s.on('analysis:update', (event) => relay('analysis:update', event)),
  'attachment:access-requested': (s) => s.on('attachment:access-requested', (event) => relay('attachment:access-requested', event)),
  'attachment:shared': (s) => s.on('attachment:shared', (event) => relay('attachment:shared', event)),
  'server:reconnect': (s) => s.on('server:reconnect', (event) => relay('server:reconnect', event)),
  'group:message': (s) => s.on('group:message', (event) => relay('group:message', event)),
  'group:message:hidden': (s) => s.on('group:message:hidden', (event) => relay('group:message:hidden', event)),
  'group:removed': (s) => s.on('group:removed', (event) => relay('group:removed', event)),
  'consultation:message': (s) => s.on('consultation:message', (event) => relay('consultation:message', event)),
  'consultation:closed': (s) => s.on('consultation:closed', (event) => relay('consultation:closed', event)),
  'child:voice': (s) => s.on('child:voice', (event) => relay('child:voice', event)), // issue 20
};

function closeSocket(): void {
  clearTimeout(closeTimer);
  clearTimeout(retryTimer);
  closeTimer = undefined;
  retryDelay = RETRY_MIN_MS;
  const current = socket;
  socket = null;
  current?.removeAllListeners();
  current?.close();
  setStatus('connecting');
}

/** One socket per tab, shared by every screen that listens; returns the release function. */
export function subscribe(subscriber: Subscriber): () => void {
  subscribers.add(subscriber);
  clearTimeout(closeTimer);
  closeTimer = undefined;
  openSocket();
  return () => {
    subscribers.delete(subscriber);
    if (subscribers.size === 0) {
      clearTimeout(closeTimer);
      closeTimer = setTimeout(() => { if (subscribers.size === 0) closeSocket(); }, LINGER_MS);
    }
  };
}
