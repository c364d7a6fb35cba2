// The yardstick for `npm run bench:http`: a bare Express handler that answers GET /api/me with a
// fixed user of the same shape, no middleware, no database. Runs as its own process, like the app.
import express from 'express';

const port = Number(process.env.PORT ?? 0);
const app = express();
app.disable('x-powered-by');
const me = {
  id: '6f1d5c1e-2b7a-4f52-9a43-1f0f9d3c2a10',
  email: 'bench-parent@example.test',
  displayName: 'Bench Ouder',
  role: 'parent',
  organisation: null,
  totpEnabled: false,
};
app.get('/api/me', (_req, res) => {
  res.json(me);
});
const server = app.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
