import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { TransactionHost } from '../src/database/transaction-host.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** The one way to publish what a change did (issue 16): after the outermost commit, never on rollback, failures not swallowed. */
describe('TransactionHost.afterCommit (integration)', () => {
  let t: TestApp;
  let host: TransactionHost;
  beforeAll(async () => {
    t = await createTestApp();
    host = t.app.get(TransactionHost);
  });
  afterAll(() => t.close());

  it('runs once the outermost transaction has committed, also when the code joined a caller’s transaction', async () => {
    const ran: string[] = [];
    await host.withTransaction(async () => {
      await host.withTransaction(async () => {
        await host.tx.query('SELECT 1');
        host.afterCommit(() => ran.push('inner'));
      });
      expect(ran).toEqual([]); // the inner "transaction" returned, but nothing is committed yet
      host.afterCommit(() => ran.push('outer'));
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['inner', 'outer']);
  });

  it('never runs when the transaction rolls back, and runs at once outside a transaction', async () => {
    const ran: string[] = [];
    await expect(host.withTransaction(async () => {
      host.afterCommit(() => ran.push('rolled back'));
      throw new Error('refused');
    })).rejects.toThrow('refused');
    expect(ran).toEqual([]);
    host.afterCommit(() => ran.push('now'));
    expect(ran).toEqual(['now']);
  });

  it('logs a failing listener as an error and still runs the others', async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => { errors.push(String(message)); });
    try {
      const ran: string[] = [];
      await host.withTransaction(async () => {
        host.afterCommit(() => { throw new TypeError('listener broke'); });
        host.afterCommit(() => ran.push('second'));
      });
      expect(ran).toEqual(['second']);
      expect(errors.some((e) => e.includes('TypeError: listener broke'))).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });
});
