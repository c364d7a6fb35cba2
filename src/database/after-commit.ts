import { Logger } from '@nestjs/common';
import type { EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

type Callback = () => void;
const pending = new WeakMap<QueryRunner, Callback[]>();

/**
 * Runs `fn` once the transaction `manager` belongs to has committed (at once when there is none),
 * and never when it rolls back. How we publish to sockets only what is really stored, also from
 * in-transaction hooks whose outer transaction someone else owns (e.g. a handover).
 */
export function afterCommit(manager: EntityManager, fn: Callback): void {
  const runner = manager.queryRunner;
  if (!runner || !runner.isTransactionActive) {
    fn();
    return;
  }
  const list = pending.get(runner) ?? [];
  list.push(fn);
  pending.set(runner, list);
}

/**
 * Registered on the DataSource by the database module. A callback that throws cannot undo the
 * commit, but its failure is never swallowed: it is logged as an error (without the payload), and
 * the other callbacks still run.
 */
export class AfterCommitSubscriber implements EntitySubscriberInterface {
  private readonly logger = new Logger('AfterCommit');

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    if (runner.isTransactionActive) return; // a savepoint was released; the real commit comes later
    const list = pending.get(runner);
    pending.delete(runner);
    for (const fn of list ?? []) {
      try {
        fn();
      } catch (error) {
        // Clients catch up over REST, but a failing listener is a bug someone must see.
        this.logger.error(`an after-commit listener failed: ${(error as Error).name}: ${(error as Error).message}`);
      }
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) pending.delete(event.queryRunner);
  }
}
