import { BaseApp } from '@zeppos/zml/base-app';
import { Time } from '@zos/sensor';
import { WatchApp } from '../core/watch-app.js';
import { zosPorts } from './ports.js';

export interface GlobalData {
  watch?: WatchApp;
  /** The alarm's `param` when it reached `onCreate` (docs) rather than the page's `onInit`. */
  launchParam?: unknown;
}

/** The app: one WatchApp for every page; re-arms at start and when the phone sets the clock. */
App(
  BaseApp({
    globalData: {} as GlobalData,
    onCreate(this: { globalData: GlobalData }, param?: unknown) {
      const watch = new WatchApp(zosPorts());
      this.globalData.watch = watch;
      this.globalData.launchParam = param;
      watch.start();
      // The phone set the clock or zone: the next ping moves, and no correction is needed.
      new Time().onPhoneTimeSetting(() => watch.clockSet());
    },
    onDestroy() {},
  }),
);
