// Shared vitest settings: resolve our workspace packages to their TypeScript sources (the
// `@tagtime/source` export condition), so tests never depend on a stale build.
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const conditions = ['@tagtime/source', 'module', 'node', 'import', 'default'];

export function workspaceConfig(test: NonNullable<ViteUserConfig['test']> = {}): ViteUserConfig {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@tagtime/source'] } },
    // Where vitest runs globalSetup files: without this, they resolve workspace packages to dist.
    environments: { __vitest__: { resolve: { conditions } } },
    // Deadlines bound waits, they measure nothing: property tests on a loaded 2-core machine
    // (CI shares it with builds) can take well past vitest's default 5 s.
    test: {
      include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      // Test files of a workspace share module instances (each file still gets a fresh vitest
      // context): re-importing Fastify, lmdb, drizzle and zod for every file was a third of the
      // suite's CPU. A workspace whose tests replace modules or read the environment at import
      // sets `isolate: true` and says why.
      isolate: false,
      ...test,
    },
  });
}
