/** Only same-site paths after sign-in: an open redirect would hand a fresh session to another site's page. */
export function safeNext(raw: string | null | undefined): string {
  return raw && raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/\\') ? raw : '/';
}
