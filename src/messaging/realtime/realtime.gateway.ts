import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ConnectedSocket, MessageBody, type OnGatewayConnection, type OnGatewayInit, SubscribeMessage, WebSocketGateway,
} from '@nestjs/websockets';
import type { DataSource } from 'typeorm';
import { AccessService } from '../../access/access.service.js';
import type { AuthUser } from '../../auth/auth-user.js';
import { presentedToken } from '../../auth/session-token.js';
import { SessionsService } from '../../auth/sessions.service.js';
import { pickLanguage } from '../../common/language.js';
import { AppConfig } from '../../config/app-config.js';
import { SocketSendMessageDto, TypingDto } from '../dto/message.dto.js';
import { MessagesService } from '../messages.service.js';
import { MessagingErrors } from '../messaging.errors.js';
import { RealtimeService, sessionRoom, threadRoom, userRoom, type RealtimeServer, type RealtimeSocket, type ServerModels } from './realtime.service.js';
import type { Ack } from '../../shared/realtime-events.js';
import { runSocketEvent, validatePayload } from './socket-payload.js';

type AppSocket = RealtimeSocket;

const TYPING_WINDOW_MS = 10_000;
/** How often each process re-checks the sessions of its sockets (idle and absolute expiry). */
const SESSION_SWEEP_MS = 30_000;

/** A refusal at the handshake: the client gets `connect_error` with this message and `data.code`. */
function refusal(code: string): Error & { data: { code: string } } {
  return Object.assign(new Error(code), { data: { code } });
}

