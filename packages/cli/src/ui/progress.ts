/**
 * A progress bar on stderr for long imports: redrawn in place on a terminal at most every 100 ms,
 * silent when stderr is not a terminal (logs and pipes get the final summary only).
 */
export class ProgressBar {
  #lastDraw = 0;
  readonly #stream: NodeJS.WriteStream;

  constructor(
    readonly label: string,
    readonly total: number,
    stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.#stream = stream;
  }

  update(done: number): void {
    this.show(
      this.total === 0 ? 1 : done / this.total,
      `${done}/${this.total}`,
      done >= this.total,
    );
  }

  /** For work counted otherwise than in items: how far along (0–1), and what to say after it. */
  show(fraction: number, text: string, last = false): void {
    if (!this.#stream.isTTY) return;
    const now = Date.now();
    if (!last && now - this.#lastDraw < 100) return;
    this.#lastDraw = now;
    const width = 30;
    const part = Math.min(1, Math.max(0, fraction));
    const filled = Math.round(part * width);
    this.#stream.write(
      `\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(part * 100)}% ${text}`,
    );
  }

  done(): void {
    if (this.#stream.isTTY) this.#stream.write('\n');
  }
}
