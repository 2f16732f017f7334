/**
 * Live state of the replays this page cares about, fed by the socket. Events for
 * any replay are kept (one may finish before its upload response arrives); after
 * a reconnect, every unfinished replay is re-synced so nothing stays stuck.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { ReplaySnapshot } from '$lib/replay-types';
import {
  fromSnapshot,
  isTerminal,
  mergeSnapshot,
  needsSnapshot,
  onDone,
  onFailed,
  onProgress,
  type ReplayLive,
} from './replay-live';
import type { RealtimeSocket } from './socket';

export type ConnectionState = 'connecting' | 'online' | 'offline';

export type SnapshotFetcher = (replayId: string) => Promise<ReplaySnapshot | null>;

export class ReplayTracker {
  readonly #live = new SvelteMap<string, ReplayLive>();
  readonly #watched = new Set<string>();
  readonly #pendingSnapshots = new Set<string>();
  connection: ConnectionState = $state('connecting');
  /** Why the socket is down, in words, when it is. */
  connectionProblem: string | null = $state(null);

  constructor(
    private readonly socket: RealtimeSocket,
    private readonly fetchSnapshot: SnapshotFetcher,
  ) {
    socket.on('replay:progress', (p) => this.#set(p.replayId, onProgress(this.#live.get(p.replayId), p)));
    socket.on('replay:done', (d) => this.#set(d.replayId, onDone(d)));
    socket.on('replay:failed', (f) => this.#set(f.replayId, onFailed(f)));
    socket.on('connect', () => {
      const wasDown = this.connection !== 'connecting';
      this.connection = 'online';
      this.connectionProblem = null;
      if (wasDown) this.#resync();
    });
    socket.on('disconnect', () => {
      this.connection = 'offline';
    });
    socket.on('connect_error', (err) => {
      this.connection = 'offline';
      this.connectionProblem = err.message || 'Cannot reach the live-progress service.';
    });
  }

  get(replayId: string): ReplayLive | undefined {
    return this.#live.get(replayId);
  }

  /** Follow a replay; if nothing is known yet, ask the server (events may have passed before we knew its id). */
  watch(replayId: string): void {
    this.#watched.add(replayId);
    if (!this.#live.has(replayId)) void this.#snapshot(replayId);
  }

  #set(replayId: string, live: ReplayLive): void {
    this.#live.set(replayId, live);
    if (this.#watched.has(replayId) && needsSnapshot(live)) void this.#snapshot(replayId);
  }

  async #snapshot(replayId: string): Promise<void> {
    if (this.#pendingSnapshots.has(replayId)) return;
    this.#pendingSnapshots.add(replayId);
    try {
      const snap = await this.fetchSnapshot(replayId);
      if (!snap) return;
      // The snapshot was read before some live events may have arrived: never step back.
      const current = this.#live.get(replayId);
      const merged = mergeSnapshot(current, fromSnapshot(snap));
      if (merged !== current) this.#live.set(replayId, merged);
    } catch {
      // Live events or the next reconnect will fill this in.
    } finally {
      this.#pendingSnapshots.delete(replayId);
    }
  }

  /** After a reconnect: current stages over the socket, full snapshots for those that ended meanwhile. */
  #resync(): void {
    const open = [...this.#watched].filter(
      (id) => !isTerminal(this.#live.get(id)) || needsSnapshot(this.#live.get(id)),
    );
    if (open.length === 0) return;
    this.socket.emit('replay:status', { replayIds: open }, (reply) => {
      if (!reply.ok) {
        for (const id of open) void this.#snapshot(id);
        return;
      }
      const seen = new Set<string>();
      for (const p of reply.data) {
        seen.add(p.replayId);
        const current = this.#live.get(p.replayId);
        this.#set(p.replayId, mergeSnapshot(current, onProgress(undefined, p)));
      }
      for (const id of open) if (!seen.has(id)) void this.#snapshot(id);
    });
  }
}
