import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETTINGS_REFUSAL } from '../src/side/settings-input.js';
import { settingsView } from '../src/side/settings-view.js';
import { SETTINGS, SideService } from '../src/side/side-service.js';

/** The settings runtime's components as plain nodes, so the view's output can be read. */
interface Node {
  kind: string;
  props: Record<string, unknown>;
  children: Node[];
}
const components = ['View', 'Section', 'Text', 'TextInput', 'Button'] as const;
const globals = globalThis as Record<string, unknown>;

function storage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
    removeItem: (key: string) => void items.delete(key),
  };
}

function render(s: ReturnType<typeof storage>): Node {
  return settingsView({ settingsStorage: s }) as Node;
}

function all(node: Node): Node[] {
  return [node, ...node.children.flatMap(all)];
}

function texts(node: Node): string[] {
  return all(node)
    .filter((n) => n.kind === 'Text')
    .map((n) => String(n.props.text));
}

function input(node: Node, label: string): Node {
  const found = all(node).find((n) => n.kind === 'TextInput' && n.props.label === label);
  if (!found) throw new Error(`no input ${label}`);
  return found;
}

function type(s: ReturnType<typeof storage>, label: string, value: string): Node {
  (input(render(s), label).props.onChange as (v: string) => void)(value);
  return render(s);
}

beforeEach(() => {
  for (const kind of components) {
    globals[kind] = (props: Record<string, unknown>, children?: unknown) => ({
      kind,
      props,
      children: (Array.isArray(children) ? children : children === undefined ? [] : [children]).map(
        (child) => (typeof child === 'object' ? child : { kind: '#text', props: {}, children: [] }),
      ),
    });
  }
  globals.Text = (props: Record<string, unknown>, text: unknown) => ({
    kind: 'Text',
    props: { ...props, text },
    children: [],
  });
});
afterEach(() => {
  for (const kind of components) delete globals[kind];
});

describe('the settings app', () => {
  it('refuses a quiet hour like 25:99, says why, and keeps the stored one', () => {
    const s = storage({ [SETTINGS.quietStart]: '22:00', [SETTINGS.quietEnd]: '07:00' });
    const view = type(s, 'Quiet from (HH:MM)', '25:99');
    expect(s.items.get(SETTINGS.quietStart)).toBe('22:00');
    expect(texts(view)).toContain(
      '"25:99" is not a time for Quiet from: use HH:MM from 00:00 to 23:59. Quiet from stays 22:00.',
    );
    expect(texts(view)).toContain(
      'The watch stays silent from 22:00 until 07:00 the next morning.',
    );
  });

  it('stores a valid time as HH:MM and clears the refusal', () => {
    const s = storage({ [SETTINGS_REFUSAL]: 'old refusal' });
    type(s, 'Quiet from (HH:MM)', ' 7:05 ');
    const view = type(s, 'Quiet until (HH:MM)', '9:30');
    expect(s.items.get(SETTINGS.quietStart)).toBe('07:05');
    expect(s.items.get(SETTINGS.quietEnd)).toBe('09:30');
    expect(s.items.has(SETTINGS_REFUSAL)).toBe(false);
    expect(texts(view)).toContain('The watch stays silent from 07:05 until 09:30.');
  });

  it('an emptied field clears the quiet hours', () => {
    const s = storage({ [SETTINGS.quietStart]: '22:00', [SETTINGS.quietEnd]: '07:00' });
    const view = type(s, 'Quiet until (HH:MM)', '');
    expect(s.items.has(SETTINGS.quietEnd)).toBe(false);
    expect(texts(view)).toContain(
      'Quiet hours need both times; until then the watch rings at every ping.',
    );
  });

  it('shows the note presets the watch offers, the defaults before any are set', () => {
    const s = storage();
    expect(input(render(s), 'Note presets (comma-separated, up to 8)').props.value).toBe(
      'meeting, with family, commuting',
    );
    expect(texts(render(s))).toContain('The watch offers: meeting · with family · commuting');
    const view = type(s, 'Note presets (comma-separated, up to 8)', 'deep work, , call ');
    expect(texts(view)).toContain('The watch offers: deep work · call');
  });

  it('the watch gets what the settings app shows', () => {
    const s = storage();
    type(s, 'Quiet from (HH:MM)', '23:00');
    type(s, 'Quiet until (HH:MM)', '24:00');
    type(s, 'Quiet until (HH:MM)', '6:00');
    type(s, 'Note presets (comma-separated, up to 8)', 'a,b,c,d,e,f,g,h,i,j');
    const side = new SideService({ settings: s, fetch: globalThis.fetch });
    const config = side.watchConfig('universal');
    expect(config.quiet).toEqual({ start: 23 * 60, end: 6 * 60 });
    expect(config.notes).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  });
});
