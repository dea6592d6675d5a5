import { workspaceConfig } from '../vitest.shared.js';

// Every test here runs real MariaDB, LMDB and HTTP (often a child process); on a loaded
// machine that takes longer than vitest's 5 s default. What a test bounds, it asserts.
export default workspaceConfig({ testTimeout: 30_000 });
