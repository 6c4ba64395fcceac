import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, open, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { GhostDevError } from './errors.js';
import { isErrno, writeFileAtomic } from './fsutil.js';
import { ensureGhost } from './install.js';
import { acquireLock } from './lock.js';
import { defaultDataDir, GHOST_VERSION, LOG_FILE, STATE_FILE } from './paths.js';
import { isAlive } from './process.js';

export interface StartGhostOptions {
  /** Port on 127.0.0.1 (default: the site's previous port when free, else any free port). */
  readonly port?: number;
  /** Where the site lives (database, content, keys); reused when it exists. Default `./.kiji/ghost`. */
  readonly dataDir?: string;
  /** Ghost release (default: the pinned one). */
  readonly version?: string;
  /** Cache root for Ghost and Node (see `ensureGhost`). */
  readonly cacheDir?: string;
  /** Keep Ghost running after this process exits (what `kiji-ghost-dev start` does). Default false. */
  readonly detached?: boolean;
  readonly onProgress?: (line: string) => void;
}

/** A Ghost started (or found running) on a data dir. */
export interface RunningGhost {
  /** Site URL without trailing slash, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Admin API key `id:secret` — a secret: never log it. */
  readonly adminKey: string;
  /** Content API key. */
  readonly contentKey: string;
  readonly pid: number;
  readonly dataDir: string;
  /** Ends this Ghost (SIGTERM, then SIGKILL after a timeout); resolves once the process is gone. */
  stop(): Promise<void>;
}

/** `<dataDir>/kiji-ghost.json` (mode 0600): the site's keys and the pid of the Ghost serving it. */
export interface GhostState {
  readonly ghostVersion: string;
  readonly url: string;
  readonly port: number;
  readonly adminKey: string;
  readonly contentKey: string;
  readonly ownerEmail: string;
  readonly ownerPassword: string;
  readonly pid: number | null;
}

const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 20_000;
const OWNER_EMAIL = 'kiji@example.com';

/**
 * Starts a local Ghost on `dataDir`, creating and provisioning the site on first use (owner,
 * a `kiji` integration with Admin and Content API keys). When a Ghost already serves that data
 * dir it is returned instead of a second one being started.
 */
export async function startGhost(options: StartGhostOptions = {}): Promise<RunningGhost> {
  return (await startOrReuse(options)).ghost;
}

/** `startGhost`, also telling whether an already-running Ghost was reused. */
export async function startOrReuse(
  options: StartGhostOptions,
): Promise<{ ghost: RunningGhost; reused: boolean }> {
  const progress = options.onProgress ?? (() => {});
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir());
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Two starts on one site at once (two test projects, two terminals) must not boot two Ghosts on one database.
  const release = await acquireLock(
    path.join(dataDir, '.start.lock'),
    `starting Ghost on ${dataDir}`,
    progress,
  );
  try {
    return await startLocked(options, dataDir, progress);
  } finally {
    await release();
  }
}

async function startLocked(
  options: StartGhostOptions,
  dataDir: string,
  progress: (line: string) => void,
): Promise<{ ghost: RunningGhost; reused: boolean }> {
  const contentDir = path.join(dataDir, 'content');
  const state = await readState(dataDir);

  if (state?.pid != null && (await isGhostServing(state.pid, contentDir))) {
    if (options.port !== undefined && options.port !== state.port) {
      throw new GhostDevError(
        'PORT_IN_USE',
        `this site already runs on port ${state.port} (pid ${state.pid})`,
        {
          file: path.join(dataDir, STATE_FILE),
          hint: `stop it first: kiji-ghost-dev stop --data-dir ${dataDir}`,
        },
      );
    }
    await waitUntilReady(state.url, state.pid, undefined, dataDir, progress);
    return { ghost: handle(state, dataDir, undefined), reused: true };
  }

  const { ghostDir, nodeBin } = await ensureGhost({
    ...(options.version === undefined ? {} : { version: options.version }),
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
    onProgress: progress,
  });
  // A data dir whose content (the database) was deleted is a new site: old keys would not work.
  const newSite = state === undefined || !existsSync(contentDir);
  if (!existsSync(contentDir)) {
    // Ghost's own skeleton (themes, data, images…): it refuses to boot without an active theme.
    await cp(path.join(ghostDir, 'content'), contentDir, { recursive: true });
  }
  if (options.port !== undefined && !(await isPortFree(options.port))) {
    throw new GhostDevError('PORT_IN_USE', `port ${options.port} on 127.0.0.1 is taken`, {
      hint: 'choose another --port, or leave it out to get a free one',
    });
  }
  const ghostVersion = options.version ?? GHOST_VERSION;
  for (let attempt = 1; ; attempt++) {
    const port =
      options.port ??
      (state && attempt === 1 && (await isPortFree(state.port)) ? state.port : await freePort());
    const url = `http://127.0.0.1:${port}`;
    const base: GhostState =
      state && !newSite
        ? { ...state, url, port, pid: null, ghostVersion }
        : {
            ghostVersion,
            url,
            port,
            adminKey: '',
            contentKey: '',
            ownerEmail: OWNER_EMAIL,
            ownerPassword: randomBytes(18).toString('base64url'),
            pid: null,
          };
    try {
      return {
        ghost: await launch(base, { ghostDir, nodeBin, dataDir, contentDir, options, progress }),
        reused: false,
      };
    } catch (error) {
      // The free port we picked can be taken before Ghost binds it: pick another.
      const raced =
        error instanceof GhostDevError && error.code === 'START_FAILED' && /EADDRINUSE/.test(error.message);
      if (!raced || options.port !== undefined || attempt >= 3) throw error;
      progress(`port ${port} was taken meanwhile; retrying on another`);
    }
  }
}

