import { MAX_DICTIONARY } from './format.js';

/** What a reader and a writer of one compact log both track, frame by frame. */
export class CompactState {
  device: string | undefined = undefined;
  prevT = 0;
  readonly tags: string[] = [];
  readonly tagIndex = new Map<string, number>();

  /** Adds a tag written in full, unless the dictionary is full (both sides apply the same rule). */
  learn(tag: string): void {
    if (this.tags.length >= MAX_DICTIONARY || this.tagIndex.has(tag)) return;
    this.tagIndex.set(tag, this.tags.length);
    this.tags.push(tag);
  }
}
