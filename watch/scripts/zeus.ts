// The zeus CLI, installed by this workspace into a private prefix (as a project dependency it
// crashes: its module aliases resolve against the wrong package.json), and a device cache so
// `zeus build` runs offline (it reads ~/.zepp/.zeus_devices before fetching the vendor's list).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ZEUS_VERSION = '1.9.1';

/**
 * Public facts of the targets we build for (zepp-os.md): product ids, chips and pixel density
 * are not public, so this cache is good for compile checks, not for a store release.
 */
const DEVICES = [
  {
    name: 'Amazfit Balance',
    code: 'balance',
    source: 8519936,
    shape: 'round',
    size: '480*480',
    api: '3.7',
  },
  {
    name: 'Amazfit Active',
    code: 'active',
    source: 8323328,
    shape: 'square',
    size: '390*450',
    api: '3.6',
  },
  {
    name: 'Amazfit GTR 4',
    code: 'gtr4',
    source: 7930112,
    shape: 'round',
    size: '466*466',
    api: '3.6',
  },
  {
    name: 'Amazfit T-Rex 3',
    code: 'trex3',
    source: 8716544,
    shape: 'round',
    size: '480*480',
    api: '4.0',
  },
];

export function deviceCache(): object {
  return {
    // zeus drops a cache whose version is not its own.
    version: ZEUS_VERSION,
    // Far future: zeus refreshes the list only once it has expired.
    expiredTime: Date.UTC(2100, 0, 1),
    devices_beta: [],
    devices: DEVICES.map((d) => ({
      productName: d.name,
      code: d.code,
      deviceSource: d.source,
      value: {
        code: d.code,
        productId: 0,
        productVersion: '1',
        shape: d.shape,
        chip: { manufacturer: 'unknown' },
        screen: { size: d.size, previewSize: d.size, iconSize: '124*124' },
        os: { version: d.api, apiLevel: d.api, apiLevelLimitMin: '3.0' },
        pixelDensity: 326,
      },
    })),
  };
}

export interface Zeus {
  bin: string;
  home: string;
}

/** Installs zeus into `<tools>/zeus` unless that version is there already (idempotent). */
export function ensureZeus(tools: string, log: (line: string) => void): Zeus {
  const prefix = join(tools, 'zeus');
  const bin = join(prefix, 'bin', 'zeus');
  const manifest = join(prefix, 'lib/node_modules/@zeppos/zeus-cli/package.json');
  const installed = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version
    : undefined;
  if (!existsSync(bin) || installed !== ZEUS_VERSION) {
    log(
      `installing @zeppos/zeus-cli@${ZEUS_VERSION} into ${prefix} (once; from the npm registry)…`,
    );
    const result = spawnSync(
      'npm',
      [
        'install',
        '-g',
        '--prefix',
        prefix,
        '--no-audit',
        '--no-fund',
        `@zeppos/zeus-cli@${ZEUS_VERSION}`,
      ],
      { stdio: 'inherit', env: { ...process.env, npm_config_update_notifier: 'false' } },
    );
    if (result.status !== 0)
      throw new Error(`installing the zeus CLI failed (exit ${result.status})`);
  }
  const home = join(tools, 'home');
  mkdirSync(join(home, '.zepp'), { recursive: true });
  writeFileSync(join(home, '.zepp', '.zeus_devices'), JSON.stringify(deviceCache()));
  // zeus deletes the device cache on its first run (no `.zeus_version` yet) and after an
  // upgrade, then fetches the list from the vendor's CDN: say this version has run already.
  writeFileSync(join(home, '.zepp', '.zeus_version'), ZEUS_VERSION);
  return { bin, home };
}
