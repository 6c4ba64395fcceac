#!/usr/bin/env node
import { type CommandDef, defineCommand, runCommand, showUsage } from 'citty';
import { isGhostDevError, UsageError } from './errors.js';

const main = defineCommand({
  meta: {
    name: 'kiji-ghost-dev',
    description: 'Install and run a local Ghost 6 for kiji development and tests',
  },
  subCommands: {
    install: () => import('./commands.js').then((m) => m.install),
    start: () => import('./commands.js').then((m) => m.start),
    stop: () => import('./commands.js').then((m) => m.stop),
    status: () => import('./commands.js').then((m) => m.status),
  },
});

/** One place maps failures to exit codes: 1 for a known failure, 2 for usage, 70 for a bug. */
async function runMain(): Promise<void> {
  const rawArgs = process.argv.slice(2);
  if (rawArgs.length === 0 || rawArgs[0] === '--help' || rawArgs[0] === '-h') {
    await showUsage(main);
    process.exitCode = rawArgs.length === 0 ? 2 : 0;
    return;
  }
  try {
    if (rawArgs.includes('--help') || rawArgs.includes('-h')) {
      // runCommand itself ignores --help: without this, `start --help` would start Ghost.
      const loaders = main.subCommands as Record<string, () => Promise<CommandDef>>;
      const loader = rawArgs[0] === undefined ? undefined : loaders[rawArgs[0]];
      if (loader) await showUsage(await loader(), main);
      else await showUsage(main);
      return;
    }
    await runCommand(main, { rawArgs });
  } catch (error) {
    if (isGhostDevError(error)) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    } else if (
      error instanceof UsageError ||
      (error instanceof Error && /Unknown command|Missing required/i.test(error.message))
    ) {
      process.stderr.write(`kiji-ghost-dev: ${error.message}\n`);
      await showUsage(main);
      process.exitCode = 2;
    } else {
      process.stderr.write(
        `kiji-ghost-dev: unexpected error (a bug): ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exitCode = 70;
    }
  }
}

await runMain();