async function launch(
  base: GhostState,
  ctx: {
    ghostDir: string;
    nodeBin: string;
    dataDir: string;
    contentDir: string;
    options: StartGhostOptions;
    progress: (line: string) => void;
  },
): Promise<RunningGhost> {
  const { ghostDir, nodeBin, dataDir, contentDir, options, progress } = ctx;
  const logFile = path.join(dataDir, LOG_FILE);
  const log = await open(logFile, 'a', 0o600);
  const child = spawn(nodeBin, ['index.js'], {
    cwd: ghostDir,
    env: ghostEnv(base.url, base.port, contentDir),
    stdio: ['ignore', log.fd, log.fd],
    detached: options.detached === true,
  });
  await log.close();
  const pid = child.pid;
  if (pid === undefined) {
    throw new GhostDevError('START_FAILED', `could not spawn ${nodeBin}`, {
      hint: 'delete the cache folder and run `kiji-ghost-dev install` again',
    });
  }
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  });
  if (options.detached) child.unref();
  else {
    // Ghost must not outlive a test run that forgot to stop it; only our own pid is signalled.
    const onExit = () => {
      if (exited === undefined) child.kill('SIGTERM');
    };
    process.once('exit', onExit);
    child.once('exit', () => process.removeListener('exit', onExit));
  }
  const started: GhostState = { ...base, pid };
  // Recorded before it is ready so `stop` can end a Ghost that hangs while booting.
  await writeState(dataDir, started);
  const stopThis = makeStop(pid, child, dataDir);
  try {
    progress(`starting Ghost at ${base.url} (log: ${logFile})`);
    await waitUntilReady(base.url, pid, () => exited, dataDir, progress);
    const ready =
      started.adminKey && started.contentKey
        ? started
        : { ...started, ...(await provision(base.url, started, dataDir, progress)) };
    // Whatever answered must have been our Ghost, not another server on a port we lost.
    if (exited !== undefined) await waitUntilReady(base.url, pid, () => exited, dataDir, progress);
    if (ready !== started) await writeState(dataDir, ready);
    progress(`Ghost is ready at ${base.url}`);
    return handle(ready, dataDir, stopThis);
  } catch (error) {
    await stopThis();
    throw error;
  }
}

/** Reads `<dataDir>/kiji-ghost.json`; undefined when the site was never started. */
export async function readState(dataDir: string): Promise<GhostState | undefined> {
  const file = path.join(dataDir, STATE_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<GhostState>;
    if (
      typeof value.url !== 'string' ||
      typeof value.port !== 'number' ||
      typeof value.ownerPassword !== 'string'
    ) {
      throw new Error('missing url, port or ownerPassword');
    }
    return value as GhostState;
  } catch (cause) {
    throw new GhostDevError('STATE_INVALID', 'the site state file is not valid', {
      file,
      hint: 'restore it from a backup, or delete the data dir to start a new site',
      cause,
    });
  }
}

/**
 * Stops the Ghost recorded in `dataDir`, after checking that pid really is that Ghost.
 * Returns the pid it stopped, or undefined when none was running.
 */
export async function stopGhost(dataDir: string = defaultDataDir()): Promise<number | undefined> {
  const dir = path.resolve(dataDir);
  const state = await readState(dir);
  if (state?.pid == null) return undefined;
  if (!isAlive(state.pid)) {
    await writeState(dir, { ...state, pid: null });
    return undefined;
  }
  if (!(await isGhostServing(state.pid, path.join(dir, 'content')))) {
    throw new GhostDevError('NOT_OUR_PROCESS', `pid ${state.pid} is not the Ghost serving this data dir`, {
      file: path.join(dir, STATE_FILE),
      hint: 'it was left untouched; that Ghost has ended and the pid was reused by another program',
    });
  }
  await makeStop(state.pid, undefined, dir)();
  return state.pid;
}

