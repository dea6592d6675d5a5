import { workspaceConfig } from '../../vitest.shared.js';

// Node, on fake-indexeddb; `vitest.browser.config.ts` runs the *.browser.test.ts files in Chromium.
export default workspaceConfig({ exclude: ['test/**/*.browser.test.ts', '**/node_modules/**'] });
