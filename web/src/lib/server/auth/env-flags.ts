/** Environment facts auth code needs before anything else is loaded (no SvelteKit imports: unit-tested). */
import { runMode } from '@rlcoach/db/config/dev-mode';

/**
 * Development conveniences (the dev sign-in, the demo shortcut) are on only with RLCOACH_DEV=1 and
 * never in production; the web's configuration refuses the combination at boot.
 */
export function devMode(env: Record<string, string | undefined> = process.env): boolean {
  return runMode(env).dev;
}
