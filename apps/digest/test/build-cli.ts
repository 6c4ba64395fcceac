import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The crash tests run the real CLI in a child process (to SIGKILL it), so compile it first.
export default function setup(): void {
  const app = join(dirname(fileURLToPath(import.meta.url)), '..');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(app, 'tsconfig.build.json')], { stdio: 'inherit' });
}
