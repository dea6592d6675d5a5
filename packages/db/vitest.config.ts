import { workspaceConfig } from '../../vitest.shared.js';

// Test files share one migrated database per run (global-setup.ts), and module instances as
// every workspace's do (vitest.shared.ts).
export default workspaceConfig({ globalSetup: ['test/global-setup.ts'] });
