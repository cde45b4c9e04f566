/** Language context: a typed dictionary per language, the choice kept in localStorage, dates in the local zone. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en.ts';
import { ja } from './ja.ts';

export type Lang = 'ja' | 'en';
export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { ja, en };
const STORAGE_KEY = 'renkei.lang';

export interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  /** Message for `key`, with `{name}` placeholders filled from `vars`. */
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** Date and time in the browser's time zone, in the chosen language. */
  formatDate: (epoch: number | string | null | undefined) => string;
  formatNumber: (n: number) => string;
}

/** Reads the stored language; Japanese first, since the first users are Japanese SOCs and ISACs. */
export function initialLang(): Lang {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (stored === 'ja' || stored === 'en') return stored;
  } catch {
    // Storage blocked (privacy mode): fall through to the default.
  }
  return 'ja';
}

/** Fills `{name}` placeholders. */
export function fill(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** Epoch seconds or milliseconds (the hub uses both), or an ISO string → Date. */
export function toDate(epoch: number | string): Date {
  if (typeof epoch === 'string') return new Date(epoch);
  return new Date(epoch < 1e11 ? epoch * 1000 : epoch);
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, lang: forced }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(forced ?? initialLang());
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, l);
    } catch {
      // Not stored; the choice still holds for this page.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(() => {
    const dict = DICTIONARIES[lang];
    const locale = lang === 'ja' ? 'ja-JP' : 'en-GB';
    const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const numFmt = new Intl.NumberFormat(locale);
    return {
      lang,
      setLang,
      t: (key, vars) => fill(dict[key], vars),
      formatDate: (epoch) => {
        if (epoch === null || epoch === undefined || epoch === '') return '—';
        const d = toDate(epoch);
        return Number.isNaN(d.getTime()) ? String(epoch) : dateFmt.format(d);
      },
      formatNumber: (n) => numFmt.format(n),
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language's helpers; must be inside `I18nProvider`. */
export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/** A feature's own dictionary: `en` defines the keys, `ja` must give every one of them. */
export interface FeatureMessages<K extends string> {
  en: Record<K, string>;
  ja: Record<K, string>;
}

/** Declares a feature's messages (kept beside its page, so features do not all edit en.ts/ja.ts). */
export function defineMessages<K extends string>(m: FeatureMessages<K>): FeatureMessages<K> {
  return m;
}

/** `t` for a feature's own dictionary, in the current language. */
export function useMessages<K extends string>(m: FeatureMessages<K>): (key: K, vars?: Record<string, string | number>) => string {
  const { lang } = useI18n();
  return useCallback((key: K, vars?: Record<string, string | number>) => fill(m[lang][key], vars), [m, lang]);
}
