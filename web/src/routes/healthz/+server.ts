import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Liveness for process managers and the e2e harness: no database work, no guest created. */
export const GET: RequestHandler = () => json({ ok: true });
