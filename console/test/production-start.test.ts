// A production console has no fallback secrets: started without them, it refuses in one
// sentence per missing secret and exits before it listens.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const server = fileURLToPath(new URL('../server.mjs', import.meta.url));

function start(env: Record<string, string>) {
  const { NEXTAUTH_SECRET: _s, ADMIN_TOKEN: _a, ...inherited } = process.env;
  return spawnSync('node', [server], {
    env: { ...inherited, NODE_ENV: 'production', CONSOLE_PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('the production console', () => {
  it('refuses to start without NEXTAUTH_SECRET and ADMIN_TOKEN', () => {
    const result = start({});
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('refusing to start in production');
    expect(result.stderr).toContain('NEXTAUTH_SECRET must be set');
    expect(result.stderr).toContain('ADMIN_TOKEN must be set');
  });

  it('refuses a short session secret', () => {
    const result = start({ NEXTAUTH_SECRET: 'too-short', ADMIN_TOKEN: 'an-admin-token' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('at least 32 random characters');
    expect(result.stderr).not.toContain('ADMIN_TOKEN must be set');
  });
});
