// See https://svelte.dev/docs/kit/types#app.d.ts
import type { SessionUser } from '$lib/server/ports';
import type { RequestServices } from '$lib/server/services';

declare global {
  namespace App {
    interface Error {
      message: string;
      /** Machine-readable code when the error is one we expected. */
      code?: string;
    }
    interface Locals {
      /**
       * The signed-in user. `handle` sets it from the database session and its route guard
       * lets no signed-out request reach a non-public route, so protected code can rely on it;
       * public routes (sign-in, health) must treat it as possibly absent.
       */
      user: SessionUser;
      /** Database session behind the request (sessions.id), null when signed out. */
      sessionId: string | null;
      /** When the signed-in account is scheduled to be erased ("Delete my account"), else null. */
      deletionDueAt: Date | null;
      /** Database-backed services on this request's own entity-manager fork. */
      services: RequestServices;
    }
  }
}

export {};