/** Whether `pid` is alive and is a Ghost started by us on this content dir (Linux: its environment says so). */
export async function isGhostServing(pid: number, contentDir: string): Promise<boolean> {
  if (!isAlive(pid)) return false;
  let environ: string;
  try {
    environ = await readFile(`/proc/${pid}/environ`, 'utf8');
  } catch {
    // No /proc (macOS): fall back to the command line.
    return await commandLineLooksLikeGhost(pid);
  }
  const vars = environ.split('\0');
  return vars.includes('KIJI_GHOST_DEV=1') && vars.includes(`paths__contentPath=${contentDir}`);
}

async function commandLineLooksLikeGhost(pid: number): Promise<boolean> {
  const { execFile } = await import('node:child_process');
  return await new Promise((resolve) => {
    execFile('ps', ['-p', String(pid), '-o', 'command='], (error, stdout) =>
      resolve(!error && /\bnode\b.*\bindex\.js\b/.test(stdout)),
    );
  });
}

function handle(state: GhostState, dataDir: string, stop: (() => Promise<void>) | undefined): RunningGhost {
  const pid = state.pid ?? 0;
  return {
    url: state.url,
    adminKey: state.adminKey,
    contentKey: state.contentKey,
    pid,
    dataDir,
    stop: stop ?? makeStop(pid, undefined, dataDir),
  };
}

/** Ghost's configuration, through its `a__b` environment variables; nothing inherited reaches it. */
function ghostEnv(url: string, port: number, contentDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? contentDir,
    TMPDIR: process.env.TMPDIR ?? '/tmp',
    LANG: 'C.UTF-8',
    // Marks the process as ours for `stop`, together with its content path.
    KIJI_GHOST_DEV: '1',
    NODE_ENV: 'development',
    url,
    server__host: '127.0.0.1',
    server__port: String(port),
    server__shutdownTimeout: '5000',
    paths__contentPath: contentDir,
    database__client: 'better-sqlite3',
    database__connection__filename: path.join(contentDir, 'data', 'ghost.db'),
    // Mail (staff invites, member sign-in links) is captured, never sent: dev mode would use SMTP on :1025.
    mail__transport: 'stub',
    mail__from: 'kiji@example.com',
    // There is no internet: no update checks, Gravatar, RPC pings or other calls home.
    privacy__useTinfoil: 'true',
    sendWelcomeEmail: 'false',
    logging__level: 'warn',
    // Provisioning logs in with a password; brute-force protection must not lock out retries.
    spam__user_login__freeRetries: '99',
  };
  return env;
}

