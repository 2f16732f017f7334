/** Environment facts auth code needs before anything else is loaded. */
export function isProduction(env: Record<string, string | undefined> = process.env): boolean {
  return env.NODE_ENV === 'production';
}
