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
      /** Always set by `handle`: a first visit gets a fresh guest. */
      user: SessionUser;
      /** Database-backed services on this request's own entity-manager fork. */
      services: RequestServices;
    }
  }
}

export {};
