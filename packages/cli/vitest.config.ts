import { workspaceConfig } from '../../vitest.shared.js';

// Integration tests start a real server process and MariaDB databases: generous deadlines for a
// loaded machine (they bound waits, they measure nothing), and one file at a time.
export default workspaceConfig({
  testTimeout: 60_000,
  hookTimeout: 90_000,
  fileParallelism: false,
  // Each file its own modules: store-writes.test.ts replaces lmdb (vi.mock) to count its calls.
  isolate: true,
  globalSetup: ['test/integration/global-setup.ts'],
});
