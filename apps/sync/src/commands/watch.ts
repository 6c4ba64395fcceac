import { type FSWatcher, watch } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { defineCommand } from 'citty';
import { CliError, EXIT } from '../errors.js';
import { loadSettings, requireGhost } from '../settings.js';
import { runSync } from '../sync-run.js';

const POST = /\.(?:md|markdown|txt)$/i;

/** mtime+size of every post file under dir: the polling fallback when recursive fs.watch is missing. */
async function snapshot(dir: string): Promise<string> {
  const parts: string[] = [];
  const walk = async (d: string) => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) await walk(p);
      else if (POST.test(entry.name)) {
        const s = await stat(p);
        parts.push(`${p}:${s.mtimeMs}:${s.size}`);
      }
    }
  };
  await walk(dir);
  return parts.sort().join('\n');
}

export default defineCommand({
  meta: { name: 'watch', description: 'Sync a directory on start, then on every change, until SIGTERM' },
  args: {
    dir: { type: 'positional', description: 'Posts directory', required: true },
    debounce: { type: 'string', description: 'Quiet time before a sync, in ms (default 500)' },
    draft: { type: 'boolean', default: false },
    prune: { type: 'boolean', default: false },
    json: { type: 'boolean', description: 'One JSON report per sync', default: false },
    concurrency: { type: 'string' },
    url: { type: 'string' },
    config: { type: 'string' },
  },
  async run({ args }) {
    const settings = await loadSettings({
      url: args.url,
      config: args.config,
      concurrency: args.concurrency,
    });
    const ghost = requireGhost(settings);
    const debounceMs = Number(args.debounce ?? 500);
    if (!Number.isFinite(debounceMs) || debounceMs < 0) {
      throw new CliError('usage', '--debounce must be a number of milliseconds', 'e.g. --debounce 500');
    }
    const dir = args.dir;
    try {
      if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
    } catch {
      throw new CliError('usage', `${dir} is not a directory`, 'Pass the folder that holds the posts.');
    }
    const stop = new AbortController();
    const flags = {
      dryRun: false,
      draft: args.draft,
      force: false,
      prune: args.prune,
      json: args.json,
      concurrency: settings.concurrency,
    };
    let running: Promise<void> | undefined;
    let pending = false;
    let exitCode: number = EXIT.ok;
    const sync = () => {
      if (stop.signal.aborted) return;
      if (running) {
        pending = true;
        return;
      }
      running = (async () => {
        do {
          pending = false;
          try {
            ({ exitCode } = await runSync(ghost, [dir], flags, {
              stateFile: settings.stateFile,
              signal: stop.signal,
            }));
          } catch (error) {
            // A Ghost outage must not end the service: report and wait for the next change.
            process.stderr.write(`${(error as Error).message}\n`);
            exitCode = EXIT.problems;
            // Another run (a manual push) holds the lock: these changes still need syncing after it.
            if (error instanceof CliError && error.code === 'busy') retryLater();
          }
        } while (pending && !stop.signal.aborted);
        running = undefined;
      })();
    };
    let timer: NodeJS.Timeout | undefined;
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(sync, debounceMs);
    };
    const retryLater = () => {
      clearTimeout(timer);
      timer = setTimeout(sync, Math.max(debounceMs, 2000));
    };
    let watcher: FSWatcher | undefined;
    let poll: NodeJS.Timeout | undefined;
    try {
      // Recursive fs.watch works on Linux from Node 20 (inotify per directory, set up by Node).
      watcher = watch(dir, { recursive: true }, (_event, file) => {
        if (!file || POST.test(String(file))) changed();
      });
    } catch {
      let last = await snapshot(dir);
      poll = setInterval(async () => {
        const now = await snapshot(dir).catch(() => last);
        if (now !== last) {
          last = now;
          changed();
        }
      }, 1000);
    }
    process.stderr.write(`kiji-sync: watching ${dir} → ${ghost.url} (SIGTERM or Ctrl-C to stop)\n`);
    sync();
    await new Promise<void>((resolve) => {
      const end = () => {
        stop.abort();
        resolve();
      };
      process.once('SIGTERM', end);
      process.once('SIGINT', end);
    });
    clearTimeout(timer);
    clearInterval(poll);
    watcher?.close();
    // Finish the post in flight; the pool starts no new one once aborted.
    await running;
    process.stderr.write('kiji-sync: stopped\n');
    return exitCode;
  },
});
