import type { Socket } from 'socket.io-client';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseScene, connectSocket, type CaseScene } from './messaging-fixtures.js';

describe('realtime: the PostgreSQL adapter survives losing its connections (e2e)', () => {
  let t: TestApp;
  let s: CaseScene;
  const open: Socket[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    s = await caseScene(t.factories);
    open.push(await connectSocket(t.baseUrl, { token: s.parent.token }));
  });
  afterAll(async () => {
    for (const socket of open) socket.disconnect();
    await t.close();
  });

  it('keeps serving when the database drops the adapter\'s LISTEN connection (as in a restart)', async () => {
    const killed: { pid: number }[] = await t.dataSource.query(
      `SELECT pid FROM pg_stat_activity WHERE application_name = 'eenverhaal-socket.io' AND datname = current_database()`,
    );
    expect(killed.length).toBeGreaterThan(0);
    await t.dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'eenverhaal-socket.io' AND datname = current_database()`);
    // An unhandled 'error' on the checked-out LISTEN client would have crashed this process by now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await t.http().get('/health').expect(200);
    const again = await connectSocket(t.baseUrl, { token: s.parent.token });
    open.push(again);
    expect(again.connected).toBe(true);
  });
});
