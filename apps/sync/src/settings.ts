import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type GhostConfig, GhostError, validateConfig } from '@kiji/ghost';
import { CliError } from './errors.js';

/** What `kiji.config.json` / `kiji.config.mjs` may hold. */
export interface FileConfig {
  url?: string;
  adminKey?: string;
  authors?: Record<string, string>;
  concurrency?: number;
  timeoutMs?: number;
  retries?: number;
}

export interface Settings {
  /** Undefined when no Ghost is configured anywhere (then `start` runs a local one). */
  readonly ghost: GhostConfig | undefined;
  readonly concurrency: number;
  /** Where the last `updated_at` per Ghost post is kept, for conflict detection. */
  readonly stateFile: string;
  readonly configFile: string | undefined;
  /** Jekyll author → Ghost staff slug/email, from the config file. */
  readonly authors: Readonly<Record<string, string>>;
}

/** Flags that would put the key in argv (and so in `ps`, shell history, CI logs). */
const KEY_FLAGS = /^--?(key|admin-?key|admin-?api-?key|ghost-?admin-?api-?key)(=|$)/i;

export function refuseKeyInArgv(argv: readonly string[]): void {
  if (argv.some((a) => KEY_FLAGS.test(a))) {
    throw new CliError(
      'usage',
      'the Admin API key is never taken from the command line',
      'Set GHOST_ADMIN_API_KEY in the environment or .env, or "adminKey" in kiji.config.json.',
    );
  }
}

/** `.env`: KEY=VALUE lines, `#` comments, optional quotes. The real environment wins. */
export function readDotEnv(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let value = m[2] ?? '';
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    out[m[1]!] = value;
  }
  return out;
}

async function readConfigFile(
  cwd: string,
  explicit: string | undefined,
): Promise<[FileConfig, string | undefined]> {
  const candidates = explicit
    ? [resolve(cwd, explicit)]
    : [join(cwd, 'kiji.config.json'), join(cwd, 'kiji.config.mjs')];
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    try {
      if (file.endsWith('.json')) return [JSON.parse(readFileSync(file, 'utf8')) as FileConfig, file];
      const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
      const value = typeof mod.default === 'function' ? await (mod.default as () => unknown)() : mod.default;
      return [(value ?? {}) as FileConfig, file];
    } catch (error) {
      throw new CliError(
        'config',
        `cannot read ${file}: ${(error as Error).message}`,
        'Fix the file (JSON object, or an .mjs with `export default { url, authors }`).',
        error,
      );
    }
  }
  if (explicit) {
    throw new CliError('config', `config file ${explicit} not found`, 'Check the --config path.');
  }
  return [{}, undefined];
}

/**
 * Resolves the settings: flags > kiji.config.{json,mjs} > environment (then `.env`) > defaults.
 * The key comes only from the file or the environment.
 */
export async function loadSettings(
  options: {
    cwd?: string;
    url?: string;
    config?: string;
    concurrency?: string;
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<Settings> {
  const cwd = options.cwd ?? process.cwd();
  const env = { ...readDotEnv(join(cwd, '.env')), ...(options.env ?? process.env) };
  const [file, configFile] = await readConfigFile(cwd, options.config);
  const url = options.url ?? file.url ?? env.GHOST_URL;
  const adminKey = file.adminKey ?? env.GHOST_ADMIN_API_KEY;
  const concurrency = Number(options.concurrency ?? file.concurrency ?? env.KIJI_CONCURRENCY ?? 3);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
    throw new CliError('usage', `--concurrency must be a whole number from 1 to 32`, 'e.g. --concurrency 3');
  }
  let ghost: GhostConfig | undefined;
  if (url !== undefined && url !== '') {
    try {
      ghost = validateConfig({
        url,
        adminKey,
        authors: file.authors,
        timeoutMs: file.timeoutMs ?? (env.KIJI_TIMEOUT_MS ? Number(env.KIJI_TIMEOUT_MS) : undefined),
        retries: file.retries ?? (env.KIJI_RETRIES ? Number(env.KIJI_RETRIES) : undefined),
      });
    } catch (error) {
      if (error instanceof GhostError) {
        throw new CliError('config', error.message.replace(/^@kiji\/ghost: /, ''), error.hint, error);
      }
      throw error;
    }
  }
  return {
    ghost,
    concurrency,
    stateFile: join(cwd, '.kiji', 'sync-state.json'),
    configFile,
    authors: file.authors ?? {},
  };
}

export function requireGhost(settings: Settings): GhostConfig {
  if (!settings.ghost) {
    throw new CliError(
      'config',
      'no Ghost site configured',
      'Set GHOST_URL and GHOST_ADMIN_API_KEY (environment or .env), or "url"/"adminKey" in kiji.config.json.',
    );
  }
  return settings.ghost;
}