async function waitUntilReady(
  url: string,
  pid: number,
  exited: (() => string | undefined) | undefined,
  dataDir: string,
  progress: (line: string) => void,
): Promise<void> {
  const started = Date.now();
  let lastNotice = started;
  for (;;) {
    const why = exited?.() ?? (isAlive(pid) ? undefined : 'has ended');
    if (why !== undefined) {
      throw new GhostDevError(
        'START_FAILED',
        `Ghost (pid ${pid}) ${why} before it was ready:\n${await logTail(dataDir)}`,
        {
          file: path.join(dataDir, LOG_FILE),
          hint: 'read the log above; a corrupt cache is fixed by deleting it and running `kiji-ghost-dev install`',
        },
      );
    }
    try {
      const response = await fetch(`${url}/ghost/api/admin/site/`, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() - started > READY_TIMEOUT_MS) {
      throw new GhostDevError(
        'START_TIMEOUT',
        `Ghost did not answer at ${url} within ${READY_TIMEOUT_MS / 1000} s`,
        {
          file: path.join(dataDir, LOG_FILE),
          hint: 'the machine may be overloaded; read the log, then retry',
        },
      );
    }
    if (Date.now() - lastNotice > 10_000) {
      lastNotice = Date.now();
      progress(`waiting for Ghost to answer… ${Math.round((Date.now() - started) / 1000)} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Owner account, then a `kiji` custom integration: its Admin and Content API keys. */
async function provision(
  url: string,
  state: GhostState,
  dataDir: string,
  progress: (line: string) => void,
): Promise<{ adminKey: string; contentKey: string }> {
  const api = `${url}/ghost/api/admin`;
  const headers = { 'Content-Type': 'application/json', Origin: url, 'Accept-Version': 'v6.0' };
  const fail = (step: string, detail: string, hint: string) =>
    new GhostDevError('PROVISION_FAILED', `${step} failed: ${detail}`, {
      file: path.join(dataDir, STATE_FILE),
      hint,
    });
  const call = async (step: string, pathname: string, init: RequestInit, attempts = 1): Promise<Response> => {
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${api}${pathname}`, { ...init, signal: AbortSignal.timeout(30_000) });
      } catch (cause) {
        throw fail(step, (cause as Error).message, 'Ghost stopped answering; read its log and retry');
      }
      if (response.ok) {
        // Read the whole body before going on: express-session holds back the last byte of a
        // response until the new session is stored, while fetch resolves on the headers alone.
        await response.clone().arrayBuffer();
        return response;
      }
      const body = await response.text();
      // A safety net on a loaded machine: 403 "Unable to determine the authenticated user" for a
      // session that is not stored yet, or a 5xx while Ghost finishes booting.
      if ((response.status === 403 || response.status >= 500) && attempt < attempts) {
        progress(`${step}: Ghost answered ${response.status}, retrying (${attempt}/${attempts - 1})`);
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
        continue;
      }
      // Ghost's error bodies name the problem and carry no secrets.
      throw fail(step, `HTTP ${response.status} ${body.slice(0, 300)}`, 'read the log and retry');
    }
  };

  const status = (await (await call('setup check', '/authentication/setup/', { headers })).json()) as {
    setup?: { status?: boolean }[];
  };
  if (status.setup?.[0]?.status !== true) {
    await call('owner setup', '/authentication/setup/', {
      method: 'POST',
      headers,
      body: JSON.stringify({
        setup: [
          { name: 'kiji', email: state.ownerEmail, password: state.ownerPassword, blogTitle: 'kiji (local)' },
        ],
      }),
    });
  }
  const session = await call(
    'sign-in',
    '/session/',
    {
      method: 'POST',
      headers,
      body: JSON.stringify({ username: state.ownerEmail, password: state.ownerPassword }),
    },
    5,
  );
  const cookie = session.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const created = (await (
    await call(
      'integration',
      '/integrations/?include=api_keys',
      {
        method: 'POST',
        headers: { ...headers, Cookie: cookie },
        body: JSON.stringify({ integrations: [{ name: `kiji ${new Date().toISOString()}` }] }),
      },
      10,
    )
  ).json()) as { integrations?: { api_keys?: { id: string; type: string; secret: string }[] }[] };
  const keys = created.integrations?.[0]?.api_keys ?? [];
  const admin = keys.find((k) => k.type === 'admin');
  const content = keys.find((k) => k.type === 'content');
  if (!admin || !content) {
    throw fail('integration', 'Ghost returned no API keys', 'check the Ghost version is 6.x');
  }
  // Ghost 6 already returns the admin secret as `id:secret`; older releases returned only the secret.
  const adminKey = admin.secret.includes(':') ? admin.secret : `${admin.id}:${admin.secret}`;
  return { adminKey, contentKey: content.secret };
}

function makeStop(
  pid: number,
  child: ReturnType<typeof spawn> | undefined,
  dataDir: string,
): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const gone = () => (child ? child.exitCode !== null || child.signalCode !== null : !isAlive(pid));
  const waitGone = async (ms: number): Promise<boolean> => {
    const deadline = Date.now() + ms;
    while (!gone()) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return true;
  };
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch (error) {
      if (!isErrno(error, 'ESRCH')) throw error;
    }
  };
  return () => {
    stopping ??= (async () => {
      if (!gone()) {
        signal('SIGTERM');
        if (!(await waitGone(STOP_TIMEOUT_MS))) {
          signal('SIGKILL');
          if (!(await waitGone(5000))) {
            throw new GhostDevError('STOP_FAILED', `Ghost (pid ${pid}) did not end after SIGKILL`, {
              hint: 'the process may be stuck in the kernel; check it with `ps`',
            });
          }
        }
      }
      const state = await readState(dataDir).catch(() => undefined);
      if (state?.pid === pid) await writeState(dataDir, { ...state, pid: null });
    })();
    return stopping;
  };
}

async function writeState(dataDir: string, state: GhostState): Promise<void> {
  const file = path.join(dataDir, STATE_FILE);
  await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`, 0o600);
  await chmod(file, 0o600);
}

async function logTail(dataDir: string): Promise<string> {
  const text = await readFile(path.join(dataDir, LOG_FILE), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^\s*\d+: 0x/.test(l))
    .slice(-25)
    .map((l) => `    ${l}`)
    .join('\n');
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}
