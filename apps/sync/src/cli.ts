#!/usr/bin/env node
import { GhostError } from '@kiji/ghost';
import { defineCommand, renderUsage, runCommand } from 'citty';
import { CliError, EXIT } from './errors.js';
import { refuseKeyInArgv } from './settings.js';

type Command = Parameters<typeof runCommand>[0];

// Lazy: `inspect` never loads the Ghost client, `push` never loads ghost-dev.
const commands: Record<string, () => Promise<Command>> = {
  push: () => import('./commands/push.js').then((m) => m.default as Command),
  plan: () => import('./commands/plan.js').then((m) => m.default as Command),
  inspect: () => import('./commands/inspect.js').then((m) => m.default as Command),
  doctor: () => import('./commands/doctor.js').then((m) => m.default as Command),
  watch: () => import('./commands/watch.js').then((m) => m.default as Command),
  start: () => import('./commands/start.js').then((m) => m.default as Command),
};

const main = defineCommand({
  meta: {
    name: 'kiji-sync',
    version: '0.1.0',
    description: 'Publish a Jekyll blog to Ghost, safely re-runnable',
  },
  subCommands: commands,
});

/** The one place errors become messages and exit codes (0 ok, 1 posts failed/conflict, 2 usage/config, 3 busy). */
async function run(argv: string[]): Promise<number> {
  try {
    refuseKeyInArgv(argv);
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
      process.stdout.write(`${await renderUsage(main)}\n`);
      return argv.length === 0 ? EXIT.usage : EXIT.ok;
    }
    if (argv[0] === '--version') {
      process.stdout.write('0.1.0\n');
      return EXIT.ok;
    }
    const load = commands[argv[0] ?? ''];
    if (!load) {
      throw new CliError(
        'usage',
        `unknown command "${argv[0]}"`,
        `Commands: ${Object.keys(commands).join(', ')}.`,
      );
    }
    const sub = await load();
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(`${await renderUsage(sub, main)}\n`);
      return EXIT.ok;
    }
    // Dispatch here rather than through the parent command, so the command's exit code comes back.
    const { result } = await runCommand(sub, { rawArgs: argv.slice(1) });
    return typeof result === 'number' ? result : EXIT.ok;
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n  ${error.hint}\n`);
      return error.code === 'busy' ? EXIT.busy : EXIT.usage;
    }
    if (error instanceof GhostError) {
      process.stderr.write(`${error.message}\n  ${error.hint}\n`);
      return error.code === 'auth' || error.code === 'invalid-config' ? EXIT.usage : EXIT.problems;
    }
    // citty's own usage errors (unknown command, missing positional).
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^E/.test(code)) {
      process.stderr.write(`kiji-sync: ${(error as Error).message}\n  Run \`kiji-sync --help\`.\n`);
      return EXIT.usage;
    }
    process.stderr.write(`kiji-sync: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.problems;
  }
}

process.exitCode = await run(process.argv.slice(2));
