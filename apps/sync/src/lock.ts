import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { CliError } from './errors.js';

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

/**
 * Runs `work` while holding `<stateFile>.lock`, so that two pushes from one directory never run
 * at once: both would look a post up, find nothing and create it twice. The lock names the pid
 * and host holding it; a lock left by a process of this host that is no longer running (killed)
 * is taken over. A lock held elsewhere, or by a live process, is an error naming the holder.
 */
export async function withRunLock<T>(stateFile: string, work: () => Promise<T>): Promise<T> {
  const path = `${stateFile}.lock`;
  await mkdir(dirname(path), { recursive: true });
  await acquire(path, true);
  try {
    return await work();
  } finally {
    await unlink(path).catch(() => {});
  }
}

async function acquire(path: string, mayTakeOver: boolean): Promise<void> {
  const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  try {
    const file = await open(path, 'wx');
    try {
      await file.writeFile(`${JSON.stringify(me)}\n`);
    } finally {
      await file.close();
    }
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = await readHolder(path);
  if (holder !== undefined && mayTakeOver && holder.host === me.host && !alive(holder.pid)) {
    // Left behind by a run that was killed; a second taker loses the `wx` race below.
    await unlink(path).catch(() => {});
    return acquire(path, false);
  }
  const who =
    holder === undefined
      ? 'another kiji-sync run'
      : `kiji-sync pid ${holder.pid} on ${holder.host} (since ${holder.since})`;
  throw new CliError(
    'busy',
    `${who} is already syncing from this directory (lock ${path})`,
    'Wait for it to finish. If no such run exists (it ran on another machine and was killed), delete the lock file.',
  );
}

async function readHolder(path: string): Promise<Holder | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<Holder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.since === 'string')
      return { pid: value.pid, host: value.host, since: value.since };
  } catch {
    // Unreadable or half-written: treated as held, the message says how to clear it.
  }
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
