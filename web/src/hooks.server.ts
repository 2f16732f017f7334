/**
 * Every request: resolve the user from the signed session cookie (a first visit,
 * or an invalid/expired cookie, gets a fresh guest) and keep it on locals.
 */
import type { Handle, HandleServerError } from '@sveltejs/kit';
import { webConfig } from '$lib/server/env';
import { servicesForRequest } from '$lib/server/services';
import { readSession, writeSession } from '$lib/server/session';

/** Paths that must not create guests (health probes, static files). */
const ANONYMOUS = ['/healthz'];

export const handle: Handle = async ({ event, resolve }) => {
  if (ANONYMOUS.includes(event.url.pathname)) return resolve(event);

  const config = webConfig();
  const services = await servicesForRequest();
  const { accounts } = services;
  event.locals.services = services;
  const secure = event.url.protocol === 'https:';
  const session = readSession(event.cookies, config.sessionSecret);
  let user = session ? await accounts.find(session.userId) : null;
  if (!user) {
    user = await accounts.createGuest();
    writeSession(event.cookies, config.sessionSecret, user.id, user.kind, secure);
  } else if (session?.stale) {
    writeSession(event.cookies, config.sessionSecret, user.id, user.kind, secure);
  }
  event.locals.user = user;
  return resolve(event);
};

export const handleError: HandleServerError = ({ error, event, status, message }) => {
  // Full detail in the log; the page only gets a safe message.
  if (status >= 500) console.error(`[web] ${event.request.method} ${event.url.pathname}`, error);
  return { message: status >= 500 ? 'Something went wrong on our side. Please try again.' : message };
};
