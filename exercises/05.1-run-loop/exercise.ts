// Exercise 05.1: baseServer.run, the one goroutine behind receivedPackets. See README.md.
import { select } from '../../src/internal/utils/chan.ts';
import type { baseServer } from '../../src/server.ts';
import type { receivedPacket } from '../../src/sys_conn.ts';

export async function run(this: baseServer): Promise<void> {
  try {
    for (;;) {
      // TODO: a closed server must stop before it takes another packet.
      const r = await select([this.errorChan, this.receivedPackets]);
      if (r.index === 0) return;
      this.handlePacketImpl(r.value as receivedPacket);
    }
  } finally {
    this.running.close(); // Go's `defer close(s.running)` (server.go:288): runSendQueue stops on it
  }
}
