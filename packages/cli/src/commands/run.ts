import { createInterface, type Interface } from 'node:readline/promises';
import { OfflineError } from '@tagtime/client';
import { type Answer, AUTO_TAGS } from '@tagtime/log/core';
import type { Schedule } from '@tagtime/ping';
import pc from 'picocolors';
import { seconds } from '../clock.js';
import { type CliEnv, type Context, withContext } from '../context.js';
import { record, recordIfLate } from '../diagnostics.js';
import { splitTags } from '../tags.js';
import { formatDuration, formatPingTime } from '../ui/format.js';
import { ring } from '../ui/notify.js';
import { VERSION } from '../version.js';
import { checkTags } from './answer.js';
import { completeTag, lastHumanTags, recentTags } from './recent-tags.js';
import { syncWithNames } from './sync.js';

/** Setting: the last ping this machine has asked about (unix seconds). */
const LAST_ASKED = 'lastAsked';
const RECENT_ANSWERS = 2000;

interface Snapshot {
  schedule: Schedule;
  missed: number[];
  tags: string[];
  lastTags: string[] | undefined;
  syncNote: string | undefined;
}

async function syncQuietly(ctx: Context, now: number): Promise<string | undefined> {
  if (!ctx.client.paired) return undefined;
  try {
    await syncWithNames(ctx, now);
    return undefined;
  } catch (error) {
    if (error instanceof OfflineError) return `offline: ${error.message}; answers are kept here`;
    return `sync failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Syncs, then reads what the loop needs: the schedule, missed pings and recent tags. */
function snapshot(env: CliEnv, first: boolean): Promise<Snapshot> {
  return withContext(env, async (ctx) => {
    if (first) {
      await record(ctx, env.now(), { kind: 'event', name: 'started', data: { version: VERSION } });
    }
    const syncNote = await syncQuietly(ctx, env.now());
    const { store } = ctx;
    const schedule = store.schedule();
    const now = seconds(env.now());
    const lastAsked = await store.getSetting(LAST_ASKED);
    if (lastAsked === undefined) await store.setSetting(LAST_ASKED, String(now));
    const missed =
      lastAsked === undefined
        ? []
        : schedule.pingsBetween(Number(lastAsked) + 1, now + 1).filter((p) => !store.answer(p));
    // Completion looks back this many answers at most, however long the log is.
    const recent: Answer[] = [];
    for (const answer of store.answers({ reverse: true })) {
      if (recent.push(answer) >= RECENT_ANSWERS) break;
    }
    return {
      schedule,
      missed,
      tags: recentTags(recent),
      lastTags: lastHumanTags(recent),
      syncNote,
    };
  });
}

/** Appends answers to pings and remembers the last ping asked about. */
function save(env: CliEnv, pings: number[], tags: string[], auto: boolean): Promise<void> {
  return withContext(env, async (ctx) => {
    await recordIfLate(ctx, env.now(), pings, auto);
    await ctx.client.append(
      pings.map((ping) => ({
        kind: 'ping',
        body: auto ? { ping, tags, auto: true } : { ping, tags },
      })),
    );
    await ctx.store.setSetting(LAST_ASKED, String(pings.at(-1)));
    if (ctx.client.paired) {
      await ctx.client.push().catch((error: unknown) => {
        if (!(error instanceof OfflineError)) throw error;
      });
    }
  });
}

/** Asks until the answer is valid tags, `"` (the last answer again) or, if allowed, empty. */
async function askTags(
  rl: Interface,
  prompt: string,
  lastTags: string[] | undefined,
  allowEmpty: boolean,
): Promise<string[] | undefined> {
  for (;;) {
    const text = (await rl.question(prompt)).trim();
    if (text === '' && allowEmpty) return undefined;
    if (text === '"') {
      if (lastTags) return lastTags;
      console.log('there is no earlier answer to repeat yet');
      continue;
    }
    const tags = splitTags([text]);
    if (tags.length === 0) {
      console.log('give at least one tag (or " to repeat the last answer)');
      continue;
    }
    try {
      return await checkTags(tags);
    } catch (error) {
      console.log((error as Error).message);
    }
  }
}

/** Shows a countdown to `ping` (redrawn each second on a terminal) and resolves when it is due. */
function waitFor(env: CliEnv, ping: number): Promise<void> {
  const tty = process.stdout.isTTY === true;
  const at = formatPingTime(ping);
  if (!tty) console.log(`next ping at ${at}`);
  return new Promise((resolve) => {
    const tick = () => {
      const left = ping * 1000 - env.now();
      if (left <= 0) {
        if (tty) process.stdout.write('\r\u001b[2K');
        resolve();
        return;
      }
      if (tty)
        process.stdout.write(`\r\u001b[2Knext ping in ${formatDuration(left / 1000)} at ${at}`);
      setTimeout(tick, Math.min(1000, left));
    };
    tick();
  });
}

/**
 * `tagtime` / `tagtime run`: offers the pings missed since the last run as one batch (default
 * `afk off RETRO`, saved as automatic answers any person's answer beats), then waits for each
 * ping, rings, and asks for tags with completion from recent tags.
 */
export async function runCommand(env: CliEnv): Promise<void> {
  let tags: string[] = [];
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    completer: (line: string) => completeTag(tags, line),
  });
  let closed = false;
  const stopped = new Promise<void>((resolve) =>
    rl.on('close', () => {
      closed = true;
      resolve();
    }),
  );
  rl.on('SIGINT', () => rl.close());
  console.log(
    pc.bold('TagTime') + pc.dim(' — Ctrl-C to stop; Tab completes tags; " repeats the last answer'),
  );
  // Every use of the store goes through `use`, so Ctrl-C can wait for the one under way: when
  // "stopped" shows, this process holds neither the store nor its lock any more, and starts
  // nothing new. (Exiting in the middle of one left the lock to be taken over by the next
  // command, and a sync under way could keep it for seconds after "stopped".)
  let using: Promise<unknown> = Promise.resolve();
  const use = <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) return new Promise<T>(() => undefined); // stopped: this step never comes
    const running = work();
    using = running.catch(() => undefined);
    return running;
  };
  let first = true;
  const loop = async () => {
    for (;;) {
      const snap = await use(() => snapshot(env, first));
      first = false;
      tags = snap.tags;
      if (snap.syncNote) console.log(pc.yellow(snap.syncNote));
      if (snap.missed.length > 0) {
        const n = snap.missed.length;
        const shown = snap.missed.slice(-5).map((p) => formatPingTime(p));
        console.log(
          `${n} ping${n === 1 ? '' : 's'} passed while tagtime was not running: ${shown.join(', ')}${n > 5 ? ', …' : ''}`,
        );
        const answer = await askTags(
          rl,
          `tags for ${n === 1 ? 'it' : `all ${n}`} [${AUTO_TAGS.join(' ')}]: `,
          snap.lastTags,
          true,
        );
        await use(() => save(env, snap.missed, answer ?? [...AUTO_TAGS], answer === undefined));
        continue;
      }
      const ping = snap.schedule.nextPing(seconds(env.now()));
      await waitFor(env, ping);
      const at = formatPingTime(ping);
      ring(`ping at ${at}: what are you doing?`);
      await use(() =>
        withContext(env, (ctx) =>
          record(ctx, env.now(), { kind: 'event', name: 'ping-rang', data: { ping } }),
        ),
      );
      const answer = await askTags(rl, `${pc.bold(at)} what are you doing? `, snap.lastTags, false);
      await use(() => save(env, [ping], answer ?? [], false));
      console.log(pc.dim(`saved ${at}: ${(answer ?? []).join(' ')}`));
    }
  };
  await Promise.race([
    loop().catch((error: unknown) => {
      // readline rejects a pending question with AbortError when it is closed (Ctrl-C).
      if ((error as { code?: string }).code !== 'ABORT_ERR' && !closed) throw error;
    }),
    stopped,
  ]);
  rl.close();
  // Ctrl-C while an answer is being written or a sync is under way: let it finish and release
  // the lock; a failure of it is reported by the loop above.
  await using;
  console.log('\nstopped');
}
