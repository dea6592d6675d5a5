import { fileURLToPath } from 'node:url';
import { workspaceConfig } from '../vitest.shared.js';

export default workspaceConfig({
  // Server modules start with `import 'server-only'`, which throws outside React's server build.
  alias: { 'server-only': fileURLToPath(new URL('./test/server-only.ts', import.meta.url)) },
});
