import { homedir } from 'node:os';
import * as path from 'node:path';

/** The Ghost release the project is tested against. */
export const GHOST_VERSION = '6.65.0';

/**
 * Ghost 6.65 needs Node ^22.23.1 || ^24.20.0, but its better-sqlite3 12.x aborts on Node 24.19+
 * (`RemoveEnvironmentCleanupHook: (env) != nullptr`, nodejs/node#65446), so Ghost runs on Node 22.
 */
export const NODE_VERSION = '22.23.3';

/** `${XDG_CACHE_HOME:-~/.cache}/kiji`; `KIJI_CACHE_DIR` overrides it (CI caches this folder). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KIJI_CACHE_DIR) return path.resolve(env.KIJI_CACHE_DIR);
  const base = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(homedir(), '.cache');
  return path.join(base, 'kiji');
}

/** Where `kiji-ghost-dev start` keeps a site when no data dir is given (gitignored `.kiji/`). */
export function defaultDataDir(cwd: string = process.cwd()): string {
  return path.resolve(cwd, '.kiji', 'ghost');
}

export const STATE_FILE = 'kiji-ghost.json';
export const LOG_FILE = 'ghost.log';
export const COMPLETE_MARKER = 'kiji-install.json';
