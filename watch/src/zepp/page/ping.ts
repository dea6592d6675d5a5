import { BasePage } from '@zeppos/zml/base-page';
import { showToast } from '@zos/interaction';
import { replace } from '@zos/router';
import { VIBRATOR_SCENE_STRONG_REMINDER, Vibrator } from '@zos/sensor';
import { clockTime } from '../../core/format.js';
import { COLORS, layout } from '../layout.js';
import { Column } from '../ui.js';
import { globalData, HOME_PAGE, watchApp, wireRequests } from './shared.js';

/** Offered after the user's own tags while there are few of them. */
const STARTER_TAGS = ['work', 'eat', 'sleep', 'social', 'exercise', 'chores'];

interface PingPage {
  ping?: number;
  selected?: string[];
  note?: string;
  column?: Column;
  vibrator?: Vibrator;
  request(data: unknown, options?: { timeout?: number }): Promise<unknown>;
}

/**
 * The ping question (the alarm's target). "same as last" answers in one tap; any other answer is
 * tags (multi-select), an optional note preset, then Done.
 */
Page(
  BasePage({
    onInit(this: PingPage, param?: unknown) {
      const watch = watchApp();
      wireRequests(watch, this);
      const data = globalData();
      const rung = watch.ring(data.launchParam, param);
      data.launchParam = undefined; // only the first page of a launch gets the alarm's param
      this.ping = rung.ping;
      this.selected = [];
      if (rung.vibrate) {
        this.vibrator = new Vibrator();
        this.vibrator.start({ mode: VIBRATOR_SCENE_STRONG_REMINDER });
      }
    },
    build(this: PingPage) {
      this.column = new Column(layout());
      draw(this);
    },
    onDestroy(this: PingPage) {
      this.vibrator?.stop();
      this.column?.clear();
    },
  }),
);

function submit(page: PingPage, tags: string[]): void {
  const watch = watchApp();
  page.vibrator?.stop();
  try {
    watch.answer(page.ping as number, tags, page.note);
  } catch (error) {
    showToast({ content: `Not saved: ${(error as Error).message}` });
    return;
  }
  // The answer is on flash; sending it is best effort while the page is still up.
  void watch.sync();
  replace({ url: HOME_PAGE });
}

function draw(page: PingPage): void {
  const watch = watchApp();
  const column = page.column as Column;
  const zone = watch.ports.offsetMinutes();
  column.clear();
  column.text(`Ping ${clockTime(page.ping as number, zone)}`, { color: COLORS.dim });
  column.text('What are you doing?');
  const last = watch.sameAsLast();
  if (last) column.button(`= ${last.join(' ')}`, () => submit(page, last), COLORS.accent);
  column.button('afk', () => submit(page, ['afk']));
  const selected = page.selected as string[];
  const ranked = watch.rankedTags(16);
  const offered = [...ranked, ...STARTER_TAGS.filter((t) => !ranked.includes(t))].slice(0, 16);
  for (const tag of offered) {
    const on = selected.includes(tag);
    const button = column.button(
      on ? `✓ ${tag}` : tag,
      () => {
        const i = selected.indexOf(tag);
        if (i >= 0) selected.splice(i, 1);
        else selected.push(tag);
        const now = selected.includes(tag);
        column.restyle(button, now ? `✓ ${tag}` : tag, now ? COLORS.selected : COLORS.button);
      },
      on ? COLORS.selected : COLORS.button,
    );
  }
  for (const note of watch.state.config.notes) {
    column.button(page.note === note ? `✓ “${note}”` : `“${note}”`, () => {
      page.note = page.note === note ? undefined : note;
      draw(page);
    });
  }
  column.button(
    'Done',
    () => {
      if (selected.length > 0) submit(page, [...selected]);
    },
    COLORS.accent,
  );
}
