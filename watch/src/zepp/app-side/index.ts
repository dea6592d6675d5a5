import { BaseSideService } from '@zeppos/zml/base-side';
import { SideService } from '../../side/side-service.js';
import { fetchFromZepp, type ZeppFetch } from '../../side/zepp-fetch.js';

declare const settings: { settingsStorage: import('../../side/side-store.js').StringStorage };

interface Side {
  fetch: ZeppFetch;
  side?: SideService;
}

/** The phone side: answers the watch's requests and pairs when the settings app asks. */
AppSideService(
  BaseSideService({
    onInit(this: Side) {
      this.side = new SideService({
        settings: settings.settingsStorage,
        fetch: fetchFromZepp((options) => this.fetch(options)),
      });
    },
    onRequest(this: Side, request: unknown, respond: (error: unknown, data?: unknown) => void) {
      (this.side as SideService).handle(request).then(
        (answer) => respond(null, answer),
        (error) => respond(error),
      );
    },
    onSettingsChange(this: Side, change: { key?: string } | undefined) {
      if (change?.key) void (this.side as SideService).onSettingsChange(change.key);
    },
    onRun() {},
    onDestroy() {},
  }),
);
