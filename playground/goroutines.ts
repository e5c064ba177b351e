// The goroutines of a run, as the playground shows them: each one started by go() (src/internal/
// utils/goroutine.ts), who owns it ('server', 'client 1', …) and what it waits on between events.
// JavaScript cannot ask a suspended async function where it is; but each of quic-go's loops has one
// place where it blocks, named here after quic-go. The goroutine that produced the current trace
// event is the one running; the others wait there.

export interface GoroutineView {
  id: number;
  name: string;
  side: 'server' | 'client';
  /** 'server', 'client 1', … */
  owner: string;
  state: 'running' | 'waiting' | 'exited';
  waitsOn?: string;
  lastStep?: string;
  /** The connection it serves (hex of the server's connection ID, or the client's), if any. */
  conn?: string;
}

/** Where each of quic-go's loops blocks (the select or read it sits in between events). */
export const blockingPoint: Record<string, string> = {
  'transport.listen': 'conn.ReadPacket()',
  'transport.runSendQueue': 'select: closeQueue, statelessResetQueue',
  'server.run': 'select: errorChan, receivedPackets',
  'server.runSendQueue': 'select: versionNegotiationQueue, invalidTokenQueue, connectionRefusedQueue, retryQueue',
  'connection.run': 'select: closeChan, timer, sendingScheduled, receivedPackets',
  handleNewConn: 'select: HandshakeComplete(), Context().Done()',
};

export class GoroutineTable {
  private readonly all = new Map<number, GoroutineView>();
  /** Each live goroutine's view as frames show it; replaced, never changed, so frames can share it. */
  private readonly views = new Map<number, Readonly<GoroutineView>>();

  start(id: number, name: string, owner: string, conn?: string): void {
    const waitsOn = blockingPoint[name];
    this.update(id, { id, name, side: owner === 'server' ? 'server' : 'client', owner, state: 'waiting', ...(waitsOn ? { waitsOn } : {}), ...(conn ? { conn } : {}) });
  }

  exit(id: number): void {
    this.change(id, { state: 'exited' });
    this.views.delete(id);
  }

  byID(id: number): Readonly<GoroutineView> | undefined {
    return this.all.get(id);
  }

  /** The live goroutine named `name` of `owner` serving `conn` (or one that serves none yet). */
  find(name: string, owner: string, conn?: string): Readonly<GoroutineView> | undefined {
    let found: GoroutineView | undefined;
    for (const g of this.all.values()) {
      if (g.state === 'exited' || g.name !== name || g.owner !== owner) continue;
      if (conn === undefined || g.conn === conn) return g;
      if (g.conn === undefined) found ??= g;
    }
    return found;
  }

  /** The live goroutines named `name`. */
  live(name: string): Readonly<GoroutineView>[] {
    return [...this.all.values()].filter((g) => g.name === name && g.state !== 'exited');
  }

  /** Records what a goroutine did (lastStep), what it waits on, or the connection it serves. */
  change(id: number, fields: Partial<Pick<GoroutineView, 'lastStep' | 'waitsOn' | 'conn' | 'state'>>): void {
    const g = this.all.get(id);
    if (!g || Object.entries(fields).every(([k, v]) => g[k as keyof GoroutineView] === v)) return; // unchanged: frames keep sharing its view
    this.update(id, { ...g, ...fields });
  }

  /** The live goroutines for one frame: `running` (the one of this frame's event) runs, the others wait. */
  snapshot(running: number | undefined): Readonly<GoroutineView>[] {
    const live = [...this.views.values()];
    if (running === undefined) return live;
    return live.map((g) => {
      if (g.id !== running) return g;
      const { waitsOn: _, ...rest } = g;
      return { ...rest, state: 'running' };
    });
  }

  private update(id: number, g: GoroutineView): void {
    this.all.set(id, g);
    if (g.state !== 'exited') this.views.set(id, Object.freeze({ ...g }));
  }
}
