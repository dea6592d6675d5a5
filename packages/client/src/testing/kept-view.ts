import {
  type Cursor,
  foldLog,
  type LogRecord,
  LogView,
  type LogViewState,
  type RecordDraft,
  viewStats,
} from '@tagtime/log';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { StoreUnderTest } from './store-contract.js';

// "Kept equals fresh": whatever order own appends, replica pages, resent pages and the relabel
// of a device that answered before pairing come in, the view a store keeps is the fold of the
// records it holds. Few tags and ping times, so renames chain, deletes hit and answers compete.

const TAGS = ['a', 'b', 'c', 'd'];
const PINGS = [1700003368, 1700003660, 1700009822];

/** Drafts of every kind a view folds, over those few tags and pings: for properties of a view. */
export const viewDraft: fc.Arbitrary<RecordDraft> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        ping: fc.constantFrom(...PINGS),
        tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
        auto: fc.boolean(),
      })
      .map(({ ping, tags, auto }) => ({
        kind: 'ping' as const,
        body: auto ? { ping, tags, auto: true as const } : { ping, tags },
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...TAGS), fc.constantFrom(...TAGS))
      .filter(([from, to]) => from !== to)
      .map(([from, to]) => ({ kind: 'command' as const, body: { op: 'rename-tag', from, to } })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(...PINGS)
      .map((ping) => ({ kind: 'command' as const, body: { op: 'delete-ping', ping } })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ tag: fc.constantFrom(...TAGS), color: fc.constantFrom('red', 'blue') })
      .map((body) => ({ kind: 'tag' as const, body })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ key: fc.constantFrom('schedule', 'x'), value: fc.constantFrom('universal', 7) })
      .map((body) => ({ kind: 'config' as const, body })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'error' as const, body: { message: 'm' } }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'event' as const, body: { name: 'e' } }) },
) as fc.Arbitrary<RecordDraft>;

type StepKind = 'own' | 'w' | 'p' | 'both' | 'resend' | 'relabel';

/** One call on the store; `gap` spaces a record from its device's last, so devices interleave. */
const step = fc.record({
  kind: fc.constantFrom<StepKind>('own', 'own', 'w', 'p', 'both', 'resend', 'relabel'),
  drafts: fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), viewDraft), {
    minLength: 1,
    maxLength: 4,
  }),
});

export interface KeptViewOptions {
  /** fast-check runs (default 100). */
  runs?: number;
}

/**
 * Checks the property against stores made by `open`, each fresh and empty, closed after its
 * run; rejects with fast-check's counterexample when a kept view differs from the fold.
 */
export async function checkKeptView(
  open: () => Promise<StoreUnderTest>,
  options: KeptViewOptions = {},
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
      const handle = await open();
      try {
        await playSteps(handle, steps);
      } finally {
        await handle.close?.();
      }
    }),
    { numRuns: options.runs ?? 100 },
  );
}

async function playSteps(
  handle: StoreUnderTest,
  steps: ReadonlyArray<{ kind: StepKind; drafts: Array<[number, RecordDraft]> }>,
): Promise<void> {
  const { store } = handle;
  let own = 'local';
  const last = new Map<string, number>();
  const cursor: Cursor = {};
  let lastPage: LogRecord[] = [];
  const stamp = (device: string, gap: number, d: RecordDraft): LogRecord => {
    // The own log keeps its times through a relabel, so its clock is one under either name.
    const clock = device === own ? 'own' : device;
    const t = (last.get(clock) ?? 0) + gap;
    last.set(clock, t);
    if (device !== own) cursor[device] = t;
    return { device, t, ...d } as LogRecord;
  };
  for (const { kind, drafts } of steps) {
    if (kind === 'own') {
      await store.appendOwn(drafts.map(([gap, d]) => stamp(own, gap, d)));
    } else if (kind === 'relabel') {
      if (own === 'local') {
        await store.relabelOwn('me');
        own = 'me';
      }
    } else if (kind === 'resend') {
      // A page fetched again after a crash before its cursor was stored.
      await store.putReplica(lastPage, { ...cursor });
    } else {
      // A page of one log, or of two whose records come in no particular order.
      lastPage = drafts.map(([gap, d], i) =>
        stamp(kind === 'both' ? (i % 2 ? 'p' : 'w') : kind, gap, d),
      );
      await store.putReplica(lastPage, { ...cursor });
    }
  }
  const fresh = foldLog([...(await store.ownRecords()), ...(await store.replicaRecords())]);
  expectKept(await store.viewState(), fresh);
  if (handle.reopen) {
    const again = await handle.reopen();
    expectKept(await again.viewState(), fresh);
  }
}

function expectKept(state: LogViewState | undefined, fresh: LogView): void {
  expect(state, 'the store keeps a view state').toBeDefined();
  const kept = LogView.from(state as LogViewState);
  expect(kept.answers()).toEqual(fresh.answers());
  expect(kept.tags()).toEqual(fresh.tags());
  expect(kept.config()).toEqual(fresh.config());
  expect(kept.diagnostics()).toEqual(fresh.diagnostics());
  expect(viewStats(kept)).toEqual(viewStats(fresh));
  expect(kept.heads()).toEqual(fresh.heads());
  expect(kept.state()).toEqual(fresh.state());
}
