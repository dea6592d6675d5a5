import type { Answer } from '@tagtime/log';
import type { IdbStore } from '@tagtime/web-store';
import { openPings } from './pending';
import { lastHumanTags, rankTags } from './tags';

/** Answers this far back rank the chips (a week's half-life makes older ones count little). */
const RANKING_WINDOW = 8 * 7 * 86_400;
/** Answers listed under "Recent". */
const RECENT = 20;

/** Setting: this browser's pairing (a `KeptDevice`). */
export const DEVICE = 'device';
/** Setting: the last ping this browser asked about or answered (unix seconds). */
export const LAST_ASKED = 'lastAsked';
/** Setting: when the last sync finished (ms). */
export const LAST_SYNC = 'lastSyncAt';
/** Setting: the user's devices' names, as last fetched (for "answered on …" offline). */
export const DEVICE_NAMES = 'deviceNames';

export interface PingerSnapshot {
  /** Open pings, ascending: the last is the question, the others missed. */
  open: number[];
  /** The next ping of the schedule (unix seconds). */
  next: number;
  chips: string[];
  lastTags: string[] | undefined;
  /** Latest first. */
  recent: Array<Answer & { deviceName: string }>;
  unsynced: number;
  lastSyncAt: number | undefined;
}

/** What the ping screen shows, read from the store's kept view (no fold). */
export async function readSnapshot(store: IdbStore, nowMs: number): Promise<PingerSnapshot> {
  const now = Math.floor(nowMs / 1000);
  const [schedule, answers, unsynced, lastAsked, lastSyncAt, names] = await Promise.all([
    store.schedule(),
    store.answers(now - RANKING_WINDOW, now + 1),
    store.unackedCount(),
    store.getSetting<number>(LAST_ASKED),
    store.getSetting<number>(LAST_SYNC),
    store.getSetting<Record<string, string>>(DEVICE_NAMES),
  ]);
  const byPing = new Set(answers.map((answer) => answer.ping));
  return {
    open: openPings(schedule, lastAsked ?? now, now, (ping) => byPing.has(ping)),
    next: schedule.nextPing(now),
    chips: rankTags(answers, now),
    lastTags: lastHumanTags(answers),
    recent: answers
      .slice(-RECENT)
      .reverse()
      .map((answer) => ({ ...answer, deviceName: names?.[answer.device] ?? answer.device })),
    unsynced,
    lastSyncAt,
  };
}
