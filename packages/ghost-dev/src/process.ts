import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { GhostDevError, type GhostDevErrorCode } from './errors.js';

export interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Every output line, stdout and stderr, as it arrives. */
  readonly onLine?: (line: string) => void;
  readonly errorCode?: GhostDevErrorCode;
  readonly hint: string;
}

/** Runs a command to completion; on failure the error carries the last output lines. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    let stdout = '';
    const feed = (isStdout: boolean) => {
      let pending = '';
      return (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        if (isStdout) stdout += text;
        pending += text;
        const lines = pending.split(/\r?\n|\r/);
        pending = lines.pop() ?? '';
        for (const line of lines) {
          // npm's complaint about the npmrc `nodedir` we override on purpose.
          if (line.trim() === '' || /Unknown (env|user) config "nodedir"/.test(line)) continue;
          tail.push(line);
          if (tail.length > 40) tail.shift();
          options.onLine?.(line);
        }
      };
    };
    child.stdout.on('data', feed(true));
    child.stderr.on('data', feed(false));
    child.on('error', (cause) =>
      reject(
        new GhostDevError(
          options.errorCode ?? 'INSTALL_FAILED',
          `could not run ${command}: ${cause.message}`,
          {
            hint: options.hint,
            cause,
          },
        ),
      ),
    );
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve(stdout);
        return;
      }
      const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
      reject(
        new GhostDevError(
          options.errorCode ?? 'INSTALL_FAILED',
          `\`${command} ${args.join(' ')}\` ${how}; last output:\n${tail.map((l) => `    ${l}`).join('\n')}\n`,
          { hint: options.hint },
        ),
      );
    });
  });
}

/** The parent's environment minus `npm_*` settings an `npm run` parent injects (prefix, workspace…). */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'NODE_OPTIONS' || key.startsWith('VITEST') || key === 'TEST') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** True while `pid` exists and is not a zombie (an exited child nobody reaped yet). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}
