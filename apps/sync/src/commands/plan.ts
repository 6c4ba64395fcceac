import { defineCommand } from 'citty';
import { loadSettings, requireGhost } from '../settings.js';
import { runSync } from '../sync-run.js';
import { pathsOf, sharedArgs } from './push.js';

export default defineCommand({
  meta: {
    name: 'plan',
    description: 'Show what push would create, update, skip, quarantine, or find in conflict',
  },
  args: sharedArgs,
  async run({ args }) {
    const settings = await loadSettings({
      url: args.url,
      config: args.config,
      concurrency: args.concurrency,
    });
    const { exitCode } = await runSync(
      requireGhost(settings),
      pathsOf(args),
      {
        dryRun: true,
        draft: args.draft,
        force: args.force,
        prune: args.prune,
        json: args.json,
        concurrency: settings.concurrency,
      },
      { stateFile: settings.stateFile },
    );
    return exitCode;
  },
});
