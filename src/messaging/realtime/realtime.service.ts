import { Injectable, Logger } from '@nestjs/common';
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/realtime-events.js';
import type { AuthUser } from '../../auth/auth-user.js';
import type { Language } from '../../common/language.js';
import type { CaseUpdateResponse } from '../../cases/dto/update.dto.js';
import type { MessageResponse } from '../dto/message.dto.js';
import type { ThreadResponse } from '../dto/thread.dto.js';
import type { GroupMessageResponse } from '../../groups/dto/group.dto.js';

/** The server-to-server event carrying a batch of committed messages. */
const MESSAGES_PUBLISHED = 'eenverhaal:messages-published';
/** The server-to-server event moving a user's sockets into or out of rooms on the other nodes. */
const ROOMS_MOVED = 'eenverhaal:rooms-moved';

interface RoomsMoved { userId: string; rooms: string[]; move: 'socketsJoin' | 'socketsLeave' }

/** The resources in the events are the REST answers' DTOs (the web client's generated types are made from them). */
export interface ServerModels {
  message: MessageResponse;
  thread: ThreadResponse;
  caseUpdate: CaseUpdateResponse;
  groupMessage: GroupMessageResponse;
}
export type ServerEvents = ServerToClientEvents<ServerModels>;
export type ServerEventName = keyof ServerEvents;
export type PublishedMessage = Parameters<ServerEvents['message:new']>[0];

/** Between the server's own processes, through the adapter. */
export interface InterServerEvents {
  [MESSAGES_PUBLISHED]: (events: PublishedMessage[]) => void;
  [ROOMS_MOVED]: (moved: RoomsMoved) => void;
}

export interface SocketData {
  user: AuthUser;
  token: string;
  language: Language;
  typing: { windowStartedAt: number; count: number };
  /** Joined the user room: counted by the adapter from then on, no longer as a handshake in flight. */
  admitted?: boolean;
  /** The rooms (threads, groups) looked up at the handshake, joined the moment the socket connects. */
  rooms?: string[];
  /** Settles once a membership change during the handshake is settled: an event sent right after connecting waits for it. */
  joined?: Promise<void>;
}

/** The rooms a module keeps for a user beyond their user and session rooms (their threads, their groups). */
export type RoomSource = (userId: string) => Promise<string[]>;

/** socket.io typed with the shared event map (src/shared/realtime-events.ts). */
export type RealtimeServer = Server<ClientToServerEvents<ServerModels>, ServerEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents<ServerModels>, ServerEvents, InterServerEvents, SocketData>;

export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const threadRoom = (threadId: string) => `thread:${threadId}`;
/** A peer group's room (issue 19): its active members' sockets. */
export const groupRoom = (groupId: string) => `group:${groupId}`;

/** How long a socket told `server:reconnect` keeps its connection, so the packet leaves first. */
const LET_GO_MS = 100;

/**
 * Pushes to sockets, wherever they are connected: every call goes through the socket.io adapter
 * (PostgreSQL or Redis), so rooms on other processes are reached too. Services call it only after
 * their transaction committed. Room names are built here from ids, never taken from a client.
 */
@Injectable()
export class RealtimeService {
  private readonly logger = new Logger('Realtime');
  private server?: RealtimeServer;
  private readonly roomSources: RoomSource[] = [];

  /** A module's rooms for a user (called at its start): a new socket is in them from its first event on. */
  addRoomSource(source: RoomSource): void {
    this.roomSources.push(source);
  }

  /** Every room a socket of `userId` belongs in besides its user and session rooms, from every module. */
  async roomsOf(userId: string): Promise<string[]> {
    return (await Promise.all(this.roomSources.map((source) => source(userId)))).flat();
  }

  attach(server: RealtimeServer): void {
    this.server = server;
    // New messages committed by another process: deliver to this process's sockets.
    server.on(MESSAGES_PUBLISHED, (events) => this.emitLocally(events));
    // A user's sockets moved into or out of rooms by another process: the same on this one.
    server.on(ROOMS_MOVED, (moved) => this.moveLocally(moved));
  }

  /**
   * New messages, after commit: to this process's sockets directly, and to every other process in
   * ONE adapter publish for the whole batch (with PostgreSQL each publish is a NOTIFY, i.e. a commit).
   */
  publishMessages(events: PublishedMessage[]): void {
    if (!this.server || events.length === 0) return;
    this.emitLocally(events);
    this.server.serverSideEmit(MESSAGES_PUBLISHED, events);
  }

