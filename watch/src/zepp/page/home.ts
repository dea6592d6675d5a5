import { BasePage } from '@zeppos/zml/base-page';
import { push } from '@zos/router';
import { PING_PAGE } from '../../core/alarm.js';
import { ago, clockTime, countdown } from '../../core/format.js';
import { describeOffset } from '../../core/phone-clock.js';
import { COLORS, layout } from '../layout.js';
import { Column } from '../ui.js';
import { watchApp, wireRequests } from './shared.js';

interface HomePage {
  column?: Column;
  request(data: unknown, options?: { timeout?: number }): Promise<unknown>;
}

/** Home: next-ping countdown, sync state, missed pings to answer, the last answers. */
Page(
  BasePage({
    onInit(this: HomePage) {
      const watch = watchApp();
      wireRequests(watch, this);
      // Sync whenever the app opens: the phone may be in reach now (no timers, no polling).
      void watch.sync().then(() => this.column && draw(this.column));
    },
    build(this: HomePage) {
      this.column = new Column(layout());
      draw(this.column);
    },
    onDestroy(this: HomePage) {
      this.column?.clear();
    },
  }),
);

function draw(column: Column): void {
  const watch = watchApp();
  const state = watch.state;
  const now = watch.nowSeconds();
  const zone = watch.ports.offsetMinutes();
  column.clear();
  column.text('TagTime', { color: COLORS.dim, size: column.l.small });
  const next = state.alarm?.ping;
  column.text(
    next ? `Next ping ${countdown(next - now)} (${clockTime(next, zone)})` : 'No ping scheduled',
  );
  const unsynced = watch.unsynced();
  column.text(`${unsynced} unsynced · synced ${ago(state.lastSync, watch.now())}`, {
    size: column.l.small,
    color: COLORS.dim,
  });
  if (state.syncError) {
    column.text(state.syncError.message, { size: column.l.small, color: COLORS.warn, lines: 3 });
  }
  if (state.clockOffset !== 0) {
    column.text(`Watch clock ${describeOffset(state.clockOffset)}: using the phone's time`, {
      size: column.l.small,
      color: COLORS.warn,
      lines: 2,
    });
  }
  const aside = watch.quarantine.count;
  if (aside > 0) column.button(`Set aside (${aside})`, () => drawSetAside(column), COLORS.warn);
  const missed = watch.missed();
  if (missed.length > 0) column.text(`Missed (${missed.length})`, { color: COLORS.warn });
  for (const ping of missed.slice(0, 12)) {
    column.button(`${clockTime(ping, zone)} answer`, () =>
      push({ url: PING_PAGE, params: JSON.stringify({ ping, retro: true }) }),
    );
  }
  if (state.recent.length > 0)
    column.text('Last answers', { color: COLORS.dim, size: column.l.small });
  for (const answer of state.recent.slice(0, 3)) {
    column.text(`${clockTime(answer.ping, zone)} ${answer.tags.join(' ')}`, {
      size: column.l.small,
    });
  }
  column.button('Sync now', () => void watch.sync().then(() => draw(column)), COLORS.accent);
}

/** The records the server refused, kept on the watch: when, what, and why. */
function drawSetAside(column: Column): void {
  const watch = watchApp();
  const zone = watch.ports.offsetMinutes();
  column.clear();
  const records = watch.quarantine.records();
  column.text(`Set aside (${records.length})`, { color: COLORS.warn });
  column.text(`The server refused these: ${watch.state.setAside?.reason ?? 'see the log'}`, {
    size: column.l.small,
    color: COLORS.dim,
    lines: 4,
  });
  for (const record of records.slice(-20).reverse()) {
    const what = record.kind === 'ping' ? record.body.tags.join(' ') : record.kind;
    column.text(`${clockTime(Math.floor(record.t / 1000), zone)} ${what}`, {
      size: column.l.small,
    });
  }
  column.button('Back', () => draw(column), COLORS.accent);
}
