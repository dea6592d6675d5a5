import type { SyncClient } from '@tagtime/client';
import { AUTO_TAGS } from '@tagtime/log';
import type { IdbStore } from '@tagtime/web-store';
import { withLock } from './lock';
import { LAST_ASKED } from './snapshot';

/** The drafts of an answer to `pings`: a person's tags, or none for the device's own `auto` one. */
export function answerDrafts(pings: readonly number[], tags: readonly string[], note?: string) {
  const auto = tags.length === 0;
  const shown = auto ? [...AUTO_TAGS] : [...tags];
  return pings.map((ping) => ({
    kind: 'ping' as const,
    body: {
      ping,
      tags: shown,
      ...(auto ? { auto: true as const } : {}),
      ...(note ? { note } : {}),
    },
  }));
}

/**
 * Appends an answer to this browser's own log, as the page and the service worker (an answer
 * from a notification's action) both do: under one Web Lock, so their times are stamped one
 * after another, and with the last asked ping moved past the answered ones. Stored (strict
 * durability) when this resolves; sending is the caller's.
 */
export async function appendAnswer(
  store: IdbStore,
  client: SyncClient,
  pings: readonly number[],
  tags: readonly string[],
  note?: string,
): Promise<void> {
  await withLock('tagtime-pinger-append', async () => {
    await client.append(answerDrafts(pings, tags, note));
    const asked = (await store.getSetting<number>(LAST_ASKED)) ?? 0;
    await store.putSetting(LAST_ASKED, Math.max(asked, ...pings));
  });
}
