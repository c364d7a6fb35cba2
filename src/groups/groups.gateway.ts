import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { SessionsService } from '../auth/sessions.service.js';
import { TransactionHost } from '../database/transaction-host.js';
import { groupRoom, RealtimeService, type RealtimeSocket } from '../messaging/realtime/realtime.service.js';
import { runSocketEvent, validatePayload } from '../messaging/realtime/socket-payload.js';
import type { Ack } from '../shared/realtime-events.js';
import { GroupMessageResponse, SocketSendGroupMessageDto } from './dto/group.dto.js';
import { GroupMessagesService } from './group-messages.service.js';

/**
 * The peer groups on the one socket.io server (same path as threads; Nest gives gateways with the
 * same path one server, whose handshake the messaging gateway authenticates). It tells the realtime
 * service which group rooms a user's sockets belong in (joined at the handshake), and takes `group:send`, which is the
 * REST send with an ack: stored first, then broadcast as `group:message`.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false })
export class GroupsGateway {
  private readonly logger = new Logger('GroupsGateway');

  constructor(
    private readonly sessions: SessionsService,
    private readonly messages: GroupMessagesService,
    private readonly txHost: TransactionHost,
    realtime: RealtimeService,
  ) {
    // The groups the user is an active member of: a new socket is in their rooms from its first event on.
    realtime.addRoomSource(async (userId) => {
      const rows = await this.txHost.tx.query(`SELECT group_id FROM peer_group_member WHERE user_id = $1 AND status = 'active'`, [userId]) as { group_id: string }[];
      return rows.map((r) => groupRoom(r.group_id));
    });
  }

  @SubscribeMessage('group:send')
  onSend(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown): Promise<Ack<{ message: GroupMessageResponse }>> {
    return runSocketEvent(socket, this.sessions, this.logger, async (user) => {
      const { groupId, ...message } = await validatePayload(SocketSendGroupMessageDto, payload);
      const { message: stored } = await this.messages.send(user, groupId.toLowerCase(), message);
      return { message: stored };
    });
  }
}
