import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { bearer } from './helpers/factories.js';
import { caseScene, clientId, connectSocket, type CaseScene } from './messaging-fixtures.js';
import { clusterDatabase, startAppProcess, type AppProcess } from './realtime-cluster.js';

interface Message { id: string; seq: number; clientMessageId: string }

/**
 * A receiving client as a real one would be written: it keeps what arrives live, and after a
 * reconnect (or on a gap in `seq`) catches up with ?after=<last message it has without gaps>.
 */
class Receiver {
  readonly messages = new Map<number, Message>();
  socket?: Socket;

  constructor(private readonly threadId: string, private readonly token: string) {}

  async connect(url: string): Promise<void> {
    this.socket = await connectSocket(url, { token: this.token });
    this.socket.on('message:new', (event: { threadId: string; message: Message }) => {
      if (event.threadId === this.threadId) this.messages.set(event.message.seq, event.message);
    });
  }

  /** The last message before the first gap: everything up to it is known to be complete. */
  private lastContiguous(): Message | undefined {
    let last: Message | undefined;
    for (let seq = 1; this.messages.has(seq); seq++) last = this.messages.get(seq);
    return last;
  }

  async catchUp(url: string): Promise<void> {
    const get = async (query: string) => {
      const page = await request(url).get(`/api/threads/${this.threadId}/messages?limit=200${query}`).set(bearer({ token: this.token })).expect(200);
      for (const m of page.body.items as Message[]) this.messages.set(m.seq, m);
      return page.body.nextCursor as string | null;
    };
    let cursor = this.lastContiguous()?.id ?? null;
    if (!cursor) {
      // Nothing complete yet: read the whole thread, newest page first, then backwards.
      let before = await get('');
      while (before) before = await get(`&before=${before}`);
      return;
    }
    while (cursor) cursor = await get(`&after=${cursor}`);
  }

  close(): void {
    this.socket?.close();
  }
}

describe('reliability: an app process is killed while clients send (e2e)', () => {
  let db: Awaited<ReturnType<typeof clusterDatabase>>;
  let a: AppProcess;
  let b: AppProcess;
  let s: CaseScene;
  let threadId: string;

  beforeAll(async () => {
    db = await clusterDatabase();
    [a, b] = await Promise.all([startAppProcess(db.url), startAppProcess(db.url)]);
    s = await caseScene(db.factories);
    threadId = (await request(b.url).post(`/api/cases/${s.caseId}/threads`).set(bearer(s.counsellor))
      .send({ title: 'Betrouwbaar', memberIds: [s.parent.id, s.guardian.id] }).expect(201)).body.id;
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  }, 60_000);

  it('stores every acknowledged message exactly once, and every member has all of them after reconnect + catch-up', async () => {
    const onA = new Receiver(threadId, s.guardian.token);
    const onB = new Receiver(threadId, s.counsellor.token);
    await onA.connect(a.url);
    await onB.connect(b.url);
    let sender = await connectSocket(a.url, { token: s.parent.token });

    const acked = new Map<string, string>(); // clientMessageId -> message id
    const unacked = new Set<string>();
    const send = async (socket: Socket, id: string) => {
      unacked.add(id);
      try {
        const ack = await socket.timeout(3000).emitWithAck('message:send', { threadId, body: `bericht ${id}`, clientMessageId: id });
        if (ack.ok) {
          acked.set(id, ack.message.id);
          unacked.delete(id);
        }
      } catch {
        // no answer: the process died; retried below
      }
    };

    // Four sends in flight at a time on process A; A is killed in the middle of it.
    let killed = false;
    const workers = Array.from({ length: 4 }, async () => {
      while (!killed) await send(sender, clientId());
    });
    while (acked.size < 40) await new Promise((r) => setTimeout(r, 5));
    a.process.kill('SIGKILL');
    killed = true;
    await Promise.all(workers);
    await new Promise((r) => a.process.exitCode !== null || a.process.signalCode !== null ? r(null) : a.process.once('exit', r));
    sender.close();
    onA.close();
    expect(acked.size).toBeGreaterThanOrEqual(40);

    // Everyone reconnects to B. The sender retries what had no answer (same clientMessageId), then goes on.
    sender = await connectSocket(b.url, { token: s.parent.token });
    await onA.connect(b.url);
    const retried = [...unacked];
    for (const id of retried) await send(sender, id);
    expect([...unacked]).toEqual([]);
    for (let i = 0; i < 10; i++) await send(sender, clientId());
    await onA.catchUp(b.url);
    await onB.catchUp(b.url);
    await new Promise((r) => setTimeout(r, 300));
    await onA.catchUp(b.url);
    await onB.catchUp(b.url);

    // Exactly once in the database.
    const stored: { client_message_id: string; n: number }[] = await db.dataSource.query(
      `SELECT client_message_id, count(*)::int AS n FROM message WHERE thread_id = $1 GROUP BY client_message_id`, [threadId]);
    expect(stored.filter((r) => r.n !== 1)).toEqual([]);
    const storedIds = new Set(stored.map((r) => r.client_message_id));
    for (const id of acked.keys()) expect(storedIds.has(id)).toBe(true);
    // Sequence numbers have no gaps.
    const [{ max, n }] = await db.dataSource.query(`SELECT max(seq)::int AS max, count(*)::int AS n FROM message WHERE thread_id = $1`, [threadId]);
    expect(max).toBe(n);
    // Every member has every acknowledged message.
    for (const receiver of [onA, onB]) {
      const have = new Set([...receiver.messages.values()].map((m) => m.id));
      const missing = [...acked.values()].filter((id) => !have.has(id));
      expect(missing).toEqual([]);
      expect(receiver.messages.size).toBe(n);
    }
    sender.close();
    onA.close();
    onB.close();
  }, 60_000);
});
