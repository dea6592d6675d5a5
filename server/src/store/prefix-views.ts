/** Sizes up to this get a cached view; a longer record (rare) gets a view of its own. */
const MAX_CACHED_SIZE = 4096;

/**
 * Views of the first `size` bytes of a buffer, each made once. Copying a record's bytes takes a
 * view of exactly its bytes (`TypedArray.set` copies whole arrays), and making a view per record
 * cost as much as the copy; record sizes repeat, so the views are kept, per size.
 */
export class PrefixViews {
  private views: Uint8Array[] = [];
  private of: Uint8Array | undefined;

  get(bytes: Uint8Array, size: number): Uint8Array {
    if (bytes !== this.of) {
      this.of = bytes;
      this.views = [];
    }
    if (size > MAX_CACHED_SIZE) return new Uint8Array(bytes.buffer, bytes.byteOffset, size);
    let view = this.views[size];
    if (view === undefined) {
      view = new Uint8Array(bytes.buffer, bytes.byteOffset, size);
      this.views[size] = view;
    }
    return view;
  }
}
