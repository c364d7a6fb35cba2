import { useCallback, useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import type { RealtimeStatus } from '../../realtime/useRealtime.js';

/**
 * A polite live region for things that happen without the user doing anything. Each announcement is
 * a new element, so the same sentence twice is read twice; focus is never moved.
 */
export function useAnnouncer(): { announce(text: string): void; region: ReactNode } {
  const [last, setLast] = useState<{ text: string; n: number }>({ text: '', n: 0 });
  const announce = useCallback((text: string) => setLast((prev) => ({ text, n: prev.n + 1 })), []);
  const region = (
    <div className="ev-visually-hidden" role="status" aria-live="polite" data-testid="live-announcement">
      {last.text ? <span key={last.n}>{last.text}</span> : null}
    </div>
  );
  return { announce, region };
}

/** One quiet line saying whether this part of the page updates by itself. */
export function LiveStatus({ status, live }: { status: RealtimeStatus; live: string }) {
  const { t } = useI18n();
  return (
    <p className="utrecht-paragraph utrecht-paragraph--small" data-testid="connection">
      {status === 'live' ? live : status === 'offline' ? t('cw.live.offline') : t('thread.connecting')}
    </p>
  );
}
