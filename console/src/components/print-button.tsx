'use client';

import { Button } from './ui';

/** Opens the browser's print dialog, where "Save as PDF" makes the PDF. */
export function PrintButton({ label = 'Print or save as PDF' }: { label?: string }) {
  return (
    <Button variant="secondary" onClick={() => window.print()} data-testid="print">
      {label}
    </Button>
  );
}
