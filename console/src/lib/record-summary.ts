import type { LogRecord } from '@tagtime/log';

function short(text: string, max = 140): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One line saying what a record is, for tables and lists (any kind, any body). */
export function recordSummary(record: LogRecord): string {
  switch (record.kind) {
    case 'ping': {
      const { tags, note, auto } = record.body;
      const answer = tags.length > 0 ? tags.join(' ') : '(no tags)';
      return short(`${answer}${note ? ` (${note})` : ''}${auto ? ' · auto' : ''}`);
    }
    case 'error':
      return short(record.body.message);
    case 'event': {
      const data = record.body.data === undefined ? '' : ` ${JSON.stringify(record.body.data)}`;
      return short(`${record.body.name}${data}`);
    }
    case 'tag':
      return short(
        `${record.body.tag}${record.body.category ? ` · ${record.body.category}` : ''}${record.body.color ? ` · ${record.body.color}` : ''}`,
      );
    case 'config':
      return short(`${record.body.key} = ${JSON.stringify(record.body.value)}`);
    case 'command':
      return record.body.op === 'rename-tag'
        ? short(`rename tag ${record.body.from} → ${record.body.to}`)
        : `delete the answer to ping ${record.body.ping}`;
    default:
      return short(JSON.stringify((record as { body: unknown }).body));
  }
}
