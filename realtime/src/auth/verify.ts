/** Token → user id or a typed auth error; shared by the HTTP and the socket middleware. */
import { AppError, ErrorCode } from '../errors.js';
import { verifySessionToken } from './token.js';

export function authenticate(secret: string, token: unknown): { userId: string } {
  if (token === undefined || token === null || token === '') throw new AppError(ErrorCode.Unauthenticated);
  const result = verifySessionToken(secret, token);
  if (result.ok) return { userId: result.claims.sub };
  throw new AppError(result.reason === 'expired' ? ErrorCode.TokenExpired : ErrorCode.TokenInvalid);
}
