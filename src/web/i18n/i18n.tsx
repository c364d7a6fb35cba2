import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en.js';
import { format } from './format.js';
import { nl, type MessageKey } from './nl.js';

export type Language = 'nl' | 'en';
export type { MessageKey };
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const dictionaries: Record<Language, Record<MessageKey, string>> = { nl, en };
const STORAGE_KEY = 'ev.language';
const localeOf = (language: Language) => (language === 'nl' ? 'nl-NL' : 'en-GB');

export function translator(language: Language): Translate {
  const dictionary = dictionaries[language];
  const locale = localeOf(language);
  return (key, values) => format(dictionary[key] ?? nl[key] ?? key, values, locale);
}

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'nl' || stored === 'en') return stored;
  } catch { /* storage may be blocked: Dutch it is */ }
  return 'nl';
}

interface I18nValue { language: Language; setLanguage(language: Language): void; t: Translate; locale: string }
const I18nContext = createContext<I18nValue | null>(null);

/** Dutch first; English is a switch the user makes (remembered in this browser). */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try { localStorage.setItem(STORAGE_KEY, next); } catch { /* not remembered, still switched */ }
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
    currentLanguage = language;
  }, [language]);
  const value = useMemo<I18nValue>(() => ({
    language,
    setLanguage,
    t: translator(language),
    locale: localeOf(language),
  }), [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/**
 * A child's own words (issue 20): inside, every text that has a child version (the same key plus
 * `.forChild`, e.g. in `parts/account-child.nl.ts`) is shown in that version; the rest as it is.
 * For screens a child shares with grown-ups, such as "Mijn account".
 */
export function ChildWords({ children }: { children: ReactNode }) {
  const outer = useI18n();
  const value = useMemo<I18nValue>(() => {
    const dictionary = dictionaries[outer.language] as Record<string, string>;
    const t: Translate = (key, values) => {
      const childKey = `${key}.forChild`;
      return outer.t(childKey in dictionary ? (childKey as MessageKey) : key, values);
    };
    return { ...outer, t };
  }, [outer]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The language for code outside React (the API client's Accept-Language). */
let currentLanguage: Language = initialLanguage();
export function activeLanguage(): Language {
  return currentLanguage;
}

/** "12 mei 2026 om 14:03" / "12 May 2026 at 14:03". */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale, { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function formatDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric' });
}
