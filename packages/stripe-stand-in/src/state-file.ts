/**
 * Keeps the stand-in's objects in a JSON file across restarts (`npm start` twice must find the
 * customers the console's database still names). Written after every change, atomically.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { InvoiceBook } from './invoices.js';
import type { Store } from './store.js';

const MAPS = [
  'customers',
  'paymentMethods',
  'cardNumbers',
  'setupIntents',
  'checkoutSessions',
  'portalSessions',
  'invoiceItems',
  'clocks',
] as const;

type Saved = Record<(typeof MAPS)[number] | 'invoices', [string, unknown][]> & { numbers: number };

export function loadState(file: string, store: Store, invoices: InvoiceBook): void {
  if (!existsSync(file)) return;
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<Saved>;
  for (const name of MAPS) {
    const map = store[name] as Map<string, unknown>;
    for (const [key, value] of saved[name] ?? []) map.set(key, value);
  }
  for (const [key, value] of saved.invoices ?? []) invoices.invoices.set(key, value as never);
  invoices.restoreNumbering(saved.numbers ?? 0);
}

export function saveState(file: string, store: Store, invoices: InvoiceBook): void {
  const saved: Saved = {
    ...(Object.fromEntries(
      MAPS.map((name) => [name, [...(store[name] as Map<string, unknown>)]]),
    ) as Omit<Saved, 'invoices' | 'numbers'>),
    invoices: [...invoices.invoices],
    numbers: invoices.numbering,
  };
  writeFileSync(`${file}.tmp`, JSON.stringify(saved), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}
