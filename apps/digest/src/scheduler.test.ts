import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Scheduler, startScheduler } from './scheduler.js';

// Mondays 08:00 Asia/Tokyo = Sunday 23:00 UTC.
const MONDAY_0800_JST = Date.parse('2025-10-05T23:00:00Z');
const WEEK = 7 * 86_400_000;

describe('startScheduler (fake timers)', () => {
  let scheduler: Scheduler | undefined;
  const log = vi.fn();
  beforeEach(() => {
    vi.useFakeTimers();
    log.mockClear();
  });
  afterEach(async () => {
    // stop() waits for a run in flight, which needs (fake) time to pass.
    const stopping = scheduler?.stop();
    await vi.advanceTimersByTimeAsync(300_000);
    await stopping;
    scheduler = undefined;
    vi.useRealTimers();
  });

  it('runs a slot missed while down once on start, and not again after a restart', async () => {
    vi.setSystemTime(MONDAY_0800_JST + 2 * 86_400_000); // Wednesday
    const runs: number[] = [];
    const job = async (slot: number) => {
      runs.push(slot);
    };
    scheduler = startScheduler({
      cron: '0 8 * * 1',
      timezone: 'Asia/Tokyo',
      lastSlotMs: MONDAY_0800_JST - WEEK,
      job,
      log,
    });
    await scheduler.ready;
    expect(runs).toEqual([MONDAY_0800_JST]);
    await scheduler.stop();
    // Restart with the state the run left behind: nothing is missed any more.
    scheduler = startScheduler({
      cron: '0 8 * * 1',
      timezone: 'Asia/Tokyo',
      lastSlotMs: MONDAY_0800_JST,
      job,
      log,
    });
    await scheduler.ready;
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(runs).toEqual([MONDAY_0800_JST]);
  });

  it('does not run on the very first start (nothing was missed), then runs at the slot', async () => {
    vi.setSystemTime(MONDAY_0800_JST - 90_000);
    const runs: number[] = [];
    scheduler = startScheduler({
      cron: '0 8 * * 1',
      timezone: 'Asia/Tokyo',
      lastSlotMs: undefined,
      job: async (slot) => {
        runs.push(slot);
      },
      log,
    });
    await scheduler.ready;
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(runs).toEqual([MONDAY_0800_JST]);
  });

  it('never overlaps: a slot that comes while a run is in progress is skipped', async () => {
    vi.setSystemTime(Date.parse('2025-10-06T00:00:30Z'));
    let active = 0;
    let maxActive = 0;
    const started: number[] = [];
    scheduler = startScheduler({
      cron: '* * * * *',
      timezone: 'UTC',
      lastSlotMs: undefined,
      job: async (slot) => {
        started.push(slot);
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 150_000)); // two and a half minutes
        active--;
      },
      log,
    });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(maxActive).toBe(1);
    // 00:01 runs until 00:03:30; 00:02 and 00:03 are skipped; 00:04 runs.
    expect(started.map((s) => new Date(s).toISOString().slice(11, 16))).toEqual(['00:01', '00:04']);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('still in progress'));
  });
});
