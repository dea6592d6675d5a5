import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import type { CommandResult } from './result.js';

const USAGE = `Usage: tagtime-server-admin <command> [options]   (npm run admin -w @tagtime/server -- …)

Commands:
  create-device <email> [--name N] [--kind K] [--password P]
                        create a device (and the user, when no user has that email);
                        prints { userId, deviceId, token } — the token is shown only once
  revoke <deviceId>     revoke a device token
  heads <userId>        the heads of a user's logs
  verify                check every log is sorted and the index matches the records
                        (exit code 1 when not)
  verify --repair       fix what verify finds, losing nothing: move misfiled records to
                        their key, set unusable ones aside in the quarantine database,
                        rebuild the index; run it with the server stopped

Reads DATA_DIR and DATABASE_URL like the server. Output is JSON.`;

/**
 * Runs one admin command. Usage mistakes come back as exit code 2 with the usage text, so the
 * caller only prints; other failures reject.
 */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandResult> {
  try {
    return await dispatch(argv, env);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      return { output: `${(error as Error).message}\n\n${USAGE}`, exitCode: 2 };
    }
    throw error;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

async function dispatch(argv: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string', default: 'cli device' },
      kind: { type: 'string', default: 'cli' },
      password: { type: 'string' },
      repair: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, argument] = positionals;
  const config = loadConfig(env);
  const need = (what: string): string => {
    if (!argument) throw new UsageError(`${command} needs ${what}`);
    return argument;
  };
  if (values.help || command === undefined || command === 'help') {
    return { output: USAGE, exitCode: command === undefined && !values.help ? 2 : 0 };
  }
  switch (command) {
    // Commands load their dependencies lazily: the store commands never load the database client.
    case 'create-device':
      return (await import('./db-commands.js')).createDeviceCommand(config, {
        email: need('an email'),
        name: values.name,
        kind: values.kind,
        ...(values.password !== undefined ? { password: values.password } : {}),
      });
    case 'revoke':
      return (await import('./db-commands.js')).revokeCommand(config, need('a device id'));
    case 'heads':
      return (await import('./store-commands.js')).headsCommand(config, need('a user id'));
    case 'verify': {
      const commands = await import('./store-commands.js');
      return values.repair ? commands.repairCommand(config) : commands.verifyCommand(config);
    }
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

class UsageError extends Error {}
