import Bowser from 'bowser';

/** "Chrome 131 on Linux" from a User-Agent header, for the sessions list. */
export function browserName(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const parsed = Bowser.parse(userAgent);
  const browser = [parsed.browser.name, parsed.browser.version?.split('.')[0]]
    .filter(Boolean)
    .join(' ');
  const os = parsed.os.name;
  return `${browser || 'Unknown browser'}${os ? ` on ${os}` : ''}`;
}
