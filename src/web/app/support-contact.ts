import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import type { SupportContact } from '../api/types.js';

export type { SupportContact } from '../api/types.js';

let cached: Promise<SupportContact> | null = null;

/** The support team's phone number and hours (a setting on the server; null when not configured). */
export function useSupportContact(): SupportContact | null {
  const [contact, setContact] = useState<SupportContact | null>(null);
  useEffect(() => {
    cached ??= api<SupportContact>('/api/support-contact', { anonymous: true }).catch(() => ({ phone: null, hours: null }));
    let live = true;
    void cached.then((c) => { if (live) setContact(c); });
    return () => { live = false; };
  }, []);
  return contact;
}
