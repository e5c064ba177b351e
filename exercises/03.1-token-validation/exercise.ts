// Exercise 03.1: baseServer.validateToken (server.go:539-553). See README.md.
import { validateRemoteAddr, type Token } from '../../src/internal/handshake/token_generator.ts';
import type { UDPAddr } from '../../src/sys_conn.ts';
import type { baseServer } from '../../src/server.ts';

export function validateToken(this: baseServer, token: Token, addr: UDPAddr): boolean {
  // TODO: a token is also only valid for a while, and how long depends on its kind.
  return validateRemoteAddr(token, addr);
}
