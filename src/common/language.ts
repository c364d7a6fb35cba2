import type { Text } from './domain-error.js';

export type Language = keyof Text;

/** Dutch unless the client prefers English (Accept-Language), as the design asks: Dutch first. */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'nl';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.split('-')[0], q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag === 'nl' || entry.tag === 'en')
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.tag as Language | undefined) ?? 'nl';
}
