import { type Answer, type LogRecord, tagTimeComment } from '@tagtime/log/core';
import pc from 'picocolors';
import { seconds } from '../clock.js';
import { type CliEnv, withStore } from '../context.js';
import { deviceLabels } from '../device-names.js';
import { deviceColor, formatPingTime, localZone } from '../ui/format.js';
import { parseSince } from './when.js';

export interface LogOptions {
  since?: string;
  /** Also the errors and events of every device, between the answers. */
  all?: boolean;
}

function answerLine(a: Answer): string {
  const tags = a.tags.length > 0 ? a.tags.join(' ') : pc.dim('(no tags)');
  const note = a.note ? pc.dim(` ${tagTimeComment(a.note)}`) : '';
  return `${formatPingTime(a.ping)}  ${a.auto ? pc.dim(tags) : tags}${note}`;
}

function diagnosticLine(r: LogRecord): string {
  const at = formatPingTime(seconds(r.t));
  if (r.kind === 'error') return `${at}  ${pc.red('error')} ${r.body.message}`;
  if (r.kind !== 'event') return at;
  const data = r.body.data === undefined ? '' : ` ${pc.dim(JSON.stringify(r.body.data))}`;
  return `${at}  ${pc.blue('event')} ${r.body.name}${data}`;
}

/** `tagtime log [--since] [--all]`: the merged answers, each with the device that gave it. */
export async function logCommand(env: CliEnv, options: LogOptions): Promise<void> {
  const zone = localZone();
  const from = parseSince(options.since ?? '1d', seconds(env.now()), zone);
  await withStore(env, async (ctx) => {
    const label = await deviceLabels(ctx);
    const lines: { at: number; text: string; device: string }[] = [];
    for (const a of ctx.store.answers({ from })) {
      lines.push({ at: a.ping, text: answerLine(a), device: a.device });
    }
    if (options.all) {
      for (const r of ctx.store.diagnostics(from * 1000)) {
        lines.push({ at: seconds(r.t), text: diagnosticLine(r), device: r.device });
      }
      lines.sort((a, b) => a.at - b.at);
    }
    if (lines.length === 0) {
      console.log(
        `no ${options.all ? 'records' : 'answers'} since ${formatPingTime(from)}` +
          (options.all ? '' : ' (--all also lists errors and events)'),
      );
      return;
    }
    for (const line of lines) {
      console.log(`${line.text}  ${deviceColor(line.device)(label(line.device))}`);
    }
  });
}
