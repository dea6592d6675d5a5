'use client';

import type { LogRecord } from '@tagtime/log';
import { type RefObject, useEffect, useRef } from 'react';
import { recordId } from './api';

/** The keys, as the hint under the table says them. */
export const KEYBOARD_HINT = 'j/k move · Enter opens · / query · Esc closes';

/**
 * The log browser's keys, anywhere on the page but in a text field: j/k move the cursor,
 * Enter opens the row under it, / focuses the query, Esc closes the open record. Without a
 * cursor, j or k puts it on the first row.
 */
export function useLogKeyboard(handlers: {
  rows: LogRecord[];
  cursorId: string | undefined;
  queryRef: RefObject<HTMLInputElement | null>;
  onCursor: (record: LogRecord, index: number) => void;
  onOpen: (record: LogRecord) => void;
  /** Closes the open record; undefined while none is open. */
  onClose: (() => void) | undefined;
}) {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing =
        target &&
        (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
      if (typing || event.metaKey || event.ctrlKey || event.altKey) return;
      const { rows, cursorId, queryRef, onCursor, onOpen, onClose } = latest.current;
      const index = rows.findIndex((record) => recordId(record) === cursorId);
      if (event.key === 'j' || event.key === 'k') {
        event.preventDefault();
        const next =
          event.key === 'j' ? Math.min(rows.length - 1, index + 1) : Math.max(0, index - 1);
        const record = rows[index < 0 ? 0 : next];
        if (record) onCursor(record, rows.indexOf(record));
      } else if (event.key === 'Enter') {
        const record = rows[index];
        if (record) {
          event.preventDefault();
          onOpen(record);
        }
      } else if (event.key === '/') {
        event.preventDefault();
        queryRef.current?.focus();
        queryRef.current?.select();
      } else if (event.key === 'Escape' && onClose) {
        onClose();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
