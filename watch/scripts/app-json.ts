/** The zeus project manifest (configVersion v3) for the bundles scripts/build.ts writes. */
export function appJson(): object {
  return {
    configVersion: 'v3',
    app: {
      appId: 1093451,
      appName: 'TagTime',
      appType: 'app',
      version: { code: 1, name: '0.1.0' },
      icon: 'icon.png',
      vender: 'tagtime',
      description: 'Answer TagTime pings on the wrist, offline.',
    },
    // alarm: the one pending ping alarm; local_storage: bookkeeping beside the log file;
    // device.info: screen size and shape for the layout.
    permissions: ['device:os.alarm', 'device:os.local_storage', 'data:os.device.info'],
    runtime: { apiVersion: { compatible: '3.6', target: '3.6', minVersion: '3.6' } },
    debug: false,
    targets: {
      common: {
        module: {
          page: { pages: ['page/home/index.page', 'page/ping/index.page'] },
          'app-side': { path: 'app-side/index' },
          setting: { path: 'setting/index' },
        },
        platforms: [{ st: 'r' }, { st: 's' }],
        designWidth: 480,
      },
    },
    i18n: { 'en-US': { appName: 'TagTime' } },
    defaultLanguage: 'en-US',
  };
}
