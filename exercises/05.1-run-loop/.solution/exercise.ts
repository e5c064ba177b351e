// Exercise 05.1, reference solution.
import { select } from '../../../src/internal/utils/chan.ts';
import type { baseServer } from '../../../src/server.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';

export async function run(this: baseServer): Promise<void> {
  try {
    for (;;) {
      if (this.errorChan.isClosed) return;
      const r = await select([this.errorChan, this.receivedPackets]);
      if (r.index === 0) return;
      const p = r.value as receivedPacket;
      const blocked = this.handlePacketImpl(p);
      if (blocked) await blocked; // only a connection-ID collision (AddWithConnID fails, server.go:703-706) returns one
    }
  } finally {
    this.running.close(); // Go's `defer close(s.running)`
  }
}
