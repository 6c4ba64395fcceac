import {
  createFileState,
  GhostAdminClient,
  type GhostConfig,
  type SyncItem,
  type SyncReport,
  syncPosts,
} from '@kiji/ghost';
import { EXIT } from './errors.js';
import { withRunLock } from './lock.js';
import { loadPosts } from './posts.js';
import { describeItem, Progress, summary } from './report.js';

export interface RunFlags {
  readonly dryRun: boolean;
  readonly draft: boolean;
  readonly force: boolean;
  readonly prune: boolean;
  readonly json: boolean;
  readonly concurrency: number;
}

export interface RunOutcome {
  readonly report: SyncReport;
  readonly exitCode: number;
}

export interface RunOptions {
  readonly stateFile: string;
  readonly signal?: AbortSignal;
  readonly out?: NodeJS.WriteStream;
  readonly err?: NodeJS.WriteStream;
  /** Print only posts that need attention (the caller prints its own list). */
  readonly quiet?: boolean;
}

/**
 * Read, clean and sync once; prints as it goes (plain lines, a bar on a TTY, or one JSON report).
 * A run that writes holds the state file's lock (see `withRunLock`); a dry run writes nothing.
 */
export function runSync(
  ghost: GhostConfig,
  paths: readonly string[],
  flags: RunFlags,
  options: RunOptions,
): Promise<RunOutcome> {
  if (flags.dryRun) return runOnce(ghost, paths, flags, options);
  return withRunLock(options.stateFile, () => runOnce(ghost, paths, flags, options));
}

async function runOnce(
  ghost: GhostConfig,
  paths: readonly string[],
  flags: RunFlags,
  options: RunOptions,
): Promise<RunOutcome> {
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  const loaded = await loadPosts(paths);
  const client = new GhostAdminClient(ghost);
  const state = await createFileState(options.stateFile, ghost.url);
  const progress = new Progress(err, !flags.json);
  const gone: SyncItem[] = [];
  const print = (item: SyncItem) => {
    if (flags.json) return;
    // Pushing part of a site leaves every other #kiji post "gone": listed at the end, or counted.
    if (item.status === 'gone') {
      gone.push(item);
      return;
    }
    // On a TTY only what needs attention gets a line; the bar shows the rest.
    if (progress.active && (item.status === 'skipped' || item.status === 'skip')) return;
    if (options.quiet && !['failed', 'conflict', 'quarantine'].includes(item.status)) return;
    progress.clear();
    out.write(`${describeItem(item)}\n`);
  };
  const parseFailures: SyncItem[] = loaded.errors.map((e) => ({
    status: 'failed',
    sourcePath: e.path,
    id: e.path.replace(/^.*\//, '').replace(/\.[^.]+$/, ''),
    title: '',
    ghostId: undefined,
    slug: undefined,
    url: undefined,
    message: e.message,
    warnings: [],
  }));
  for (const item of parseFailures) print(item);
  const report = await syncPosts(
    client,
    loaded.posts.map((p) => p.result),
    {
      dryRun: flags.dryRun,
      draft: flags.draft,
      force: flags.force,
      prune: flags.prune,
      concurrency: flags.concurrency,
      authors: ghost.authors,
      state,
      ...(options.signal ? { signal: options.signal } : {}),
      onItem: (item, done, total) => {
        print(item);
        progress.tick(done, total, item.sourcePath ?? item.id);
      },
    },
  );
  progress.clear();
  if (gone.length > 0 && gone.length <= 10) for (const item of gone) out.write(`${describeItem(item)}\n`);
  else if (gone.length > 10) {
    out.write(
      `source gone     ${gone.length} #kiji posts in Ghost have no source among the given paths (--prune unpublishes them; --json lists them)\n`,
    );
  }
  const counts = { ...report.counts };
  if (parseFailures.length > 0) counts.failed = (counts.failed ?? 0) + parseFailures.length;
  const full: SyncReport = {
    ...report,
    items: [...parseFailures, ...report.items],
    counts,
    hasProblems: report.hasProblems || parseFailures.length > 0,
  };
  if (flags.json) out.write(`${JSON.stringify({ site: ghost.url, dryRun: flags.dryRun, ...full })}\n`);
  else out.write(`${summary(full)}\n`);
  return { report: full, exitCode: full.hasProblems ? EXIT.problems : EXIT.ok };
}
