import { defineCommand } from 'citty';
import { CliError } from '../errors.js';
import { loadSettings, requireGhost } from '../settings.js';
import { runSync } from '../sync-run.js';

export const sharedArgs = {
  paths: { type: 'positional', description: 'Post files, directories or globs', required: true },
  json: { type: 'boolean', description: 'Print one JSON report on stdout', default: false },
  draft: { type: 'boolean', description: 'Send every post as a draft', default: false },
  prune: {
    type: 'boolean',
    description: 'Unpublish (never delete) #kiji posts whose source is gone',
    default: false,
  },
  force: {
    type: 'boolean',
    description: 'Overwrite posts edited in Ghost since the last push',
    default: false,
  },
  concurrency: { type: 'string', description: 'Parallel writes (default 3)' },
  url: { type: 'string', description: 'Ghost site URL (overrides GHOST_URL)' },
  config: { type: 'string', description: 'Config file (default kiji.config.json / .mjs)' },
} as const;

export function pathsOf(args: { _: string[] }): string[] {
  if (args._.length === 0) {
    throw new CliError(
      'usage',
      'no posts given',
      'Pass post files or directories, e.g. `kiji-sync push posts/`.',
    );
  }
  return args._;
}

/** push and plan differ only in whether anything is written. */
export async function pushOrPlan(
  args: {
    _: string[];
    url?: string;
    config?: string;
    concurrency?: string;
    draft: boolean;
    force: boolean;
    prune: boolean;
    json: boolean;
  },
  dryRun: boolean,
): Promise<number> {
  const settings = await loadSettings({
    url: args.url,
    config: args.config,
    concurrency: args.concurrency,
  });
  const { exitCode } = await runSync(
    requireGhost(settings),
    pathsOf(args),
    {
      dryRun,
      draft: args.draft,
      force: args.force,
      prune: args.prune,
      json: args.json,
      concurrency: settings.concurrency,
    },
    { stateFile: settings.stateFile },
  );
  return exitCode;
}

export default defineCommand({
  meta: { name: 'push', description: 'Publish posts to Ghost (create, update, skip unchanged)' },
  args: {
    ...sharedArgs,
    'dry-run': { type: 'boolean', description: 'Plan only, write nothing', default: false },
  },
  run: ({ args }) => pushOrPlan(args, args['dry-run']),
});
