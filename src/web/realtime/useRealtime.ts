import { useEffect, useRef, useSyncExternalStore } from 'react';
import { onRealtimeStatus, realtimeStatus, subscribe, type RealtimeEvent, type RealtimeStatus, type ServerEvents } from './socket.js';

export type { RealtimeStatus, ServerEvents } from './socket.js';

export type RealtimeHandlers = { [E in RealtimeEvent]?: (payload: ServerEvents[E]) => void } & {
  /**
   * The socket (re)connected. `again` is true when this screen saw the connection drop (or mounted
   * before it was live): events may have been missed, so the screen catches up.
   */
  connect?: (again: boolean) => void;
};

/**
 * Listens to the tab's one shared socket while the calling screen is mounted. The handlers may be
 * new functions on every render (the latest ones are called); the socket is not reopened for that.
 */
export function useRealtime(handlers: RealtimeHandlers): RealtimeStatus {
  const latest = useRef(handlers);
  useEffect(() => { latest.current = handlers; });
  const status = useSyncExternalStore(onRealtimeStatus, realtimeStatus);
  useEffect(() => {
    // Mounted before the socket is live: what the screen loaded may race the socket joining its
    // rooms, so its first connect catches up too.
    let missed = realtimeStatus() !== 'live';
    return subscribe({
      event(name, payload) {
        (latest.current[name] as ((p: typeof payload) => void) | undefined)?.(payload);
      },
      connected() {
        const again = missed;
        missed = false;
        latest.current.connect?.(again);
      },
      disconnected() { missed = true; },
    });
  }, []);
  return status;
}
