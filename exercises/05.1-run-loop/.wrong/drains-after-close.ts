// Handles what is still queued after the close.
import { select } from '../../../src/internal/utils/chan.ts';
import type { baseServer } from '../../../src/server.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';

export async function run(this: baseServer): Promise<void> {
  void select;
  try {
    for (;;) {
      const r = await select([this.errorChan, this.receivedPackets]);
      if (r.index === 0) {
        for (let q = this.receivedPackets.tryRecv(); q?.ok; q = this.receivedPackets.tryRecv()) this.handlePacketImpl(q.value!);
        return;
      }
      this.handlePacketImpl(r.value as receivedPacket);
    }
  } finally {
    this.running.close();
  }
}
