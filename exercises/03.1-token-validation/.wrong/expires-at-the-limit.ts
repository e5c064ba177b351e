// A token exactly as old as the limit is rejected (quic-go accepts it: it expires after the limit).
import { maxRetryTokenAge } from '../../../src/config.ts';
import { validateRemoteAddr, type Token } from '../../../src/internal/handshake/token_generator.ts';
import type { UDPAddr } from '../../../src/sys_conn.ts';
import type { baseServer } from '../../../src/server.ts';

export function validateToken(this: baseServer, token: Token, addr: UDPAddr): boolean {
  void maxRetryTokenAge;
  if (!validateRemoteAddr(token, addr)) return false;
  const age = this.clock.wallTime() - token.sentTime;
  return age < (token.isRetryToken ? maxRetryTokenAge(this.config) : this.maxTokenAge);
}
