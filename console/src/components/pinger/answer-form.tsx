'use client';

import { type FormEvent, type KeyboardEvent, useMemo, useState } from 'react';
import { completeWith, currentWord, filterTags, typedTags } from '@/lib/pinger/tags';

interface Props {
  /** The pings this answer is for (one, or the missed ones picked). */
  pings: number[];
  label: string;
  chips: string[];
  lastTags: string[] | undefined;
  onAnswer: (tags: string[], note?: string) => Promise<void>;
}

const CHIP =
  'min-h-11 rounded-full px-4 py-2 text-base ring-1 ring-slate-300 bg-white text-slate-800 active:bg-brand-50 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600';

/**
 * Tags for a ping: chips ranked by recency and frequency, filtered while typing (Tab completes
 * the word), "same as last", an optional note. Keys: Enter saves; `"` in an empty field repeats
 * the last answer, as in the CLI.
 */
export function AnswerForm({ pings, label, chips, lastTags, onAnswer }: Props) {
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const shown = useMemo(() => filterTags(chips, text).slice(0, 18), [chips, text]);
  const tags = typedTags(text);

  async function save(answer: string[]) {
    if (answer.length === 0 || saving) return;
    setSaving(true);
    try {
      await onAnswer(answer, note.trim() || undefined);
      setText('');
      setNote('');
    } finally {
      setSaving(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === '"' && text.trim() === '' && lastTags) {
      event.preventDefault();
      void save(lastTags);
    } else if (event.key === 'Tab' && currentWord(text) && shown[0]) {
      event.preventDefault();
      setText(completeWith(text, shown[0]));
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void save(tags);
  }

  return (
    <form
      onSubmit={onSubmit}
      className="space-y-3"
      data-testid="answer-form"
      data-pings={pings.join(' ')}
    >
      <label htmlFor="tags" className="block text-lg font-medium">
        {label}
      </label>
      <input
        id="tags"
        // biome-ignore lint/a11y/noAutofocus: the one thing to do on this screen is to type tags
        autoFocus
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        enterKeyHint="done"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        placeholder='tags, space between; " repeats the last answer'
        className="block min-h-12 w-full rounded-lg border border-slate-300 bg-white px-3 text-lg dark:border-slate-600 dark:bg-slate-900"
        data-testid="tags-input"
      />
      <div className="flex flex-wrap gap-2" data-testid="tag-chips">
        {shown.map((tag) => (
          <button
            key={tag}
            type="button"
            className={CHIP}
            onClick={() => setText(completeWith(text, tag))}
            data-testid="tag-chip"
          >
            {tag}
          </button>
        ))}
      </div>
      <input
        value={note}
        onChange={(event) => setNote(event.target.value)}
        placeholder="note (optional)"
        maxLength={500}
        className="block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 dark:border-slate-600 dark:bg-slate-900"
        data-testid="note-input"
      />
      <div className="flex flex-wrap gap-2">
        <button
          type="submit"
          disabled={saving || tags.length === 0}
          className="min-h-12 flex-1 rounded-lg bg-brand-600 px-4 text-lg font-medium text-white disabled:bg-slate-400"
          data-testid="save-answer"
        >
          Save
        </button>
        {lastTags && (
          <button
            type="button"
            disabled={saving}
            onClick={() => void save(lastTags)}
            className="min-h-12 flex-1 rounded-lg px-4 text-lg ring-1 ring-slate-300 dark:ring-slate-600"
            data-testid="same-as-last"
          >
            Same as last: {lastTags.join(' ')}
          </button>
        )}
      </div>
    </form>
  );
}
