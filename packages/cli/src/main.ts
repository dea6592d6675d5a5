import { Command } from 'commander';
import { makeClock } from './clock.js';
import type { LogOptions } from './commands/log.js';
import type { PairOptions } from './commands/pair.js';
import type { CliEnv } from './context.js';
import { DEFAULT_SERVER, homeDir } from './home.js';
import { VERSION } from './version.js';

// Each command's module is imported when that command runs, not before: a command then loads
// only what it uses (`log` no HTTP client, `stats` no readline), which is most of its start-up.
const commands = {
  answer: () => import('./commands/answer.js'),
  export: () => import('./commands/export.js'),
  import: () => import('./commands/import.js'),
  log: () => import('./commands/log.js'),
  pair: () => import('./commands/pair.js'),
  rename: () => import('./commands/rename.js'),
  run: () => import('./commands/run.js'),
  stats: () => import('./commands/stats.js'),
  status: () => import('./commands/status.js'),
  sync: () => import('./commands/sync.js'),
};

const env: CliEnv = { home: homeDir(), now: makeClock() };

// `tagtime log | head`: the reader left; that is the end of the listing, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command('tagtime')
  .description(
    'TagTime in the terminal: answers pings where you work, offline, and syncs when it can.',
  )
  .version(VERSION, '-V, --version', 'the version of tagtime')
  .showHelpAfterError('(tagtime --help lists the commands and their options)');

program
  .command('run', { isDefault: true })
  .description('wait for each ping, ring, and ask what you are doing (the default command)')
  .action(async () => (await commands.run()).runCommand(env));
program
  .command('pair')
  .description('pair this machine as a device, with a code shown in the console')
  .argument('[code]', 'pairing code')
  .option('--server <url>', `log server (default: $TAGTIME_SERVER or ${DEFAULT_SERVER})`)
  .option('--name <name>', 'device name (default: the host name)')
  .option('--device <id>', 'instead of a code: a device id made by tagtime-server-admin')
  .option('--token <token>', 'instead of a code: that device’s token')
  .action(async (code: string | undefined, options: PairOptions) =>
    (await commands.pair()).pairCommand(env, code, options),
  );
program
  .command('answer')
  .description('answer one ping')
  .argument('<ping>', 'the ping time in unix seconds')
  .argument('<tags...>', 'what you were doing (spaces or commas between tags)')
  .option('--note <text>', 'a comment')
  .action(async (ping: string, tags: string[], options: { note?: string }) =>
    (await commands.answer()).answerCommand(env, ping, tags, options),
  );
program
  .command('log')
  .description('the merged answers of all your devices, with the name of each device')
  .option('--since <when>', 'a duration back (12h, 3d, 2w) or a day (2026-11-01); default 1d')
  .option('--all', 'also the errors and events of every device')
  .action(async (options: LogOptions) => (await commands.log()).logCommand(env, options));
program
  .command('stats')
  .description('hours per tag (pings × 45 min) with a bar chart')
  .option('--week', 'the last 7 days')
  .option('--month', 'the last 30 days')
  .action(async (options: { week?: boolean; month?: boolean }) =>
    (await commands.stats()).statsCommand(env, options),
  );
program
  .command('rename')
  .description('rename a tag in every answer given so far')
  .argument('<from>')
  .argument('<to>')
  .option('--force', 'rename even a tag no answer has yet')
  .action(async (from: string, to: string, options: { force?: boolean }) =>
    (await commands.rename()).renameCommand(env, from, to, options),
  );
program
  .command('sync')
  .description('send unsynced records and fetch those of your other devices')
  .action(async () => (await commands.sync()).syncCommand(env));
program
  .command('status')
  .description('this device, unsynced records, heads here and on the server')
  .action(async () => (await commands.status()).statusCommand(env));
program
  .command('import')
  .description('import an original TagTime log (idempotent)')
  .argument('<file>')
  .action(async (file: string) => (await commands.import()).importCommand(env, file));
program
  .command('export')
  .description('write the merged answers as an original TagTime log')
  .option('-o, --output <file>', 'write to a file instead of stdout')
  .action(async (options: { output?: string }) =>
    (await commands.export()).exportCommand(env, options),
  );

/** Exits once stdout and stderr are written out: a pipe (`tagtime log | less`) is asynchronous. */
async function exit(code: number): Promise<never> {
  const flushed = (stream: NodeJS.WriteStream) =>
    new Promise<void>((resolve) => stream.write('', () => resolve()));
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

/**
 * `run` is the default command, so commander would take an unknown word for its argument and
 * answer "too many arguments for 'run'"; say what is wrong instead.
 */
function checkCommandName(args: readonly string[]): void {
  const first = args[0];
  if (first === undefined || first.startsWith('-')) return;
  const known = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
  if (known.includes(first) || first === 'help') return;
  program.error(`tagtime: unknown command '${first}'; the commands are ${known.join(', ')}`);
}

try {
  checkCommandName(process.argv.slice(2));
  await program.parseAsync();
  await exit(0);
} catch (error) {
  const { describeError } = await import('./errors.js');
  console.error(`tagtime: ${describeError(error, env.home)}`);
  await exit(1);
}
