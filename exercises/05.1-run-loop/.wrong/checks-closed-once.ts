// Checks for a closed server once, before the loop, not before each packet.
import { select } from '../../../src/internal/utils/chan.ts';
import type { baseServer } from '../../../src/server.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';

export async function run(this: baseServer): Promise<void> {
  void select;
  try {
    if (this.errorChan.isClosed) return;
    for (;;) {
      const r = await select([this.errorChan, this.receivedPackets]);
      if (r.index === 0) return;
      this.handlePacketImpl(r.value as receivedPacket);
    }
  } finally {
    this.running.close();
  }
}
