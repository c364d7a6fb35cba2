import type { MessageKey, Translate } from '../i18n/i18n.js';

/** Plain-word names for the API's codes, with a fallback that never shows a raw code to a parent. */
export function label(t: Translate, prefix: 'status' | 'regStatus' | 'caseRole' | 'scope' | 'role' | 'orgKind', code: string | null | undefined): string {
  if (!code) return t('common.unknown');
  const key = `${prefix}.${code}` as MessageKey;
  const text = t(key);
  return text === key ? code.replace(/_/g, ' ') : text;
}
