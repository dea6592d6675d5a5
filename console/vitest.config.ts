import { fileURLToPath } from 'node:url';
import { workspaceConfig } from '../vitest.shared.js';

export default workspaceConfig({
  // Each file its own modules: tests set the environment (DATABASE_URL, MAIL_OUTBOX_PAGE) before
  // importing the console code that reads it once.
  isolate: true,
  alias: {
    // Server modules start with `import 'server-only'`, which throws outside React's server build.
    'server-only': fileURLToPath(new URL('./test/server-only.ts', import.meta.url)),
    // The app's own import paths (tsconfig `paths`), for tests that load route handlers.
    '@/': fileURLToPath(new URL('./src/', import.meta.url)),
  },
});
