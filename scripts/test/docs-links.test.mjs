// The READMEs and docs/ link only to files a clone has: a link to ../shared/DESIGN.md,
// outside the repository, once sent readers of the root README nowhere.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../bootstrap.mjs';

/** Every Markdown file git tracks (so no node_modules, no build output). */
function markdownFiles() {
  const out = execFileSync('git', ['ls-files', '*.md'], { cwd: root, encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

describe('links in Markdown', () => {
  it('point at files inside the repository that exist', () => {
    const broken = [];
    for (const file of markdownFiles()) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1].split('#')[0];
        if (target === '' || /^[a-z]+:/i.test(target)) continue;
        const path = join(root, dirname(file), target);
        const outside = relative(root, path).startsWith('..');
        if (outside || !existsSync(path)) broken.push(`${file}: ${match[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('include the architecture and the sync protocol, linked from the root README', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('(docs/architecture.md)');
    expect(readme).toContain('(docs/sync-protocol.md)');
    expect(readme).not.toContain('shared/DESIGN.md');
  });
});
