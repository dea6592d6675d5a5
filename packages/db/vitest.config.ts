import { workspaceConfig } from '../../vitest.shared.js';

// Test files share one migrated database per run (global-setup.ts). They keep no module state of
// their own, so they also share module instances: `isolate: false` saves re-importing drizzle,
// mysql2 and argon2 for every file, most of this suite's time on a busy machine.
export default workspaceConfig({ globalSetup: ['test/global-setup.ts'], isolate: false });
