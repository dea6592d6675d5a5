'use client';

import { toast } from 'sonner';
import { Button } from './ui';

/** Copies `text` to the clipboard, with a toast either way. */
export function CopyButton({ text, testId }: { text: string; testId: string }) {
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      toast.success('Link copied.');
    } catch {
      toast.error('Could not copy: select the link and copy it by hand.');
    }
  }
  return (
    <Button variant="secondary" type="button" onClick={copy} data-testid={testId}>
      Copy link
    </Button>
  );
}
