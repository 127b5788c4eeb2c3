// Keeps this replica's learning and the store in step, every `updateInterval`: unsaved increments are folded into the
// stored state (see learned-state.ts), and what other replicas stored is read back, so every replica sees every
// replica's learning within one interval plus one read. Syncs never overlap; a failed one keeps its increments.
import type { GateEngine } from "./engine.ts";
import type { StateStore } from "./file-store.ts";
import type { GateMetrics } from "./metrics.ts";

export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export class StatePersister {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  /** Whether stored state has been read at least once (until then evaluation uses the manifests' values). */
  loaded = false;

  constructor(
    /** Replaced when the networks change (the new engine has adopted the old one's state). */
    public engine: GateEngine,
    private readonly store: StateStore,
    private readonly metrics: GateMetrics,
    private readonly log: Logger,
  ) {}

  private async syncOnce(): Promise<boolean> {
    const taken = this.engine.takePending();
    try {
      const ignored =
        taken.size === 0
          ? this.engine.importState(await this.store.load())
          : this.engine.settle(await this.store.update((current) => this.engine.fold(current, taken)));
      if (taken.size > 0) this.metrics.persistence.inc({ result: "saved" });
      this.metrics.lastSuccess.set(Date.now() / 1000);
      if (!this.loaded) {
        this.loaded = true;
        this.metrics.stateLoaded.set(1);
        this.log.info(`learned state loaded from ${this.store.description}`);
        if (ignored.length > 0) this.log.info(`ignored stored state that no longer fits its gate: ${ignored.join(", ")}`);
      }
      return true;
    } catch (err) {
      this.engine.returnPending(taken);
      if (taken.size > 0) this.metrics.persistence.inc({ result: "error" });
      else this.metrics.persistence.inc({ result: "read_error" });
      this.log.error(
        `${taken.size > 0 ? "saving learned state to" : "reading learned state from"} ${this.store.description} failed: ${(err as Error).message}`,
      );
      return false;
    }
  }

  /** Saves pending increments and reads what others stored. Resolves false when it failed (retried next time). */
  flush(): Promise<boolean> {
    const next = this.running.then(() => this.syncOnce());
    this.running = next;
    return next;
  }

  /**
   * Loads stored state now and syncs every `intervalMs`; until the first load succeeds it is retried every second
   * (or every interval, if shorter). A slow store skips ticks rather than queueing them.
   */
  start(intervalMs: number): void {
    this.stop();
    let busy = false;
    let last = 0;
    const tick = () => {
      if (busy || (this.loaded && Date.now() - last < intervalMs)) return;
      busy = true;
      last = Date.now();
      void this.flush().finally(() => (busy = false));
    };
    tick();
    this.timer = setInterval(tick, Math.min(intervalMs, 1000));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
