import { mkdir, open, readFile, rm, stat, utimes } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DigestAppError } from './errors.js';
import { writeAtomic } from './fsutil.js';

export type DigestStatus = 'sending' | 'sent' | 'partial' | 'empty' | 'written';

export interface DeliveryRecord {
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  error?: string | undefined;
  at?: string | undefined;
  name?: string | undefined;
  unsubscribeUrl: string;
}

export interface DigestRecord {
  id: string;
  /** Where the files and the tokenised render were written. */
  dir: string;
  sinceMs: number;
  untilMs: number;
  status: DigestStatus;
  subject: string;
  createdAt: string;
  /** Recipients by address. */
  recipients: Record<string, DeliveryRecord>;
}

export interface StateData {
  version: 1;
  digests: Record<string, DigestRecord>;
  /** The last cron slot that was run (so a slot missed while down is run once on start). */
  lastSlotMs?: number | undefined;
}

interface JournalEntry {
  digest: string;
  to: string;
  status: 'sent' | 'failed';
  error?: string;
  at: string;
}

/**
 * The digest's state: one JSON file written atomically, plus an append-only journal that gets one
 * fsynced line per delivery (rewriting the whole file per message would be quadratic). On open the
 * journal is replayed; `compact` folds it into the JSON file.
 */
export class StateStore {
  readonly file: string;
  readonly journalFile: string;
  data: StateData;

  private constructor(file: string, data: StateData) {
    this.file = file;
    this.journalFile = `${file}.journal`;
    this.data = data;
  }

  static async open(file: string): Promise<StateStore> {
    let data: StateData = { version: 1, digests: {} };
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as StateData;
      if (parsed?.version !== 1 || typeof parsed.digests !== 'object')
        throw new Error('unknown state version');
      data = parsed;
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new DigestAppError('state', 'cannot read the state file', {
          file,
          hint: 'Restore it from a backup, or move it away to start afresh (recipients may then get a digest again).',
          cause,
        });
      }
    }
    const store = new StateStore(file, data);
    await store.replay();
    return store;
  }

  private async replay(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.journalFile, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        continue; // a line torn by a crash mid-append: that delivery was never confirmed
      }
      this.apply(entry);
    }
  }

  private apply(entry: JournalEntry): void {
    const digest = this.data.digests[entry.digest];
    if (!digest) return;
    const prev = digest.recipients[entry.to];
    if (!prev || prev.status === 'sent') return;
    digest.recipients[entry.to] = {
      ...prev,
      status: entry.status,
      attempts: prev.attempts + 1,
      error: entry.error,
      at: entry.at,
    };
  }

  /** Records one delivery durably before returning (the exactly-once guarantee rests on this). */
  async record(digest: string, to: string, status: 'sent' | 'failed', error?: string): Promise<void> {
    const entry: JournalEntry = {
      digest,
      to,
      status,
      at: new Date().toISOString(),
      ...(error ? { error } : {}),
    };
    const handle = await open(this.journalFile, 'a');
    try {
      await handle.appendFile(`${JSON.stringify(entry)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.apply(entry);
  }

  /** Writes the whole state atomically and empties the journal it now contains. */
  async save(): Promise<void> {
    await writeAtomic(this.file, `${JSON.stringify(this.data, null, 2)}\n`);
    await rm(this.journalFile, { force: true });
  }

  /** The end of the last digest that completed (sent, partly sent, written to files, or empty), for the next window. */
  lastEndMs(): number | undefined {
    let end: number | undefined;
    for (const d of Object.values(this.data.digests)) {
      if (d.status !== 'sending') {
        end = Math.max(end ?? Number.NEGATIVE_INFINITY, d.untilMs);
      }
    }
    return end;
  }
}

export interface LockInfo {
  pid: number;
  at: string;
  host?: string;
}

export interface Lock {
  readonly file: string;
  /** Touches the lock so a long send is not taken for a stale lock. */
  refresh(): Promise<void>;
  release(): Promise<void>;
}

/**
 * Only one kiji-digest sends at a time: a lock file created with `wx` holding our pid. A lock whose
 * process is gone, or untouched for `staleMs`, is taken over.
 */
export async function acquireLock(file: string, options: { staleMs?: number } = {}): Promise<Lock> {
  const staleMs = options.staleMs ?? 10 * 60_000;
  const info: LockInfo = { pid: process.pid, at: new Date().toISOString() };
  await mkdir(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(JSON.stringify(info));
      await handle.close();
      return {
        file,
        refresh: async () => {
          const now = new Date();
          await utimes(file, now, now).catch(() => undefined);
        },
        release: async () => {
          await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readLock(file);
    const age = await stat(file).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (holder && isAlive(holder.pid) && age < staleMs) {
      throw new DigestAppError('locked', `another kiji-digest (pid ${holder.pid}) holds the lock`, {
        file,
        hint: 'Only one process may send at a time; wait for it to finish. If no such process runs, delete the lock file.',
      });
    }
    // Stale: its process is gone (crash, SIGKILL) or it stopped refreshing.
    await rm(file, { force: true });
  }
  throw new DigestAppError('locked', 'could not take the lock', {
    file,
    hint: 'Another process keeps recreating it; check for a second kiji-digest.',
  });
}

async function readLock(file: string): Promise<LockInfo | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
