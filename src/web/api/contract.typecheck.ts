/**
 * Compile-time checks of the typed contract: `tsc -p src/web/tsconfig.json` (part of
 * `npm run build:web` and `npm test`) fails when a line marked @ts-expect-error compiles after
 * all, i.e. when the types stopped catching the mistake. Never imported, never bundled.
 */
import type { Socket as ClientSocket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/realtime-events.js';
import { api, download } from './client.js';
import type { CaseUpdate, GroupMessage, Message, Thread } from './types.js';

type WebModels = { message: Message; thread: Thread; caseUpdate: CaseUpdate; groupMessage: GroupMessage };

export function apiPathsAreTheDocumentedOnes(caseId: string): void {
  void api(`/api/cases/${caseId}/threads`);
  void api(`/api/threads/${caseId}/messages?limit=200&after=${caseId}`);
  void download(`/api/attachments/${caseId}`);
  // @ts-expect-error a route the OpenAPI document does not have
  void api(`/api/case/${caseId}/threads`);
  // @ts-expect-error a misspelt static route
  void api('/api/caseloads');
}

export function socketEventsAreTheSharedMap(socket: ClientSocket<ServerToClientEvents<WebModels>, ClientToServerEvents<WebModels>>): void {
  socket.on('message:new', ({ message }) => void message.attachments.map((a) => a.id));
  socket.emit('typing', { threadId: 'a' });
  socket.emit('message:send', { threadId: 'a', body: 'b', clientMessageId: 'c' }, (answer) => {
    if (answer.ok) void answer.message.seq;
    else void answer.error.code;
  });
  // @ts-expect-error an event the server never sends
  socket.on('message:created', () => undefined);
  // @ts-expect-error a payload the server does not send (message:read has no `message`)
  socket.on('message:read', ({ message }: { message: Message }) => void message);
  // @ts-expect-error a client event without its thread
  socket.emit('typing', {});
}
