// What the playground's panels show at one moment of a run, derived from the engine's recording
// (playground/README.md): the frame the player is at, plus what has accumulated up to it (the
// trace lines and the sequence diagram's arrows).
import type { Frame, Recording } from '../../../../playground/index.ts';

export type { Frame, Recording };
export type GoroutineView = Frame['goroutines'][number];
export type QueueView = Frame['queues'][number];
export type PacketView = Frame['packets'][number];
export type MessageView = NonNullable<Frame['message']> & { t: number };

export interface Snapshot {
  frame: Frame | undefined;
  /** the virtual clock, ms */
  now: number;
  /** events shown so far, of how many */
  index: number;
  total: number;
  /** the hosts of the run, server first: `server`, `client 1`, … */
  hosts: string[];
  participants: string[];
  messages: MessageView[];
  /** the lines `npm run playground -- <id>` prints, up to this event */
  trace: string[];
}

/** Everything up to and including frame `index` (the player starts at 0, the first event). */
export function snapshotAt(rec: Recording, index: number): Snapshot {
  const shown = rec.frames.slice(0, index + 1);
  const frame = shown.at(-1);
  const hosts = new Set<string>(['server']);
  for (const f of rec.frames.slice(0, 1)) for (const g of f.goroutines) hosts.add(g.owner);
  for (const f of shown) {
    for (const g of f.goroutines) hosts.add(g.owner);
    if (f.packet) hosts.add(f.packet.from).add(f.packet.to);
  }
  const messages = shown.flatMap((f) => (f.message ? [{ ...f.message, t: f.t }] : []));
  // The server's lifeline first, then the clients as they appear.
  const participants: string[] = ['server'];
  for (const m of messages) for (const p of [m.from, m.to]) if (!participants.includes(p)) participants.push(p);
  if (!messages.some((m) => m.from === 'server' || m.to === 'server')) participants.shift();
  return {
    frame,
    now: frame?.t ?? 0,
    index,
    total: rec.frames.length,
    hosts: [...hosts],
    participants,
    messages,
    trace: rec.trace.slice(0, index + 1),
  };
}

/** How far a packet has gone along its link at `now`, 0 to 1 (a held or lost one stays half-way). */
export function progress(p: PacketView, now: number): number {
  if (p.state === 'held' || p.state === 'lost') return 0.5;
  if (p.arriveAt === undefined || p.arriveAt <= p.sentAt) return 0.5;
  return Math.min(1, Math.max(0, (now - p.sentAt) / (p.arriveAt - p.sentAt)));
}
