/**
 * One family with a very long conversation, written in SQL (no HTTP, no audit): a support team, a
 * counsellor, a parent, a case, one thread with both, `messages` messages of about 300 characters,
 * For `bench:export` and the export's memory test; `queueExport` then asks for the parent's export.
 */
type Sql = { query(sql: string, parameters?: unknown[]): Promise<unknown> };

export const LONG_CASE_MESSAGE = 'Dit is een bericht in een lang gesprek tussen de ouder en de procesbegeleider, over afspraken, bezoek en school. '.repeat(3);

export async function seedLongConversation(db: Sql, messages: number): Promise<{ parentId: string; caseId: string }> {
  const suffix = Math.random().toString(36).slice(2, 8);
  const [team] = await db.query(`INSERT INTO organisation (name, kind) VALUES ($1, 'support_team') RETURNING id`, [`Bench team ${suffix}`]) as { id: string }[];
  const [counsellor] = await db.query(
    `INSERT INTO app_user (email, display_name, role, organisation_id, password_hash) VALUES ($1, 'Bench Begeleider', 'counsellor', $2, 'x') RETURNING id`,
    [`bench-counsellor-${suffix}@example.test`, team.id]) as { id: string }[];
  const [parent] = await db.query(
    `INSERT INTO app_user (email, display_name, role, password_hash) VALUES ($1, 'Bench Ouder', 'parent', 'x') RETURNING id`,
    [`bench-parent-${suffix}@example.test`]) as { id: string }[];
  const [kase] = await db.query(
    `INSERT INTO case_file (reference, title, team_id, status, lead_counsellor_id, created_by_id) VALUES ($1, 'Lang gesprek', $2, 'active', $3, $3) RETURNING id`,
    [`EV-BENCH-${suffix}`, team.id, counsellor.id]) as { id: string }[];
  await db.query(`INSERT INTO case_participant (case_id, user_id, role) VALUES ($1, $2, 'counsellor'), ($1, $3, 'parent')`, [kase.id, counsellor.id, parent.id]);
  const [thread] = await db.query(
    `INSERT INTO message_thread (case_id, title, created_by_id, last_seq, last_message_at) VALUES ($1, 'Lang gesprek', $2, $3, now()) RETURNING id`,
    [kase.id, counsellor.id, messages]) as { id: string }[];
  await db.query(`INSERT INTO thread_member (thread_id, user_id) VALUES ($1, $2), ($1, $3)`, [thread.id, counsellor.id, parent.id]);
  await db.query(
    `INSERT INTO message (thread_id, seq, author_id, body, client_message_id, created_at)
     SELECT $1, i, CASE WHEN i % 2 = 0 THEN $2::uuid ELSE $3::uuid END, i || '. ' || $4, 'bench-' || i, now() - (($5 - i) * interval '1 minute')
       FROM generate_series(1, $5::int) i`,
    [thread.id, counsellor.id, parent.id, LONG_CASE_MESSAGE, messages]);
  return { parentId: parent.id, caseId: kase.id };
}

export async function queueExport(db: Sql, userId: string): Promise<string> {
  const [queued] = await db.query(`INSERT INTO privacy_export (user_id) VALUES ($1) RETURNING id`, [userId]) as { id: string }[];
  return queued.id;
}

/** Works the queue on this node and waits until the export is done. */
export async function exportDone(db: Sql, drain: () => Promise<void>, exportId: string): Promise<{ status: string; byte_size: string }> {
  for (;;) {
    await drain();
    const [row] = await db.query(`SELECT status, byte_size FROM privacy_export WHERE id = $1`, [exportId]) as { status: string; byte_size: string }[];
    if (row.status === 'ready' || row.status === 'failed') return row;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Samples the process's resident set size every `everyMs` while `work` runs: the baseline before and the peak during. */
export async function measureRss<T>(work: () => Promise<T>, everyMs = 20): Promise<{ result: T; baselineMiB: number; peakMiB: number; growthMiB: number; seconds: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, everyMs);
  const started = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    const mib = (n: number) => Math.round((n / 1048576) * 10) / 10;
    return { result, baselineMiB: mib(baseline), peakMiB: mib(peak), growthMiB: mib(peak - baseline), seconds: Math.round((performance.now() - started) / 100) / 10 };
  } finally {
    clearInterval(timer);
  }
}
