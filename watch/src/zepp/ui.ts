import * as ui from '@zos/ui';
import { align, createWidget, prop, text_style, widget } from '@zos/ui';
import { COLORS, type Layout } from './layout.js';

type Widget = ReturnType<typeof createWidget>;

// In the runtime since API 3.0, missing from @zeppos/device-types 4.0.
const { deleteWidget } = ui as unknown as { deleteWidget(w: Widget): void };

/** Lays widgets out top to bottom and removes them all on `clear()` (for a redraw). */
export class Column {
  #widgets: Widget[] = [];
  y: number;

  constructor(readonly l: Layout) {
    this.y = l.round ? Math.round(l.height * 0.12) : l.gap * 2;
  }

  text(text: string, options: { size?: number; color?: number; lines?: number } = {}): Widget {
    const l = this.l;
    const lines = options.lines ?? 1;
    const size = options.size ?? l.text;
    const h = Math.round(size * 1.4) * lines;
    const w = createWidget(widget.TEXT, {
      x: l.margin,
      y: this.y,
      w: l.width - 2 * l.margin,
      h,
      text,
      text_size: size,
      color: options.color ?? COLORS.text,
      align_h: align.CENTER_H,
      text_style: text_style.WRAP,
    } as never);
    this.y += h + l.gap;
    this.#widgets.push(w);
    return w;
  }

  button(text: string, onTap: () => void, color = COLORS.button): Widget {
    const l = this.l;
    const w = createWidget(widget.BUTTON, {
      x: l.margin,
      y: this.y,
      w: l.width - 2 * l.margin,
      h: l.row,
      radius: Math.round(l.row / 2),
      text,
      text_size: l.small,
      normal_color: color,
      press_color: COLORS.pressed,
      click_func: () => onTap(),
    } as never);
    this.y += l.row + l.gap;
    this.#widgets.push(w);
    return w;
  }

  restyle(w: Widget, text: string, color: number): void {
    w.setProperty(prop.MORE, { text, normal_color: color } as never);
  }

  clear(): void {
    for (const w of this.#widgets) deleteWidget(w);
    this.#widgets = [];
    this.y = this.l.round ? Math.round(this.l.height * 0.12) : this.l.gap * 2;
  }
}
