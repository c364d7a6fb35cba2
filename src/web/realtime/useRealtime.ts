import { useEffect, useRef, useSyncExternalStore } from 'react';
import { onRealtimeStatus, realtimeStatus, subscribe, type RealtimeEvent, type RealtimeStatus, type ServerEvents } from './socket.js';

export type { RealtimeStatus, ServerEvents } from './socket.js';

export type RealtimeHandlers = { [E in RealtimeEvent]?: (payload: ServerEvents[E]) => void } & {
  /**
   * The socket (re)connected. `again` is true when this screen saw the connection drop (or mounted
   * while it was down): events may have been missed, so the screen catches up.
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
    let missed = realtimeStatus() === 'offline';
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
