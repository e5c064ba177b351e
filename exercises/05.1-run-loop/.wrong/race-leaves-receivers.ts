// Promise.race over two recv()s: a receiver stays on receivedPackets and swallows the next packet.
import { select } from '../../../src/internal/utils/chan.ts';
import type { baseServer } from '../../../src/server.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';

export async function run(this: baseServer): Promise<void> {
  void select;
  try {
    for (;;) {
      if (this.errorChan.isClosed) return;
      const r = await Promise.race([this.errorChan.recv().then(() => undefined), this.receivedPackets.recv().then((x) => x.value)]);
      if (r === undefined) return;
      this.handlePacketImpl(r);
    }
  } finally {
    this.running.close();
  }
}
