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
  /** A peer group's message (issue 19): its author is a handle and a pseudonym, never an account. */
  groupMessage: object;
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
  /** The plan of a case changed (issue 18): to everyone who may read it now; read it again over REST. */
  'plan:update': (event: { caseId: string }) => void;
  /** The shared analysis of a case changed (a version, a position, a sign-off; issue 18): to everyone taking part who may read it now. */
  'analysis:update': (event: { caseId: string }) => void;
  /** To the members who can open the attachment: someone asks them to share it. */
  'attachment:access-requested': (event: { threadId: string; attachmentId: string; requester: { userId: string; displayName: string } }) => void;
  /** To everyone who can open the attachment now: it was shared on (a request may be answered). */
  'attachment:shared': (event: { threadId: string; attachmentId: string }) => void;
  /** Issue 20: a child's voice changed; ids only (never the text). To the readers before and after the change: read it again (404 = no longer yours). */
  'child:voice': (event: { caseId: string; childId: string }) => void;
  /** This server is shutting down: the connection closes next, and socket.io reconnects to another one. */
  'server:reconnect': (event: { reason: 'shutdown' }) => void;
  // Peer groups (issue 19): to the room of one group, whose sockets are its active members'.
  /** A committed message in a peer group the user is an active member of. */
  'group:message': (event: { groupId: string; message: M['groupMessage'] }) => void;
  /** A moderator hid a message: members drop it, moderators mark it (they keep it, with the reason, over REST). */
  'group:message:hidden': (event: { groupId: string; messageId: string }) => void;
  /** The user is no longer in the group (left, removed): leave its screen. */
  'group:removed': (event: { groupId: string }) => void;
  // The expert pool (issue 19): to the expert when the counsellor writes, to the counsellor when the expert does.
  /** A committed message in a consultation, told for the receiver (an expert never gets the counsellor's name). */
  'consultation:message': (event: { consultationId: string; status: 'requested' | 'answered' | 'closed'; message: ConsultationMessagePayload }) => void;
  /** The other party closed the consultation. */
  'consultation:closed': (event: { consultationId: string }) => void;
}

/** A consultation message as `GET /api/consultations/{id}` gives it (ConsultationMessageResponse). */
export interface ConsultationMessagePayload {
  id: string;
  author: { side: 'counsellor' | 'expert'; displayName: string | null; mine: boolean };
  body: string;
  createdAt: string;
}

/** A refused client event: the REST error's code, text and status (see ../../shared/api.md, "Realtime"). */
export interface SocketError {
  code: string;
  message: string | string[];
  status: number;
  fields?: string[];
  retryAfter?: number;
  /** `muted` (peer groups): until when the member may not write. */
  until?: string;
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

/** `group:send`: the body of `POST /api/groups/{id}/messages` plus the group. */
export interface SendGroupMessagePayload {
  groupId: string;
  body: string;
  clientMessageId: string;
}

export interface TypingPayload {
  threadId: string;
}

/** What the client may send; the server validates every payload with the REST DTOs. */
export interface ClientToServerEvents<M extends RealtimeModels = RealtimeModels> {
  'message:send': (payload: SendMessagePayload, ack: (answer: Ack<{ message: M['message'] }>) => void) => void;
  typing: (payload: TypingPayload, ack?: (answer: Ack<object>) => void) => void;
  /** Write in a peer group; refused like the REST route (404, 403 `muted` with `until`, 400 naming the field). */
  'group:send': (payload: SendGroupMessagePayload, ack: (answer: Ack<{ message: M['groupMessage'] }>) => void) => void;
}
