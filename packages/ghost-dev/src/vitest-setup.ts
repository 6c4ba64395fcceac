import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type {} from 'vitest';
import { startOrReuse } from './start.js';

/** What a test needs to talk to the Ghost: `inject('ghost')` in a test file. */
export interface GhostConnection {
  readonly url: string;
  readonly adminKey: string;
  readonly contentKey: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    ghost: GhostConnection;
  }
}

/** The part of vitest's `TestProject` a global setup uses (kept structural: no runtime import of vitest). */
interface Provider {
  provide(key: 'ghost', value: GhostConnection): void;
}

export interface SetupGhostForTestsOptions {
  /**
   * Reuse this site (and a Ghost already running on it, which is then left running).
   * Default: `KIJI_GHOST_DATA_DIR`, else a fresh temporary site removed afterwards.
   */
  readonly dataDir?: string;
  readonly onProgress?: (line: string) => void;
}

/**
 * Starts one real Ghost for a vitest run and provides `{ url, adminKey, contentKey }` as `ghost`.
 * Returns the teardown, which stops that Ghost (only if this call started it).
 */
export async function setupGhostForTests(
  project: Provider,
  options: SetupGhostForTestsOptions = {},
): Promise<() => Promise<void>> {
  const given = options.dataDir ?? process.env.KIJI_GHOST_DATA_DIR;
  const dataDir = given ? path.resolve(given) : await mkdtemp(path.join(tmpdir(), 'kiji-ghost-test-'));
  const onProgress =
    options.onProgress ?? ((line: string) => process.stderr.write(`[kiji-ghost-dev] ${line}\n`));
  try {
    const { ghost, reused } = await startOrReuse({ dataDir, onProgress });
    project.provide('ghost', { url: ghost.url, adminKey: ghost.adminKey, contentKey: ghost.contentKey });
    return async () => {
      if (!reused) await ghost.stop();
      if (!given) await rm(dataDir, { recursive: true, force: true });
    };
  } catch (error) {
    if (!given) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Default export for `globalSetup: ['@kiji/ghost-dev/vitest-setup']`. */
export default function setup(project: Provider): Promise<() => Promise<void>> {
  return setupGhostForTests(project);
}
