// `npm run simulate -w @tagtime/watch -- --server URL --code CODE`: the real app files in the
// Node runtime against a real server, with a clock that moves only when told. Prints each
// screen as text and reads commands from stdin, one a line (scriptable: pipe them in).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SyncApi } from '@tagtime/client';
import { HOME, Simulation } from '../runtime/simulation.js';
import { simulationStart } from '../runtime/start-time.js';
import { DEFAULT_SERVER, SETTINGS } from '../src/side/side-service.js';
import { bundle } from './build.js';

const HELP = `commands:
  tap N | tap LABEL     tap a button of the watch screen (number or label start); "N" alone too
  ff DURATION           fast-forward the clock (e.g. 45m, 3h, 2d); alarms ring on the way
  next                  fast-forward to the next alarm
  open | exit | crash   open the app (home), leave it, kill it
  ble off | ble on      cut or restore the watch–phone link
  settings              show the phone's settings app
  set LABEL=VALUE       type into a settings field ("Pairing code=K7QF2M9P")
  press LABEL           press a settings button ("Unpair")
  screen | status       print the screen / the log and sync state
  help | quit`;

const { values } = parseArgs({
  options: {
    server: { type: 'string' },
    code: { type: 'string' },
    start: { type: 'string' },
    zone: { type: 'string' },
    square: { type: 'boolean' },
    data: { type: 'string' },
  },
});

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const appDir = join(ROOT, 'dist', 'zeus');
if (!existsSync(join(appDir, 'app.json'))) await bundle(appDir);

const requested = values.start === undefined ? undefined : Date.parse(values.start);
if (Number.isNaN(requested)) throw new Error(`--start ${values.start} is not a date`);
// Pairing needs a clock, so the simulation starts a week back and moves on once the account's
// latest record is known.
const sim = new Simulation({
  appDir,
  startMs: simulationStart({ nowMs: Date.now(), requested }).startMs,
  offsetMinutes: Number(values.zone ?? 0),
  shape: values.square ? 'square' : 'round',
  ...(values.data ? { dataDir: values.data } : {}),
});
const out = (text: string) => process.stdout.write(`${text}\n`);
const when = () => new Date(sim.clock.now()).toISOString().replace('.000Z', 'Z');

if (values.server) sim.phone.enter('Server URL', values.server);
if (values.code) {
  sim.phone.enter('Pairing code', values.code);
  await sim.idle();
}
out(
  `[phone] ${
    sim.phone
      .settingsText()
      .split('\n')
      .filter((l) => /Paired|Pairing failed/.test(l))
      .join(' ')
      .trim() || 'not paired'
  }`,
);
const start = simulationStart({
  nowMs: Date.now(),
  requested,
  latestRecordMs: await latestRecord(),
});
if (start.warning) out(`[simulator] ${start.warning}`);
if (start.startMs > sim.clock.now()) sim.setClock(start.startMs);
sim.launch(HOME);
await sim.idle();
show();

/** The newest record of the account's devices, once paired; undefined when it cannot be asked. */
async function latestRecord(): Promise<number | undefined> {
  const token = sim.settings.getItem(SETTINGS.token);
  if (!token) return undefined;
  try {
    const heads = await new SyncApi(
      sim.settings.getItem(SETTINGS.server) || DEFAULT_SERVER,
      token,
    ).getHeads();
    const times = Object.values(heads);
    return times.length > 0 ? Math.max(...times) : undefined;
  } catch (error) {
    out(`[simulator] could not read the account's latest record: ${(error as Error).message}`);
    return undefined;
  }
}

function show(): void {
  out(`── ${when()} ──\n${sim.screenText()}`);
}

function duration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d)$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a duration like 45m, 3h or 2d`);
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's'];
  return Number(match[1]) * unit;
}

async function run(line: string): Promise<boolean> {
  const [command = '', ...rest] = line.trim().split(/\s+/);
  const arg = rest.join(' ');
  if (command === '' || command.startsWith('#')) return true;
  if (/^\d+$/.test(command)) sim.tap(Number(command));
  else if (command === 'tap') sim.tap(/^\d+$/.test(arg) ? Number(arg) : arg);
  else if (command === 'ff') {
    await sim.advance(duration(arg), () => {
      out(`[watch] ping rang at ${when()}${sim.vibrations.length ? ' (vibrating)' : ''}`);
    });
  } else if (command === 'next') {
    const next = sim.alarms.nextTime();
    if (next === undefined) out('[watch] no alarm is set');
    else await sim.advance(Math.max(0, next * 1000 - sim.clock.now()));
  } else if (command === 'open') sim.launch(HOME);
  else if (command === 'exit') sim.exit();
  else if (command === 'crash') sim.crash();
  else if (command === 'ble') sim.ble.setUp(arg !== 'off');
  else if (command === 'settings') out(sim.phone.settingsText());
  else if (command === 'set') {
    const [label, ...value] = arg.split('=');
    sim.phone.enter((label ?? '').trim(), value.join('=').trim());
  } else if (command === 'press') sim.phone.press(arg);
  else if (command === 'status') {
    const state = sim.running ? sim.watchApp() : undefined;
    out(
      `[watch] log ${sim.logBytes()} bytes; unsynced ${state?.unsynced() ?? '?'}; alarms ${sim.alarms.getAllAlarms().length}`,
    );
    return true;
  } else if (command === 'screen') {
    /* printed below */
  } else if (command === 'help') {
    out(HELP);
    return true;
  } else if (command === 'quit') return false;
  else {
    out(`unknown command "${command}"\n${HELP}`);
    return true;
  }
  await sim.idle();
  show();
  return true;
}

const input = createInterface({ input: process.stdin, terminal: false });
for await (const line of input) {
  try {
    if (!(await run(line))) break;
  } catch (error) {
    out(`[error] ${(error as Error).message}`);
  }
}
sim.exit();
process.exit(0);