/**
 * The socket.io entry point. It only authenticates, joins rooms the server chooses, validates
 * client events and hands them to the services; the services publish after commit.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false })
export class RealtimeGateway implements OnGatewayInit<RealtimeServer>, OnGatewayConnection<AppSocket>, OnModuleDestroy {
  private readonly logger = new Logger('RealtimeGateway');
  private sweepTimer?: NodeJS.Timeout;
  private server?: RealtimeServer;
  /** Handshakes of this process that passed the socket cap but have not joined their user room yet. */
  private readonly admitting = new Map<string, number>();
  private readonly allowedOrigin: string;

  constructor(
    private readonly sessions: SessionsService,
    private readonly access: AccessService,
    private readonly messages: MessagesService,
    private readonly realtime: RealtimeService,
    @Inject(AppConfig) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.allowedOrigin = new URL(config.PUBLIC_URL).origin;
    // Every thread the user may use right now (a member who still takes part in its case).
    realtime.addRoomSource(async (userId) => (await access.threadIdsOf(userId)).map(threadRoom));
  }

  afterInit(server: RealtimeServer): void {
    this.realtime.attach(server);
    this.server = server;
    server.use((socket, next) => {
      this.authenticate(socket).then(() => next(), (error: Error) => next(error));
    });
    this.sweepTimer = setInterval(() => void this.closeExpiredSessions(server).catch(() => undefined), SESSION_SWEEP_MS);
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweepTimer);
  }

  /** Same origin only (browsers send Origin; scripts without one are fine), and a valid, second-factor session. */
  private async authenticate(socket: AppSocket): Promise<void> {
    const { headers, auth } = socket.handshake;
    const origin = headers.origin;
    // PUBLIC_URL's origin, or the very host the browser connected to (same origin under another name,
    // e.g. localhost vs 127.0.0.1); a page on another site can never present either.
    const sameHost = origin !== undefined && headers.host !== undefined && URL.canParse(origin) && new URL(origin).host === headers.host;
    if (origin !== undefined && origin !== this.allowedOrigin && !sameHost) throw refusal('origin_not_allowed');
    const fromAuth = typeof auth?.token === 'string' ? auth.token : undefined;
    const token = fromAuth ?? presentedToken({ authorization: headers.authorization, cookie: headers.cookie });
    if (!token) throw refusal('not_authenticated');
    const user = await this.sessions.resolve(token).catch(() => null);
    if (!user) throw refusal('not_authenticated');
    if (!user.secondFactor) throw refusal('totp_required');
    await this.admitWithinCap(socket, user.id);
    socket.data.user = user;
    socket.data.token = token;
    socket.data.language = pickLanguage(headers['accept-language']);
    socket.data.typing = { windowStartedAt: 0, count: 0 };
    // Looked up before the socket counts as connected, so it is in its rooms from its first event on:
    // a message sent by someone else right after this socket connected still reaches it.
    socket.data.rooms = await this.realtime.roomsOf(user.id).catch((error: Error) => {
      this.logger.warn(`could not look up rooms: ${error.message}`);
      throw refusal('unavailable');
    });
  }

  /**
   * At most SOCKET_MAX_PER_USER open sockets per user over every process (per-socket limits would
   * otherwise multiply): one more is refused at the handshake with `too_many_connections`. The
   * sockets in the user's room are counted through the adapter, plus this process's handshakes in flight.
   */
  private async admitWithinCap(socket: AppSocket, userId: string): Promise<void> {
    const inFlight = this.admitting.get(userId) ?? 0;
    this.admitting.set(userId, inFlight + 1);
    let admitted = false;
    try {
      const open = await this.openSocketsOf(userId);
      if (open + inFlight >= this.config.SOCKET_MAX_PER_USER) throw refusal('too_many_connections');
      admitted = true;
    } finally {
      if (!admitted) this.release(userId);
    }
    // Until the socket joins its user room (or never connects), it counts as in flight.
    socket.once('disconnect', () => this.admitted(socket, userId));
  }

  /** Once per socket: it joined its user room (the adapter counts it now) or it went away before. */
  private admitted(socket: AppSocket, userId: string): void {
    if (socket.data.admitted) return;
    socket.data.admitted = true;
    this.release(userId);
  }

  /** Over every process; when another process does not answer in time, this process's own count. */
  private async openSocketsOf(userId: string): Promise<number> {
    if (!this.server) return 0;
    try {
      return (await this.server.in(userRoom(userId)).fetchSockets()).length;
    } catch (error) {
      this.logger.warn(`socket cap: counting over all processes failed (${(error as Error).message}); counting this process only`);
      return (await this.server.local.in(userRoom(userId)).fetchSockets()).length;
    }
  }

  private release(userId: string): void {
    const left = (this.admitting.get(userId) ?? 1) - 1;
    if (left > 0) this.admitting.set(userId, left);
    else this.admitting.delete(userId);
  }

  handleConnection(socket: AppSocket): Promise<void> {
    const user = socket.data.user;
    if (!user) {
      socket.disconnect(true);
      return Promise.resolve();
    }
    socket.join([userRoom(user.id), sessionRoom(user.sessionId), ...(socket.data.rooms ?? [])]);
    this.admitted(socket, user.id);
    socket.data.joined = this.settleRooms(socket, user.id);
    return socket.data.joined;
  }

  /**
   * A membership that changed between the handshake's look-up and joining the user room (where later
   * changes reach this socket) is settled by a second look-up: joins what was added, leaves what was removed.
   */
  private async settleRooms(socket: AppSocket, userId: string): Promise<void> {
    try {
      const before = new Set(socket.data.rooms ?? []);
      const now = new Set(await this.realtime.roomsOf(userId));
      for (const room of before) if (!now.has(room)) socket.leave(room);
      for (const room of now) if (!before.has(room)) socket.join(room);
    } catch (error) {
      this.logger.warn(`could not join rooms: ${(error as Error).message}`);
      socket.disconnect(true);
    }
  }

  @SubscribeMessage('message:send')
  onSend(@ConnectedSocket() socket: AppSocket, @MessageBody() payload: unknown): Promise<Ack<{ message: ServerModels['message'] }>> {
    return this.run(socket, async (user) => {
      const dto = await validatePayload(SocketSendMessageDto, payload);
      const { threadId, ...message } = dto;
      const { message: stored } = await this.messages.send(user, threadId.toLowerCase(), message);
      return { message: stored };
    });
  }

  @SubscribeMessage('typing')
  onTyping(@ConnectedSocket() socket: AppSocket, @MessageBody() payload: unknown): Promise<Ack<object>> {
    return this.run(socket, async (user) => {
      const { threadId } = await validatePayload(TypingDto, payload);
      const room = threadRoom(threadId.toLowerCase());
      await socket.data.joined; // typing sent right after connecting: the rooms may still be joining
      if (!socket.rooms.has(room)) throw MessagingErrors.threadNotFound();
      const typing = socket.data.typing;
      const now = Date.now();
      if (now - typing.windowStartedAt > TYPING_WINDOW_MS) {
        typing.windowStartedAt = now;
        typing.count = 0;
      }
      if (++typing.count > this.config.TYPING_MAX_PER_10_SECONDS) throw MessagingErrors.typingRateLimited();
      socket.to(room).emit('typing', { threadId: threadId.toLowerCase(), userId: user.id });
      return {};
    }, false);
  }

  /** A client event as the socket's user (see runSocketEvent). */
  private run<T extends object>(socket: AppSocket, fn: (user: AuthUser) => Promise<T>, recheckSession = true): Promise<Ack<T>> {
    return runSocketEvent(socket, this.sessions, this.logger, fn, recheckSession);
  }

  /** Idle and absolute session expiry apply to open sockets too. */
  private async closeExpiredSessions(server: RealtimeServer): Promise<void> {
    const bySession = new Map<string, AppSocket[]>();
    for (const socket of server.sockets.sockets.values()) {
      const id = socket.data.user?.sessionId;
      if (id) bySession.set(id, [...(bySession.get(id) ?? []), socket]);
    }
    if (bySession.size === 0) return;
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT s.id FROM user_session s JOIN app_user u ON u.id = s.user_id
        WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(mins => $2) AND u.disabled_at IS NULL`,
      [[...bySession.keys()], this.config.SESSION_IDLE_MINUTES],
    );
    const valid = new Set(rows.map((r) => r.id));
    for (const [id, sockets] of bySession) if (!valid.has(id)) for (const s of sockets) s.disconnect(true);
  }
}