  private emitLocally(events: PublishedMessage[]): void {
    if (!this.server || !Array.isArray(events)) return;
    for (const event of events) this.server.local.to(threadRoom(event.threadId)).emit('message:new', event);
  }

  /**
   * Graceful shutdown (issue 23): tells this process's sockets to reconnect (`server:reconnect`),
   * then closes their connections, so socket.io-client reconnects on its own (reason "transport
   * close"), reaching another node, and catches up with `?after=`. Returns how many were told.
   */
  async drain(): Promise<number> {
    if (!this.server) return 0;
    const letGo = (socket: RealtimeSocket) => {
      socket.emit('server:reconnect', { reason: 'shutdown' });
      // Let the packet leave before the connection goes.
      setTimeout(() => socket.conn.close(), LET_GO_MS).unref();
    };
    const sockets = [...this.server.of('/').sockets.values()];
    sockets.forEach(letGo);
    // A client that still reaches this node from now on is let go the same way, so it lands on
    // another node and no socket is left open to hold the shutdown up.
    this.server.on('connection', letGo);
    await new Promise((resolve) => setTimeout(resolve, LET_GO_MS));
    return sockets.length;
  }

  toThread<E extends ServerEventName>(threadId: string, event: E, ...payload: Parameters<ServerEvents[E]>): void {
    this.server?.to(threadRoom(threadId)).emit(event, ...payload);
  }

  toUsers<E extends ServerEventName>(userIds: string[], event: E, ...payload: Parameters<ServerEvents[E]>): void {
    if (!this.server || userIds.length === 0) return;
    this.server.to(userIds.map(userRoom)).emit(event, ...payload);
  }

  joinThreads(userId: string, threadIds: string[]): void {
    this.moveSockets(userId, threadIds.map(threadRoom), 'socketsJoin');
  }

  leaveThreads(userId: string, threadIds: string[]): void {
    this.moveSockets(userId, threadIds.map(threadRoom), 'socketsLeave');
  }

  // Peer groups (issue 19): the groups module calls these after commit.
  toGroup<E extends ServerEventName>(groupId: string, event: E, ...payload: Parameters<ServerEvents[E]>): void {
    this.server?.to(groupRoom(groupId)).emit(event, ...payload);
  }

  joinGroups(userId: string, groupIds: string[]): void {
    this.moveSockets(userId, groupIds.map(groupRoom), 'socketsJoin');
  }

  leaveGroups(userId: string, groupIds: string[]): void {
    this.moveSockets(userId, groupIds.map(groupRoom), 'socketsLeave');
  }

  /**
   * A user's sockets join or leave rooms on this node at once, then on every other node. Not through
   * the adapter's own `socketsJoin`/`socketsLeave`: the cluster adapter changes even this node's
   * rooms only once its publish has gone out (a round trip to PostgreSQL or Redis, on any of a pool's
   * connections), so a message broadcast meanwhile could still reach a member just removed.
   */
  private moveSockets(userId: string, rooms: string[], move: RoomsMoved['move']): void {
    if (!this.server || rooms.length === 0) return;
    this.moveLocally({ userId, rooms, move });
    this.server.serverSideEmit(ROOMS_MOVED, { userId, rooms, move });
  }

  private moveLocally({ userId, rooms, move }: RoomsMoved): void {
    if (!this.server || typeof userId !== 'string' || !Array.isArray(rooms) || (move !== 'socketsJoin' && move !== 'socketsLeave')) return;
    this.server.local.in(userRoom(userId))[move](rooms);
  }

  /** Another node invalidated these sessions or users: close their sockets on this node (they reconnect with fresh state). */
  disconnectLocally(sessionIds: string[], userIds: string[]): void {
    const rooms = [...sessionIds.map(sessionRoom), ...userIds.map(userRoom)];
    if (!this.server || rooms.length === 0) return;
    this.server.local.in(rooms).disconnectSockets(true);
  }

  disconnectSessions(sessionIds: string[]): void {
    if (!this.server || sessionIds.length === 0) return;
    this.server.in(sessionIds.map(sessionRoom)).disconnectSockets(true);
    this.logger.debug(`closing sockets of ${sessionIds.length} revoked session(s)`);
  }
}
