import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type GhostConfig, validateConfig } from '@kiji/ghost';
import { defineCommand } from 'citty';
import { CliError } from '../errors.js';
import { loadSettings } from '../settings.js';
import { runSync } from '../sync-run.js';

/** The part of @kiji/ghost-dev that `start` uses. */
interface LocalGhost {
  url: string;
  adminKey: string;
  pid: number;
  dataDir: string;
}

function repoRoot(): string {
  // dist/commands/start.js → the repository root, for `examples/posts` and `.kiji/`.
  return resolve(fileURLToPath(new URL('../../../../', import.meta.url)));
}

export default defineCommand({
  meta: {
    name: 'start',
    description: 'Publish examples/posts to Ghost (a local one when none is configured)',
  },
  args: {
    posts: { type: 'string', description: 'Posts to publish (default examples/posts)' },
    json: { type: 'boolean', default: false },
  },
  async run({ args }) {
    const root = existsSync(join(process.cwd(), 'examples', 'posts')) ? process.cwd() : repoRoot();
    const settings = await loadSettings();
    const posts = resolve(args.posts ?? join(root, 'examples', 'posts'));
    let ghost: GhostConfig;
    let local: LocalGhost | undefined;
    if (settings.ghost) {
      ghost = settings.ghost;
    } else {
      process.stderr.write(
        'kiji-sync: no GHOST_URL configured: using the local Ghost in .kiji/ghost (started if needed; the first run installs it, a few minutes)…\n',
      );
      // A variable specifier keeps @kiji/ghost-dev (and its 650 MB Ghost) out of every other command's load.
      const spec = '@kiji/ghost-dev';
      const dev = (await import(spec)) as {
        startGhost: (o: { dataDir: string; detached?: boolean }) => Promise<LocalGhost>;
      };
      try {
        local = await dev.startGhost({ dataDir: join(root, '.kiji', 'ghost'), detached: true });
      } catch (error) {
        throw new CliError(
          'config',
          `could not start a local Ghost: ${(error as Error).message}`,
          'See the message above; or set GHOST_URL and GHOST_ADMIN_API_KEY to use an existing site.',
          error,
        );
      }
      ghost = validateConfig({ url: local.url, adminKey: local.adminKey, authors: settings.authors });
    }
    const { report, exitCode } = await runSync(
      ghost,
      [posts],
      {
        dryRun: false,
        draft: false,
        force: false,
        prune: false,
        json: args.json,
        concurrency: settings.concurrency,
      },
      { stateFile: settings.stateFile, quiet: true },
    );
    if (!args.json) {
      const done = report.items.filter(
        (i) => i.status === 'created' || i.status === 'updated' || i.status === 'skipped',
      );
      process.stdout.write(`\nSite: ${ghost.url}/\n`);
      for (const i of done) {
        const label = i.status === 'skipped' ? 'unchanged' : i.status;
        process.stdout.write(`  ${label.padEnd(9)} ${i.title}\n            ${i.url ?? ''}\n`);
      }
      // Said once here rather than per post (the per-post lines are quiet for `start`).
      const warnings = new Set(done.filter((i) => i.status !== 'skipped').flatMap((i) => i.warnings));
      for (const w of warnings) process.stdout.write(`  warning: ${w}\n`);
      if (local) {
        process.stdout.write(
          `\nGhost admin: ${ghost.url}/ghost/  (data in ${local.dataDir}, pid ${local.pid})\n`,
        );
        process.stdout.write('Stop it with: npx kiji-ghost-dev stop\n');
      }
    }
    return exitCode;
  },
});
