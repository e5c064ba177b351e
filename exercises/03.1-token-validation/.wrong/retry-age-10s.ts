// A Retry token lives 10 s: 2 × the default handshake timeout, whatever the config says.
import { maxRetryTokenAge } from '../../../src/config.ts';
import { validateRemoteAddr, type Token } from '../../../src/internal/handshake/token_generator.ts';
import type { UDPAddr } from '../../../src/sys_conn.ts';
import type { baseServer } from '../../../src/server.ts';

export function validateToken(this: baseServer, token: Token, addr: UDPAddr): boolean {
  void maxRetryTokenAge;
  if (!validateRemoteAddr(token, addr)) return false;
  const age = this.clock.wallTime() - token.sentTime;
  return age <= (token.isRetryToken ? 10_000 : this.maxTokenAge);
}
