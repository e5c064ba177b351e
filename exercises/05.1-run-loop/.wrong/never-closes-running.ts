// Returns without closing `running`, so close waits for runSendQueue forever.
import { select } from '../../../src/internal/utils/chan.ts';
import type { baseServer } from '../../../src/server.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';

export async function run(this: baseServer): Promise<void> {
  void select;
  for (;;) {
    if (this.errorChan.isClosed) return;
    const r = await select([this.errorChan, this.receivedPackets]);
    if (r.index === 0) return;
    this.handlePacketImpl(r.value as receivedPacket);
  }
}
