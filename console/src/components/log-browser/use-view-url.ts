'use client';

import { useCallback, useEffect, useState } from 'react';
import { parseViewState, type ViewState, viewSearch } from './view-state';

/**
 * The view, kept in the URL: `commit` shows a view and writes it to the address (a filter
 * change is a history step, `push`; moving the selection is not, `replace`), and Back and
 * Forward bring earlier views back. `initialSearch` is the page's query string, so the
 * server's and the browser's first render agree.
 */
export function useViewUrl(initialSearch: string) {
  const [view, setView] = useState<ViewState>(() =>
    parseViewState(new URLSearchParams(initialSearch)),
  );

  const commit = useCallback((next: ViewState, mode: 'push' | 'replace' = 'push') => {
    setView(next);
    const url = `${window.location.pathname}${viewSearch(next)}`;
    if (mode === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }, []);

  useEffect(() => {
    const onPop = () => setView(parseViewState(new URLSearchParams(window.location.search)));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  return [view, commit] as const;
}
