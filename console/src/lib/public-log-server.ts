/**
 * The log server as browsers reach it (`PUBLIC_LOG_SERVER_URL`, else `LOG_SERVER_URL`): the web
 * pinger syncs there directly (DESIGN.md, "How browsers reach the log server"), so the page is
 * handed this URL and the content security policy's `connect-src` allows its origin. No secret
 * in it; read at request time, since `next build` runs without the deployment's environment.
 */
export function publicLogServerUrl(): string {
  const url = process.env.PUBLIC_LOG_SERVER_URL || process.env.LOG_SERVER_URL;
  return (url || 'http://127.0.0.1:8787').replace(/\/$/, '');
}

/** The origin of `publicLogServerUrl()` for the CSP, or undefined when it is not a URL. */
export function publicLogServerOrigin(): string | undefined {
  try {
    return new URL(publicLogServerUrl()).origin;
  } catch {
    return undefined;
  }
}
