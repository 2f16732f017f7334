/** The client address of a SvelteKit request, by the platform's one rule (@rlcoach/db, TRUSTED_PROXY_HOPS). */
import type { RequestEvent } from '@sveltejs/kit';
import { clientAddress } from '@rlcoach/db';
import { trustedProxyHops } from './env';

export function requestClientAddress(event: RequestEvent): string {
  let socketAddress: string | undefined;
  try {
    // adapter-node answers with the TCP peer, since ADDRESS_HEADER is refused (env.ts).
    socketAddress = event.getClientAddress();
  } catch {
    socketAddress = undefined;
  }
  return clientAddress({
    socketAddress,
    forwardedFor: event.request.headers.get('x-forwarded-for'),
    trustedProxyHops: trustedProxyHops(),
  });
}
