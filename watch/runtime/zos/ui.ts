/** `@zos/ui` as a widget tree the runtime can print and tap. */
export const WIDGET = {
  TEXT: 1,
  BUTTON: 2,
  SCROLL_LIST: 3,
  VIEW_CONTAINER: 4,
  IMG: 5,
  FILL_RECT: 6,
} as const;
export const PROP = { MORE: 1, TEXT: 2, VISIBLE: 3, Y: 4 } as const;

export interface FakeWidget {
  id: number;
  type: number;
  props: Record<string, unknown>;
  setProperty(prop: number, value: unknown): void;
  getProperty(prop: number): unknown;
  addEventListener(event: number, fn: () => void): void;
}

export class Screen {
  widgets: FakeWidget[] = [];
  #next = 1;

  module() {
    const screen = this;
    return {
      widget: WIDGET,
      prop: PROP,
      align: { LEFT: 0, CENTER_H: 1, RIGHT: 2, TOP: 0, CENTER_V: 1, BOTTOM: 2 },
      text_style: { NONE: 0, WRAP: 1, CHAR_WRAP: 2, ELLIPSIS: 3 },
      event: { CLICK_UP: 1, CLICK_DOWN: 2 },
      createWidget(type: number, props: Record<string, unknown> = {}): FakeWidget {
        const listeners: (() => void)[] = [];
        const w: FakeWidget = {
          id: screen.#next++,
          type,
          props: { ...props },
          setProperty(prop: number, value: unknown) {
            if (prop === PROP.MORE) Object.assign(w.props, value as object);
            else if (prop === PROP.TEXT) w.props.text = value;
            else if (prop === PROP.VISIBLE) w.props.visible = value;
          },
          getProperty(prop: number) {
            return prop === PROP.TEXT ? w.props.text : w.props;
          },
          addEventListener(_event: number, fn: () => void) {
            listeners.push(fn);
            w.props.click_func ??= () => {
              for (const l of listeners) l();
            };
          },
        };
        screen.widgets.push(w);
        return w;
      },
      deleteWidget(w: FakeWidget): boolean {
        const before = screen.widgets.length;
        screen.widgets = screen.widgets.filter((x) => x !== w);
        return screen.widgets.length < before;
      },
      redraw() {},
    };
  }

  clear(): void {
    this.widgets = [];
  }

  buttons(): FakeWidget[] {
    return this.widgets.filter((w) => w.type === WIDGET.BUTTON && w.props.visible !== false);
  }

  /** The screen as text: texts as lines, buttons as `[n] label` (n is what `tap` takes). */
  text(): string {
    const lines: string[] = [];
    let n = 0;
    for (const w of this.widgets) {
      if (w.props.visible === false) continue;
      if (w.type === WIDGET.BUTTON) lines.push(`  [${++n}] ${String(w.props.text ?? '')}`);
      else if (w.type === WIDGET.TEXT) lines.push(`  ${String(w.props.text ?? '')}`);
    }
    return lines.join('\n');
  }

  /** Taps a button by its number on `text()` or by (the start of) its label. */
  tap(target: number | string): void {
    const buttons = this.buttons();
    const button =
      typeof target === 'number'
        ? buttons[target - 1]
        : (buttons.find((b) => String(b.props.text) === target) ??
          buttons.find((b) => String(b.props.text).startsWith(target)));
    if (!button)
      throw new Error(`no button ${JSON.stringify(target)} on this screen:\n${this.text()}`);
    (button.props.click_func as (w: FakeWidget) => void)(button);
  }
}
