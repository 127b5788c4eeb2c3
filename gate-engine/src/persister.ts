// Saves learned state every `updateInterval`: only the keys that changed since the last save are sent.
import type { GateEngine } from "./engine.ts";
import type { StateStore } from "./file-store.ts";
import type { GateMetrics } from "./metrics.ts";

export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export class StatePersister {
  private saved: Record<string, string> = {};
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: GateEngine,
    private readonly store: StateStore,
    private readonly metrics: GateMetrics,
    private readonly log: Logger,
  ) {}

  /** Loads stored state into the engine; what is loaded counts as saved. */
  async restore(): Promise<void> {
    const data = await this.store.load();
    const ignored = this.engine.importState(data);
    if (ignored.length > 0) this.log.info(`ignored stored state that no longer fits its gate: ${ignored.join(", ")}`);
    this.saved = this.engine.exportState();
  }

  private changes(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.engine.exportState()).filter(([k, v]) => this.saved[k] !== v));
  }

  /** Saves pending changes; saves never overlap. Resolves false when the save failed (it is retried next time). */
  flush(): Promise<boolean> {
    const next = this.running.then(async () => {
      const changes = this.changes();
      if (Object.keys(changes).length === 0) return true;
      try {
        await this.store.save(changes);
        this.saved = { ...this.saved, ...changes };
        this.metrics.persistence.inc({ result: "saved" });
        return true;
      } catch (err) {
        this.metrics.persistence.inc({ result: "error" });
        this.log.error(`saving learned state to ${this.store.description} failed: ${(err as Error).message}`);
        return false;
      }
    });
    this.running = next.then(() => undefined);
    return next;
  }

  start(intervalMs: number): void {
    this.stop();
    let busy = false;
    // A slow store must not queue up one save per tick: skip ticks while a save is under way.
    this.timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void this.flush().finally(() => (busy = false));
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
