import type { APIRequestContext } from '@playwright/test';

/**
 * Sign-in as a script would try it, without a browser: next-auth's credentials endpoint with
 * its CSRF token. Answers `ok`, or next-auth's error code (`CredentialsSignin`,
 * `rate_limited:<seconds>`).
 */
export async function trySignIn(
  request: APIRequestContext,
  credentials: { email: string; password: string },
): Promise<string> {
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as {
    csrfToken: string;
  };
  const response = await request.post('/api/auth/callback/credentials', {
    form: { ...credentials, csrfToken, json: 'true' },
    maxRedirects: 0,
  });
  const { url } = (await response.json()) as { url: string };
  return new URL(url).searchParams.get('error') ?? 'ok';
}
