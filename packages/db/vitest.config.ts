import { workspaceConfig } from '../../vitest.shared.js';

export default workspaceConfig({ globalSetup: ['test/global-setup.ts'] });
