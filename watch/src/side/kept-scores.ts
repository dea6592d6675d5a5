import { type AnsweredTags, frecencyWeight, HALF_LIFE_SECONDS } from '@tagtime/log';

/** Answers kept one by one past `base` before they are moved into the sums. */
const AHEAD = 64;

/** The scores as JSON: `base`, `[tag, sum, answers]`, and `[ping, tags]` of answers after base. */
export interface KeptScoresJson {
  base: number;
  sums: [string, number, number][];
  ahead: [number, string[]][];
}

/**
 * @tagtime/log's frecency (`scoreAnswers`: each shown answer adds 2^(−age / HALF_LIFE) to each
 * of its tags) kept as answers change, so a tag snapshot costs the number of tags, not of
 * answers. Decay is a common factor, so each tag keeps Σ 2^((ping − base) / HALF_LIFE) over its
 * answers at or before `base`, scaled to `asOf` when asked; answers after `base` (the newest,
 * and pings ahead of the phone's clock, which count as new) are kept apart and weighed exactly.
 * `base` moves forward in whole half-lives, so rescaling the sums is exact. A tag leaves when its
 * last answer does (counted, so no rounding residue keeps it).
 */
export class KeptScores {
  #base: number;
  #sums = new Map<string, { sum: number; answers: number }>();
  #ahead = new Map<number, readonly string[]>();

  constructor(json?: KeptScoresJson) {
    this.#base = json?.base ?? 0;
    for (const [tag, sum, answers] of json?.sums ?? []) this.#sums.set(tag, { sum, answers });
    for (const [ping, tags] of json?.ahead ?? []) this.#ahead.set(ping, tags);
  }

  /** Scores of `answers`, with `base` placed for `now` (unix seconds). */
  static of(answers: Iterable<AnsweredTags>, now: number): KeptScores {
    const scores = new KeptScores();
    scores.settle(now);
    for (const answer of answers) scores.replace(undefined, answer);
    return scores;
  }

  toJSON(): KeptScoresJson {
    return {
      base: this.#base,
      sums: [...this.#sums].map(([tag, { sum, answers }]) => [tag, sum, answers]),
      ahead: [...this.#ahead].map(([ping, tags]) => [ping, [...tags]]),
    };
  }

  /** One ping's shown answer changed from `before` to `after` (either may be none). */
  replace(before: AnsweredTags | undefined, after: AnsweredTags | undefined): void {
    if (before && !before.auto) this.#count(before, -1);
    if (after && !after.auto) this.#count(after, 1);
  }

  #count(answer: AnsweredTags, sign: 1 | -1): void {
    if (answer.ping > this.#base) {
      if (sign > 0) this.#ahead.set(answer.ping, [...answer.tags]);
      else this.#ahead.delete(answer.ping);
      return;
    }
    const weight = 2 ** ((answer.ping - this.#base) / HALF_LIFE_SECONDS);
    for (const tag of answer.tags) {
      const kept = this.#sums.get(tag) ?? { sum: 0, answers: 0 };
      kept.sum += sign * weight;
      kept.answers += sign;
      if (kept.answers > 0) this.#sums.set(tag, kept);
      else this.#sums.delete(tag);
    }
  }

  /**
   * Moves `base` forward by whole half-lives towards `now` once enough answers are kept apart,
   * folding those at or before it into the sums.
   */
  settle(now: number): void {
    if (this.#base > 0 && this.#ahead.size < AHEAD) return;
    const halves = Math.floor((now - this.#base) / HALF_LIFE_SECONDS);
    if (halves < 1) return;
    this.#base += halves * HALF_LIFE_SECONDS;
    const factor = 2 ** -halves;
    for (const kept of this.#sums.values()) kept.sum *= factor;
    for (const [ping, tags] of [...this.#ahead]) {
      if (ping > this.#base) continue;
      this.#ahead.delete(ping);
      this.#count({ ping, tags }, 1);
    }
  }

  /**
   * Every tag's score at `asOf`; undefined when `asOf` is before `base` (the phone's clock went
   * back): the sums cannot tell then which answers are ahead of it, and the caller rescores.
   */
  scores(asOf: number): Map<string, number> | undefined {
    if (asOf < this.#base) return undefined;
    const carry = frecencyWeight(asOf - this.#base);
    const scores = new Map<string, number>();
    for (const [tag, { sum }] of this.#sums) scores.set(tag, sum * carry);
    for (const [ping, tags] of this.#ahead) {
      const weight = frecencyWeight(asOf - ping);
      for (const tag of tags) scores.set(tag, (scores.get(tag) ?? 0) + weight);
    }
    return scores;
  }
}
