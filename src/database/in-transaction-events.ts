import type { EventEmitter2 } from '@nestjs/event-emitter';

/**
 * Emits an in-transaction hook: its listeners run one after another, each awaited, in the caller's
 * transaction, and the first that throws rolls the whole change back. Not `emitAsync`, which starts
 * every listener at once: two listeners then send statements on the transaction's one connection
 * at the same time, which pg queues for now but deprecates (it refuses them from pg 9), and the
 * order of their statements would change from run to run.
 */
export async function emitInTransaction(events: EventEmitter2, event: string, payload: object): Promise<void> {
  for (const listener of events.listeners(event)) await listener(payload);
}
