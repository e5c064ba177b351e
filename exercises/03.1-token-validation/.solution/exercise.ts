// Exercise 03.1, reference solution.
import { maxRetryTokenAge } from '../../../src/config.ts';
import { validateRemoteAddr, type Token } from '../../../src/internal/handshake/token_generator.ts';
import type { UDPAddr } from '../../../src/sys_conn.ts';
import type { baseServer } from '../../../src/server.ts';

export function validateToken(this: baseServer, token: Token, addr: UDPAddr): boolean {
  if (!validateRemoteAddr(token, addr)) return false;
  const age = this.clock.wallTime() - token.sentTime;
  if (!token.isRetryToken && age > this.maxTokenAge) return false;
  if (token.isRetryToken && age > maxRetryTokenAge(this.config)) return false;
  return true;
}
