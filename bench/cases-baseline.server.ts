// The baseline for `npm run bench:cases`: a bare node:http server that answers every request with
// one `SELECT 1` on a pg pool (no framework, no auth, no audit). What is left between this and the
// app is what Eenverhaal itself costs.
import http from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const server = http.createServer((req, res) => {
  pool.query('SELECT 1 AS ok').then(
    (r) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', ok: r.rows[0].ok }));
    },
    () => {
      res.writeHead(500);
      res.end();
    },
  );
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
