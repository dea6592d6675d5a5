'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { routes } from '@/config/routes';
import { IMPORT_CONTENT_TYPE } from './schema';

interface BadLine {
  line: number;
  message: string;
}

type State =
  | { step: 'idle' }
  | { step: 'running'; done: number; total: number; label: string }
  | { step: 'done'; message: string }
  | { step: 'failed'; message: string; lines?: BadLine[]; count?: number };

/**
 * Import of an original TagTime log with a progress bar (the server streams how far it got) and
 * every bad line numbered; export of the answers in the same format.
 */
export function ImportExport() {
  const router = useRouter();
  const [state, setState] = useState<State>({ step: 'idle' });

  async function upload(file: File) {
    setState({ step: 'running', done: 0, total: 0, label: `Reading ${file.name}…` });
    const response = await fetch(routes.myTimeImport, {
      method: 'POST',
      headers: { 'content-type': `${IMPORT_CONTENT_TYPE}; charset=utf-8` },
      body: await file.text(),
    });
    if (!response.ok || !response.body) {
      const body = (await response.json().catch(() => ({}))) as {
        error?: { message?: string; lines?: BadLine[]; count?: number };
      };
      setState({
        step: 'failed',
        message: body.error?.message ?? `The console answered ${response.status}.`,
        ...(body.error?.lines ? { lines: body.error.lines } : {}),
        ...(body.error?.count !== undefined ? { count: body.error.count } : {}),
      });
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (value) buffer += value;
      let end = buffer.indexOf('\n');
      while (end >= 0) {
        const event = JSON.parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 1);
        end = buffer.indexOf('\n');
        if (event.phase === 'start') {
          setState({
            step: 'running',
            done: 0,
            total: event.fresh,
            label: `${event.lines} pings in the file, ${event.fresh} to import`,
          });
        } else if (event.phase === 'progress') {
          setState((s) =>
            s.step === 'running' ? { ...s, done: event.done, total: event.total } : s,
          );
        } else if (event.phase === 'done') {
          setState({
            step: 'done',
            message:
              `Imported ${event.imported} answers` +
              (event.kept > 0 ? `; ${event.kept} pings already had an answer and were kept.` : '.'),
          });
          router.refresh();
        } else if (event.phase === 'error') {
          setState({ step: 'failed', message: event.message });
        }
      }
      if (done) break;
    }
  }

  return (
    <div className="space-y-3 text-sm">
      <div className="flex flex-wrap items-center gap-3">
        <label className="inline-flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 font-medium ring-1 ring-slate-300 hover:bg-slate-50">
          Import a TagTime log…
          <input
            type="file"
            accept=".log,.txt,text/plain"
            className="sr-only"
            data-testid="import-file"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void upload(file);
            }}
          />
        </label>
        <a
          href={routes.myTimeExport}
          download
          className="rounded-md px-3 py-2 font-medium ring-1 ring-slate-300 hover:bg-slate-50"
          data-testid="export-tagtime"
        >
          Export as a TagTime log
        </a>
      </div>
      {state.step === 'running' && (
        <div data-testid="import-progress">
          <p className="mb-1 text-slate-600">{state.label}</p>
          <progress
            className="h-2 w-full"
            max={Math.max(1, state.total)}
            value={state.done}
            aria-label="Import progress"
          />
        </div>
      )}
      {state.step === 'done' && (
        <p className="rounded-md bg-green-50 px-3 py-2 text-green-800" data-testid="import-done">
          {state.message}
        </p>
      )}
      {state.step === 'failed' && (
        <div
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-red-800"
          data-testid="import-failed"
        >
          <p>{state.message}</p>
          {state.lines && (
            <ul
              className="mt-1 max-h-48 list-inside list-disc overflow-auto font-mono text-xs"
              data-testid="import-bad-lines"
            >
              {state.lines.map((bad) => (
                <li key={bad.line}>
                  line {bad.line}: {bad.message}
                </li>
              ))}
              {state.count !== undefined && state.count > state.lines.length && (
                <li>…and {state.count - state.lines.length} more</li>
              )}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
