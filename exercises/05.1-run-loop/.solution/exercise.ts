// Exercise 05.1, reference solution.
import { select } from '../../../src/internal/utils/chan.ts';
import type { baseServer } from '../../../src/server.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';

export async function run(this: baseServer): Promise<void> {
  for (;;) {
    // Shutdown first: select would pick at random between a closed errorChan and a queued packet.
    if (this.errorChan.isClosed) return;
    const r = await select([this.errorChan, this.receivedPackets]);
    if (r.index === 0) return;
    this.handlePacketImpl(r.value as receivedPacket);
  }
}
