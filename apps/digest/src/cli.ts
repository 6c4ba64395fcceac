#!/usr/bin/env node
import { DigestError } from '@kiji/digest';
import { defineCommand, runCommand, runMain } from 'citty';
import { DigestAppError, EXIT_CODES } from './errors.js';

export const main = defineCommand({
  meta: { name: 'kiji-digest', version: '0.1.0', description: 'The weekly investment-analysis digest' },
  subCommands: {
    run: () => import('./commands.js').then((m) => m.run),
    schedule: () => import('./commands.js').then((m) => m.schedule),
    preview: () => import('./commands.js').then((m) => m.preview),
  },
});

/** One place that turns known errors into a message and an exit code. */
export async function cli(rawArgs: string[]): Promise<number> {
  if (rawArgs.length === 0 || rawArgs.some((a) => a === '--help' || a === '-h' || a === '--version')) {
    await runMain(main, { rawArgs });
    return 0;
  }
  try {
    await runCommand(main, { rawArgs });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof DigestAppError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_CODES[error.code];
    }
    if (error instanceof DigestError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if ((error as { name?: string }).name === 'CLIError') {
      process.stderr.write(`kiji-digest: ${(error as Error).message}. Run kiji-digest --help.\n`);
      return 2;
    }
    process.stderr.write(`kiji-digest: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

const code = await cli(process.argv.slice(2));
process.exit(code);
