/**
 * Runs tasks one after another: a call made while another runs waits for it, then runs itself,
 * so concurrent `push()` calls never send the same unacknowledged records twice at once.
 */
export class Serial {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
