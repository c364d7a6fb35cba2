import { Injectable, Logger } from '@nestjs/common';
import type { Server } from 'socket.io';

/** The server-to-server event carrying a batch of committed messages. */
const MESSAGES_PUBLISHED = 'eenverhaal:messages-published';

export interface PublishedMessage {
  threadId: string;
  message: { id: string };
}

export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const threadRoom = (threadId: string) => `thread:${threadId}`;

/**
 * Pushes to sockets, wherever they are connected: every call goes through the socket.io adapter
 * (PostgreSQL or Redis), so rooms on other processes are reached too. Services call it only after
 * their transaction committed. Room names are built here from ids, never taken from a client.
 */
@Injectable()
export class RealtimeService {
  private readonly logger = new Logger('Realtime');
  private server?: Server;

  attach(server: Server): void {
    this.server = server;
    // New messages committed by another process: deliver to this process's sockets.
    server.on(MESSAGES_PUBLISHED as never, ((events: PublishedMessage[]) => this.emitLocally(events)) as never);
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
    const sockets = [...this.server.of('/').sockets.values()];
    for (const socket of sockets) socket.emit('server:reconnect' as never, { reason: 'shutdown' } as never);
    // Let the packets leave before the connections go.
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const socket of sockets) socket.conn.close();
    return sockets.length;
  }

  toThread(threadId: string, event: string, payload: unknown): void {
    this.server?.to(threadRoom(threadId)).emit(event, payload);
  }

  toUsers(userIds: string[], event: string, payload: unknown): void {
    if (!this.server || userIds.length === 0) return;
    this.server.to(userIds.map(userRoom)).emit(event, payload);
  }

  joinThreads(userId: string, threadIds: string[]): void {
    if (!this.server || threadIds.length === 0) return;
    this.server.in(userRoom(userId)).socketsJoin(threadIds.map(threadRoom));
  }

  leaveThreads(userId: string, threadIds: string[]): void {
    if (!this.server || threadIds.length === 0) return;
    this.server.in(userRoom(userId)).socketsLeave(threadIds.map(threadRoom));
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
