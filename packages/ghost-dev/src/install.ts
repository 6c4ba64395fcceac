import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { GhostDevError } from './errors.js';
import { diskUsage, isErrno, writeFileAtomic } from './fsutil.js';
import { acquireLock } from './lock.js';
import { COMPLETE_MARKER, defaultCacheDir, GHOST_VERSION, NODE_VERSION } from './paths.js';
import { cleanEnv, run } from './process.js';

export interface EnsureGhostOptions {
  /** Ghost release to install (default: the pinned one the project is tested against). */
  readonly version?: string;
  /** Cache root (default `${XDG_CACHE_HOME:-~/.cache}/kiji`, or `KIJI_CACHE_DIR`). */
  readonly cacheDir?: string;
  /** Progress lines while installing (the first install takes minutes). */
  readonly onProgress?: (line: string) => void;
}

export interface InstalledGhost {
  /** The unpacked Ghost package with its production dependencies. */
  readonly ghostDir: string;
  /** A Node binary Ghost supports, for which its native modules were built. */
  readonly nodeBin: string;
}

/** What an install leaves in `kiji-install.json`: written last, so its presence means complete. */
export interface InstallRecord {
  readonly name: string;
  readonly version: string;
  readonly nodeVersion: string;
  readonly installedAt: string;
  readonly seconds: number;
  readonly bytes: number;
}

/**
 * Makes sure Ghost and a Node it supports are in the cache, installing them on first use.
 * Safe to call from several processes at once: one installs, the others wait for it.
 */
export async function ensureGhost(options: EnsureGhostOptions = {}): Promise<InstalledGhost> {
  const version = options.version ?? GHOST_VERSION;
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const progress = options.onProgress ?? (() => {});
  const nodeBin = await ensureNode({ cacheDir, onProgress: progress });
  const ghostDir = path.join(cacheDir, 'ghost', version);
  await installOnce(ghostDir, `Ghost ${version}`, progress, async (tmp) => {
    await installGhostInto(tmp, version, nodeBin, cacheDir, progress);
    return { name: 'ghost', version };
  });
  return { ghostDir, nodeBin };
}

/** The record of a completed install, or undefined when `dir` holds none. */
export async function readInstallRecord(dir: string): Promise<InstallRecord | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, COMPLETE_MARKER), 'utf8')) as InstallRecord;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw new GhostDevError('INSTALL_FAILED', 'the install record is unreadable', {
      file: path.join(dir, COMPLETE_MARKER),
      hint: `delete ${dir} and run \`kiji-ghost-dev install\` again`,
      cause: error,
    });
  }
}

/** The Node to run Ghost with: this one when Ghost supports it, else a pinned Node 22 from the npm registry. */
async function ensureNode(options: {
  cacheDir: string;
  onProgress: (line: string) => void;
}): Promise<string> {
  const [major = 0, minor = 0, patch = 0] = process.versions.node.split('.').map(Number);
  const ownHeaders = path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node', 'node_api.h');
  // This Node will do if Ghost supports it and its headers are there: without them node-gyp
  // would try to download headers from nodejs.org.
  if (major === 22 && (minor > 23 || (minor === 23 && patch >= 1)) && existsSync(ownHeaders))
    return process.execPath;
  const platformPackage = `node-${process.platform}-${process.arch}`;
  if (process.platform === 'win32') {
    throw new GhostDevError('UNSUPPORTED_PLATFORM', 'the local Ghost runs on Linux and macOS only', {
      hint: 'use WSL, or point GHOST_URL at a Ghost you run yourself',
    });
  }
  const nodeDir = path.join(options.cacheDir, 'node', NODE_VERSION);
  const binFor = (dir: string) =>
    path.join(dir, 'node_modules', 'node', 'node_modules', platformPackage, 'bin', 'node');
  await installOnce(nodeDir, `Node ${NODE_VERSION}`, options.onProgress, async (tmp) => {
    await run(
      'npm',
      ['install', '--prefix', tmp, `node@${NODE_VERSION}`, '--no-audit', '--no-fund', '--loglevel=error'],
      {
        cwd: tmp,
        env: cleanEnv({}),
        onLine: (line) => options.onProgress(`npm: ${line}`),
        hint: `check that the npm registry is reachable (npm view node@${NODE_VERSION} version)`,
      },
    );
    const reported = (
      await run(binFor(tmp), ['--version'], {
        cwd: tmp,
        env: cleanEnv({}),
        hint: 'the downloaded Node does not run here',
      })
    ).trim();
    if (reported !== `v${NODE_VERSION}`) {
      throw new GhostDevError(
        'INSTALL_FAILED',
        `downloaded Node reports ${reported}, expected v${NODE_VERSION}`,
        {
          file: binFor(tmp),
          hint: 'delete the cache folder and retry',
        },
      );
    }
    return { name: 'node', version: NODE_VERSION };
  });
  return binFor(nodeDir);
}

