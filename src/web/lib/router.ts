/** A tiny hash router: `#/search/abc` → ['search', 'abc']; no server rewrites needed. */
import { useEffect, useState } from 'react';

/** Splits a hash into path segments. */
export function parseHash(hash: string): string[] {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  return path.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
}

/** Query parameters after `?` in the hash. */
export function hashQuery(hash: string): URLSearchParams {
  const i = hash.indexOf('?');
  return new URLSearchParams(i >= 0 ? hash.slice(i + 1) : '');
}

/** Current hash segments, updated on navigation. */
export function useRoute(): string[] {
  const [segments, setSegments] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = () => setSegments(parseHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return segments;
}

/** Goes to a path such as `/search/abc`. */
export function navigate(path: string): void {
  window.location.hash = `#${path}`;
}
