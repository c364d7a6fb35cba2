// The baseline for `npm run bench:cases`: a bare node:http server that answers every request by
// sending the very statements one case read of the app sends (BASELINE_STATEMENTS, captured by the
// benchmark: the session look-up, the access check, the case row, the audit insert), one after the
// other on the pool, named (prepared) where the app names them. No framework, no validation, no
// logging, no JSON shaping: what is left between this and the app is what the portal's code costs.
import http from 'node:http';
import pg from 'pg';

interface Statement { name?: string; text: string; values: unknown[] }
const revive = (value: unknown): unknown =>
  value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer' ? Buffer.from((value as { data: number[] }).data) : value;
const statements: Statement[] = (JSON.parse(process.env.BASELINE_STATEMENTS ?? '[]') as Statement[])
  .map((s) => ({ ...s, values: s.values.map(revive) }));
if (statements.length === 0) statements.push({ text: 'SELECT 1 AS ok', values: [] });

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const server = http.createServer((_req, res) => {
  void (async () => {
    const answers: unknown[][] = [];
    for (const s of statements) answers.push((await pool.query(s.name ? { name: s.name, text: s.text, values: s.values } : { text: s.text, values: s.values })).rows);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(answers.find((rows) => rows.length > 0)?.[0] ?? { status: 'ok' }));
  })().catch(() => {
    res.writeHead(500);
    res.end();
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
