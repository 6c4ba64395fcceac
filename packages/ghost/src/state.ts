import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The `updated_at` Ghost returned after our last write to each post. Optional: identity and the
 * skip decision live in Ghost itself; this only sharpens conflict detection (a body edited in Ghost
 * keeps title/slug/excerpt, so only a changed `updated_at` shows it).
 */
export interface SyncState {
  get(ghostId: string): string | undefined;
  set(ghostId: string, updatedAt: string): void;
  delete(ghostId: string): void;
  /** Persists; a no-op for in-memory state. */
  save(): Promise<void>;
}

export function createMemoryState(initial: Record<string, string> = {}): SyncState {
  const map = new Map(Object.entries(initial));
  return {
    get: (id) => map.get(id),
    set: (id, at) => void map.set(id, at),
    delete: (id) => void map.delete(id),
    save: async () => {},
  };
}

/** A JSON file keyed by site URL, written atomically (temp file + rename). */
export async function createFileState(file: string, siteUrl: string): Promise<SyncState> {
  let all: Record<string, Record<string, string>> = {};
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      all = parsed as Record<string, Record<string, string>>;
    }
  } catch (error) {
    // A missing or corrupt state file only costs conflict detection for body-only edits.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) throw error;
  }
  const map = new Map<string, string>(Object.entries(all[siteUrl] ?? {}));
  let dirty = false;
  return {
    get: (id) => map.get(id),
    set: (id, at) => {
      dirty = true;
      map.set(id, at);
    },
    delete: (id) => {
      dirty = true;
      map.delete(id);
    },
    save: async () => {
      if (!dirty) return;
      all[siteUrl] = Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : 1)));
      await mkdir(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(tmp, `${JSON.stringify(all, null, 2)}\n`, 'utf8');
      await rename(tmp, file);
      dirty = false;
    },
  };
}