async function installGhostInto(
  dir: string,
  version: string,
  nodeBin: string,
  cacheDir: string,
  progress: (line: string) => void,
): Promise<void> {
  const nodeHome = path.dirname(path.dirname(nodeBin));
  // Native modules (better-sqlite3, re2) must build against the Node that runs Ghost, not the one
  // running us: nodedir from a user npmrc (e.g. /usr) would give them the wrong ABI.
  const env = cleanEnv({
    PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: nodeHome,
    npm_config_update_notifier: 'false',
  });
  progress(`downloading ghost@${version} from the npm registry`);
  const packed = await run('npm', ['pack', `ghost@${version}`, '--silent', '--pack-destination', dir], {
    cwd: dir,
    env,
    hint: `check that the npm registry is reachable (npm view ghost@${version} version)`,
  });
  const tarball = path.join(dir, packed.trim().split('\n').pop() ?? '');
  await run('tar', ['-xzf', tarball, '--strip-components=1', '-C', dir], {
    cwd: dir,
    env,
    hint: 'tar must be installed (apt-get install tar)',
  });
  await rm(tarball, { force: true });
  progress('installing Ghost dependencies with pnpm (about 2 minutes; native modules build from source)');
  const announced = new Set<string>();
  await run(
    'npx',
    [
      '-y',
      'pnpm@10',
      'install',
      '--prod',
      // Ghost's lockfile does not match its patchedDependencies once packed; CI=true would default to frozen.
      '--no-frozen-lockfile',
      '--reporter=append-only',
      '--config.manage-package-manager-versions=false',
      `--store-dir=${path.join(cacheDir, 'pnpm-store')}`,
    ],
    {
      cwd: dir,
      env,
      onLine: (line) => {
        // Compiler output is thousands of lines: announce each native build once instead.
        const build =
          /^\.\.\.\/(?:\.pnpm\/)?(?:[^/]+\/node_modules\/)?(@?[^ ]+?) (?:install|postinstall)\$?:/.exec(line);
        if (build) {
          const name = (build[1] ?? line).replace(/^node_modules\//, '');
          if (!announced.has(name)) {
            announced.add(name);
            progress(`building ${name} from source`);
          }
          return;
        }
        if (/^(Progress|Packages|Done|dependencies|optionalDependencies| WARN|ERR)/.test(line.trim())) {
          progress(`pnpm: ${line.trim()}`);
        }
      },
      hint: 'read the pnpm output above; native modules need a C++ toolchain and python3 (apt-get install build-essential python3)',
    },
  );
  progress('checking the SQLite driver loads in the Node that runs Ghost');
  await run(
    nodeBin,
    ['-e', "const D=require('better-sqlite3');new D(':memory:').prepare('select 1').get()"],
    {
      cwd: dir,
      env,
      hint: 'better-sqlite3 did not build for this Node; delete the cache folder and retry, keeping the output',
    },
  );
}

/**
 * Builds `finalDir` once: under a lock, in a temp sibling, renamed into place only when complete,
 * so a killed install never leaves a half-filled cache that looks usable.
 */
async function installOnce(
  finalDir: string,
  label: string,
  progress: (line: string) => void,
  build: (tmpDir: string) => Promise<{ name: string; version: string }>,
): Promise<void> {
  if (await readInstallRecord(finalDir)) return;
  const parent = path.dirname(finalDir);
  await mkdir(parent, { recursive: true });
  const release = await acquireLock(`${finalDir}.lock`, `installing ${label}`, progress);
  try {
    if (await readInstallRecord(finalDir)) return;
    await removeLeftovers(parent, path.basename(finalDir));
    if (existsSync(finalDir)) await rm(finalDir, { recursive: true, force: true });
    const tmp = path.join(
      parent,
      `.tmp-${path.basename(finalDir)}-${process.pid}-${randomBytes(3).toString('hex')}`,
    );
    await mkdir(tmp);
    const started = Date.now();
    progress(`installing ${label} into ${finalDir} (first run only)`);
    const ticker = setInterval(
      () => progress(`still installing ${label}… ${Math.round((Date.now() - started) / 1000)} s`),
      20_000,
    );
    try {
      const { name, version } = await build(tmp);
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      const bytes = await diskUsage(tmp);
      const record: InstallRecord = {
        name,
        version,
        nodeVersion: NODE_VERSION,
        installedAt: new Date().toISOString(),
        seconds,
        bytes,
      };
      await writeFileAtomic(path.join(tmp, COMPLETE_MARKER), `${JSON.stringify(record, null, 2)}\n`);
      await rename(tmp, finalDir);
      progress(`installed ${label} in ${seconds} s (${Math.round(bytes / 1e6)} MB)`);
    } catch (error) {
      await rm(tmp, { recursive: true, force: true });
      throw error;
    } finally {
      clearInterval(ticker);
    }
  } finally {
    await release();
  }
}

/** Temp dirs of installs that were killed: only reached while holding the lock, so none is live. */
async function removeLeftovers(parent: string, base: string): Promise<void> {
  for (const entry of await readdir(parent)) {
    if (entry.startsWith(`.tmp-${base}-`))
      await rm(path.join(parent, entry), { recursive: true, force: true });
  }
}
