// The log browser's URL state: a shared link reproduces the view, and a mangled one opens
// nothing rather than a record that does not exist.
import { describe, expect, it } from 'vitest';
import { parseViewState, viewSearch } from '../src/components/log-browser/view-state';

const parse = (search: string) => parseViewState(new URLSearchParams(search));

describe('the log browser URL', () => {
  it('round-trips the query, the range and the open record', () => {
    const view = parse('q=kind%3Aerror&from=1000&to=2000&sel=dev_w-1%3A1500');
    expect(view).toMatchObject({
      q: 'kind:error',
      range: 'custom',
      from: 1000,
      to: 2000,
      sel: { device: 'dev_w-1', t: 1500 },
    });
    expect(parse(viewSearch(view))).toEqual(view);
  });

  it('opens no record when the selection is not a device id and a time', () => {
    for (const sel of ['dev w:15', 'dev_w:', ':15', 'dev_w:1.5', `${'d'.repeat(65)}:1`, 'a:b:1']) {
      expect(parse(`sel=${encodeURIComponent(sel)}`).sel, sel).toBeUndefined();
    }
  });
});
