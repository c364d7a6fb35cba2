/**
 * Every socket.io event between the server and the web client, with its payload: the one map both
 * sides type their sockets with (socket.io's `Server<ClientToServerEvents, ServerToClientEvents>`
 * on the server, `Socket<ServerToClientEvents, ClientToServerEvents>` in the browser), so a wrong
 * event name or payload does not compile on either side. Kept free of server-only imports.
 *
 * The payloads that carry an API resource (a message, a thread, a case update) name it through
 * `RealtimeModels`: the server fills in its response DTO classes, the web client the OpenAPI types
 * generated from those same classes (src/web/api/types.ts), so the shapes cannot part either.
 */
export interface RealtimeModels {
  message: object;
  thread: object;
  caseUpdate: object;
}

/** What the server pushes. The rooms decide who gets it; see src/messaging/realtime/realtime.service.ts. */
export interface ServerToClientEvents<M extends RealtimeModels = RealtimeModels> {
  /** A committed message in a thread the socket is in (in commit order, `seq` per thread). */
  'message:new': (event: { threadId: string; message: M['message'] }) => void;
  /** A member's read marker moved. */
  'message:read': (event: { threadId: string; userId: string; messageId: string }) => void;
  /** A member is typing (never to the typist). */
  typing: (event: { threadId: string; userId: string }) => void;
  /** The user joined a thread (created, added, or handed over to them): join its room. */
  'thread:added': (event: { thread: M['thread'] }) => void;
  /** The user left or lost a thread. */
  'thread:removed': (event: { threadId: string; caseId: string }) => void;
  /** A new update in a case the user sees. */
  'case:update': (event: { caseId: string; update: M['caseUpdate'] }) => void;
  /** A parent's consent changed what this user may see of the case: reload it. */
  'case:access': (event: { caseId: string }) => void;
  /** To the members who can open the attachment: someone asks them to share it. */
  'attachment:access-requested': (event: { threadId: string; attachmentId: string; requester: { userId: string; displayName: string } }) => void;
  /** To everyone who can open the attachment now: it was shared on (a request may be answered). */
  'attachment:shared': (event: { threadId: string; attachmentId: string }) => void;
  /** Issue 20: a child's voice changed; ids only (never the text). To the readers before and after the change: read it again (404 = no longer yours). */
  'child:voice': (event: { caseId: string; childId: string }) => void;
  /** This server is shutting down: the connection closes next, and socket.io reconnects to another one. */
  'server:reconnect': (event: { reason: 'shutdown' }) => void;
}

/** A refused client event: the REST error's code, text and status (see ../../shared/api.md, "Realtime"). */
export interface SocketError {
  code: string;
  message: string | string[];
  status: number;
  fields?: string[];
  retryAfter?: number;
}

/** The acknowledgement of a client event: `{ ok: true, ... }` or `{ ok: false, error }`. */
export type Ack<T extends object> = ({ ok: true } & T) | { ok: false; error: SocketError };

/** `message:send`: the body of `POST /api/threads/{id}/messages` plus the thread. */
export interface SendMessagePayload {
  threadId: string;
  body: string;
  clientMessageId: string;
  attachmentIds?: string[];
}

export interface TypingPayload {
  threadId: string;
}

/** What the client may send; the server validates every payload with the REST DTOs. */
export interface ClientToServerEvents<M extends RealtimeModels = RealtimeModels> {
  'message:send': (payload: SendMessagePayload, ack: (answer: Ack<{ message: M['message'] }>) => void) => void;
  typing: (payload: TypingPayload, ack?: (answer: Ack<object>) => void) => void;
}
