/**
 * Where to send the browser after sign-in or the terms: only somewhere on this site.
 * An open redirect would hand a freshly signed-in visitor to another site's page.
 *
 * The target is resolved exactly as a browser would resolve a Location header
 * (WHATWG URL parsing against our own origin: tabs and newlines dropped, `\` read
 * as `/`, `//host` taking the authority). If the origin is still ours, only the
 * serialized path, query and fragment are kept (percent-encoded, so no CR/LF can
 * reach a header); anything else goes to `/`.
 */
export function safeNext(raw: unknown, origin: string): string {
  if (typeof raw !== 'string' || raw === '') return '/';
  const base = new URL(origin);
  let target: URL;
  try {
    target = new URL(raw, base);
  } catch {
    return '/';
  }
  if (target.origin !== base.origin || target.username || target.password) return '/';
  const path = target.pathname + target.search + target.hash;
  // `/.//evil` normalises to the path `//evil`, which a browser reads as another host.
  if (!path.startsWith('/') || path.startsWith('//')) return '/';
  return path;
}
