import { EventEmitter2 } from '@nestjs/event-emitter';
import { emitInTransaction } from './in-transaction-events.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('emitInTransaction', () => {
  it('runs the listeners one after another, in the order they were added, each awaited', async () => {
    const events = new EventEmitter2();
    const seen: string[] = [];
    events.on('hook', async (payload: { n: number }) => { seen.push(`a start ${payload.n}`); await tick(); seen.push('a end'); });
    events.on('hook', async () => { seen.push('b start'); await tick(); seen.push('b end'); });
    await emitInTransaction(events, 'hook', { n: 1 });
    expect(seen).toEqual(['a start 1', 'a end', 'b start', 'b end']);
  });

  it('stops at the first listener that throws and passes its error on', async () => {
    const events = new EventEmitter2();
    let laterRan = false;
    events.on('hook', async () => { await tick(); throw new Error('refused'); });
    events.on('hook', () => { laterRan = true; });
    await expect(emitInTransaction(events, 'hook', {})).rejects.toThrow('refused');
    expect(laterRan).toBe(false);
  });

  it('does nothing for an event nobody listens to', async () => {
    await expect(emitInTransaction(new EventEmitter2(), 'nobody', {})).resolves.toBeUndefined();
  });
});
