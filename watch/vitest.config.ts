import { workspaceConfig } from '../vitest.shared.js';

// Integration tests start a real server process over a scratch MariaDB database: generous
// deadlines for a loaded machine (they bound waits, they measure nothing), one file at a time.
export default workspaceConfig({
  testTimeout: 60_000,
  hookTimeout: 90_000,
  fileParallelism: false,
});
