import { useCallback, useEffect, useRef, useState } from 'react';
import { api, download } from '../../api/client.js';
import { pgp } from '../../crypto/pgp-client.js';
import type { Recipients, ThreadAttachment, ThreadAttachmentList } from '../../api/types.js';
import type { AttachmentMetadata } from '../../crypto/protocol.js';
import { useRealtime } from '../../realtime/useRealtime.js';

// The API's shapes come from the OpenAPI document (../../api/types.ts).
export type { AttachmentPerson, Recipients, ThreadAttachment } from '../../api/types.js';

export interface ThreadAttachments {
  maxUploadBytes: number;
  items: ThreadAttachment[];
  byId: Map<string, ThreadAttachment>;
  reload(): void;
}

const MIB = 1024 * 1024;
/** Room the encryption itself takes in an upload: a PKESK per member key, packet headers, the integrity check. */
const ENCRYPTION_ROOM = 64 * 1024;

/** The largest file we encrypt, so that the upload stays within the server's limit; whole megabytes when it is that large. */
export function fileLimit(maxUploadBytes: number): number {
  const room = maxUploadBytes - ENCRYPTION_ROOM;
  return room >= MIB ? Math.floor(room / MIB) * MIB : Math.max(room, 0);
}

/**
 * The thread's attachments as the server sees them for this user — who can open each, who asked —
 * kept fresh by the socket: a new message with an attachment, a request, a share. `onEvent` lets
 * the screen say what happened (politely, in its live region).
 */
export function useThreadAttachments(threadId: string, me: string, onEvent: (event: { kind: 'requested'; name: string } | { kind: 'opened' }) => void): ThreadAttachments | null {
  const [state, setState] = useState<Omit<ThreadAttachments, 'reload'> | null>(null);
  const current = useRef(state);
  const tell = useRef(onEvent);
  useEffect(() => { tell.current = onEvent; });
  const reload = useCallback(() => {
    api<ThreadAttachmentList>(`/api/threads/${threadId}/attachments`).then(
      (answer) => {
        const previous = current.current;
        // A file this user could not open before and now can: say so.
        if (previous && answer.items.some((item) => item.canOpen && previous.byId.get(item.id)?.canOpen === false)) tell.current({ kind: 'opened' });
        current.current = { ...answer, byId: new Map(answer.items.map((item) => [item.id, item])) };
        setState(current.current);
      },
      () => undefined,
    );
  }, [threadId]);
  useEffect(reload, [reload]);
  useRealtime({
    connect: (again) => { if (again) reload(); },
    'message:new': (event) => { if (event.threadId === threadId && event.message.attachments?.length) reload(); },
    'attachment:access-requested': (event) => {
      if (event.threadId !== threadId) return;
      if (event.requester.userId !== me) tell.current({ kind: 'requested', name: event.requester.displayName });
      reload();
    },
    'attachment:shared': (event) => { if (event.threadId === threadId) reload(); },
  });
  return state ? { ...state, reload } : null;
}

/** Decrypted names, by attachment: the same for everyone who can open it, so asked once per page. */
const metadataCache = new Map<string, AttachmentMetadata>();

/** The attachment's name, size and type once the key is open and the file is for this key; null until then. */
export function useAttachmentMetadata(item: ThreadAttachment | undefined, unlocked: boolean): AttachmentMetadata | null {
  const id = item?.id;
  const readable = Boolean(item?.hasMetadata && item.canOpen && unlocked);
  const [metadata, setMetadata] = useState<AttachmentMetadata | null>(() => (id ? metadataCache.get(id) ?? null : null));
  useEffect(() => {
    if (!id || !readable) return;
    const cached = metadataCache.get(id);
    if (cached) { setMetadata(cached); return; }
    let live = true;
    download(`/api/attachments/${id}/metadata`)
      .then((small) => pgp.readMetadata(small))
      .then((found) => {
        metadataCache.set(id, found);
        if (live) setMetadata(found);
      }, () => undefined);
    return () => { live = false; };
  }, [id, readable]);
  return readable ? metadata : null;
}

/**
 * Shares an attachment on with these members (their current keys): the session key comes from the
 * small metadata message when there is one (no need to fetch the whole file), and only the new
 * PKESK packets go up. Returns how many members it was shared with.
 */
export async function shareAttachment(threadId: string, item: ThreadAttachment, include: (userId: string) => boolean): Promise<number> {
  const recipients = await api<Recipients>(`/api/threads/${threadId}/recipients`);
  const keys = recipients.keys.filter((k) => include(k.userId));
  if (keys.length === 0) return 0;
  const carrier = await download(item.hasMetadata ? `/api/attachments/${item.id}/metadata` : `/api/attachments/${item.id}`);
  const packets = await pgp.share(carrier, keys.map((k) => k.publicKey));
  await api(`/api/attachments/${item.id}/recipients`, { method: 'POST', raw: { data: packets.data as BlobPart as BodyInit, contentType: 'application/octet-stream' } });
  return keys.length;
}
