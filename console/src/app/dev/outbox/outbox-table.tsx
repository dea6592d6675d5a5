'use client';

import { createColumnHelper } from '@tanstack/react-table';
import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/ui';

export interface OutboxRow {
  id: number;
  to: string;
  subject: string;
  sent: string;
  body: string;
}

/** The mail's text with its links clickable; long links wrap instead of widening the page. */
function MailBody({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/\S+)/g);
  return (
    <pre
      className="min-w-0 whitespace-pre-wrap break-words font-sans text-sm"
      data-testid="mail-body"
    >
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never move
          <a key={index} href={part} className="break-all text-brand-600 underline">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}

const column = createColumnHelper<OutboxRow>();

const COLUMNS = [
  column.accessor('sent', { header: 'Sent' }),
  column.accessor('to', {
    header: 'To',
    cell: (info) => (
      <span className="break-all" data-testid="mail-to">
        {info.getValue()}
      </span>
    ),
  }),
  column.accessor('subject', {
    header: 'Subject',
    cell: (info) => <span data-testid="mail-subject">{info.getValue()}</span>,
  }),
  column.accessor('body', {
    header: 'Mail',
    enableSorting: false,
    cell: (info) => <MailBody text={info.getValue()} />,
  }),
];

export function OutboxTable({ rows }: { rows: OutboxRow[] }) {
  return (
    <DataTable
      columns={COLUMNS}
      data={rows}
      testId="outbox"
      rowTestId={() => 'mail'}
      empty={<EmptyState title="No mail yet" />}
    />
  );
}
