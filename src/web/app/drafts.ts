/**
 * Unsaved drafts (the story a parent is writing) live in this tab's sessionStorage, so a reload
 * does not lose them. They must not outlive the session: the next person at this computer could
 * read them. Every draft key starts with DRAFT_PREFIX; logging out or a session that ends clears them.
 */
export const DRAFT_PREFIX = 'ev.draft.';

export function draftKey(kind: string, id: string): string {
  return `${DRAFT_PREFIX}${kind}.${id}`;
}

export function clearDrafts(): void {
  try {
    const keys: string[] = [];
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i);
      if (key?.startsWith(DRAFT_PREFIX) || key?.startsWith('ev.story.draft.')) keys.push(key);
    }
    for (const key of keys) sessionStorage.removeItem(key);
  } catch { /* storage unavailable: nothing kept either */ }
}
