import { describe, expect, it } from 'vitest';
import { nearestTags, splitTags } from '../src/tags.js';

describe('tags as typed', () => {
  it('splits on spaces and commas and drops empty pieces', () => {
    expect(splitTags(['work,code', 'deep,', ',', 'a, b'])).toEqual([
      'work',
      'code',
      'deep',
      'a',
      'b',
    ]);
    expect(splitTags([''])).toEqual([]);
  });

  it('names the nearest known tags, closest first, then the most used', () => {
    const known = [
      { tag: 'work', count: 10 },
      { tag: 'working', count: 3 },
      { tag: 'worm', count: 1 },
      { tag: 'sleep', count: 40 },
    ];
    expect(nearestTags('wrok', known)).toEqual(['work']);
    expect(nearestTags('Work', known)).toEqual(['work', 'worm', 'working']);
    expect(nearestTags('workin', known)).toEqual(['working', 'work']);
    expect(nearestTags('xyzzy', known)).toEqual([]);
  });
});
