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
    if (!this.#stream.isTTY) return;
    const now = Date.now();
    if (done < this.total && now - this.#lastDraw < 100) return;
    this.#lastDraw = now;
    const width = 30;
    const filled = this.total === 0 ? width : Math.round((done / this.total) * width);
    const percent = this.total === 0 ? 100 : Math.floor((done / this.total) * 100);
    this.#stream.write(
      `\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}% ${done}/${this.total}`,
    );
  }

  done(): void {
    if (this.#stream.isTTY) this.#stream.write('\n');
  }
}
