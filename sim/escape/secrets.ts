/**
 * URLs as racesim shows them (reports, JSON, messages): never with their userinfo, which may hold a
 * password (`redis://:PASSWORD@host/5`).
 */

/** `url` without user and password; a text that does not parse as a URL is shown only when it holds no `@`. */
export function withoutUserinfo(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.includes('@') ? '(a value that is not a URL; not shown, as it may hold a password)' : url;
  }
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}
