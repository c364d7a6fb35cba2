/**
 * Compile-time checks of the server's side of the shared socket event map
 * (src/shared/realtime-events.ts): `tsc -p tsconfig.json` (the first step of `npm test`) fails
 * when a line marked @ts-expect-error compiles after all. Not a jest file; never run.
 */
import type { RealtimeService, RealtimeSocket } from '../src/messaging/realtime/realtime.service.js';
import type { MessageResponse } from '../src/messaging/dto/message.dto.js';

export function serverEmitsOnlyMappedEvents(realtime: RealtimeService, socket: RealtimeSocket, message: MessageResponse): void {
  realtime.toThread('t', 'message:read', { threadId: 't', userId: 'u', messageId: 'm' });
  realtime.toUsers(['u'], 'case:access', { caseId: 'c' });
  socket.emit('message:new', { threadId: 't', message });
  // @ts-expect-error an event the web client does not know
  realtime.toUsers(['u'], 'case:accessed', { caseId: 'c' });
  // @ts-expect-error thread:removed carries the case too
  realtime.toUsers(['u'], 'thread:removed', { threadId: 't' });
  // @ts-expect-error a message is the whole MessageResponse, not just its id
  socket.emit('message:new', { threadId: 't', message: { id: 'm' } });
}
