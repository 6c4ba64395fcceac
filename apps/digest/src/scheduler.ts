import cron, { type ScheduledTask } from 'node-cron';

export interface SchedulerOptions {
  readonly cron: string;
  readonly timezone: string;
  /** The last slot that was run, from the state (undefined: never ran). */
  readonly lastSlotMs: number | undefined;
  /** Runs one slot; resolves when done. Never called twice at once. */
  readonly job: (slotMs: number) => Promise<void>;
  readonly log: (line: string) => void;
  readonly now?: () => number;
}

export interface Scheduler {
  /** Resolves when a missed-slot run (if any) has finished. */
  readonly ready: Promise<void>;
  /** Stops scheduling and waits for a run in flight. */
  stop(): Promise<void>;
}

const MINUTE = 60_000;
const LOOKBACK_MS = 35 * 24 * 60 * MINUTE;

/**
 * node-cron runs future slots only; a slot missed while the process was down is found by walking
 * back minute by minute to the latest matching time, and run once on start.
 */
export function latestSlot(task: Pick<ScheduledTask, 'match'>, nowMs: number): number | undefined {
  const start = Math.floor(nowMs / MINUTE) * MINUTE;
  for (let t = start; t > nowMs - LOOKBACK_MS; t -= MINUTE) {
    if (task.match(new Date(t))) return t;
  }
  return undefined;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const now = options.now ?? Date.now;
  let running: Promise<void> | undefined;
  let stopped = false;
  const runSlot = (slotMs: number): Promise<void> => {
    if (running) {
      options.log(`kiji-digest: a run is still in progress; slot ${new Date(slotMs).toISOString()} skipped`);
      return running;
    }
    running = options.job(slotMs).finally(() => {
      running = undefined;
    });
    return running;
  };
  const task = cron.schedule(
    options.cron,
    async (context) => {
      if (stopped) return;
      const slot = Math.floor(context.date.getTime() / MINUTE) * MINUTE;
      await runSlot(slot).catch((error: unknown) =>
        options.log(`kiji-digest: run failed: ${(error as Error).message}`),
      );
    },
    { timezone: options.timezone, noOverlap: true, name: 'kiji-digest' },
  );
  task.on('execution:overlap', (context) => {
    options.log(`kiji-digest: a run is still in progress; slot ${context.date.toISOString()} skipped`);
  });
  const missed = latestSlot(task, now());
  let ready = Promise.resolve();
  // Never ran (no state yet): nothing was missed, the first digest goes out at the next slot.
  if (missed !== undefined && options.lastSlotMs !== undefined && options.lastSlotMs < missed) {
    options.log(`kiji-digest: slot ${new Date(missed).toISOString()} was missed; running it now`);
    ready = runSlot(missed).catch((error: unknown) =>
      options.log(`kiji-digest: run failed: ${(error as Error).message}`),
    );
  }
  return {
    ready,
    async stop() {
      stopped = true;
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}
