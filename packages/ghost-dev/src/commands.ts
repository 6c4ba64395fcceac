import * as path from 'node:path';
import { defineCommand } from 'citty';
import { UsageError } from './errors.js';
import { ensureGhost, readInstallRecord } from './install.js';
import { defaultCacheDir, defaultDataDir, GHOST_VERSION } from './paths.js';
import { isGhostServing, readState, startGhost, stopGhost } from './start.js';

const dataDirArg = {
  'data-dir': { type: 'string', description: 'Site folder (default ./.kiji/ghost)', valueHint: 'dir' },
} as const;

/** Progress goes to stderr so `start --json` keeps stdout parseable. */
const progress = (line: string) => process.stderr.write(`kiji-ghost-dev: ${line}\n`);
const out = (line: string) => process.stdout.write(`${line}\n`);

export const install = defineCommand({
  meta: {
    name: 'install',
    description: `Download Ghost ${GHOST_VERSION} (and Node 22 if needed) into the cache`,
  },
  async run() {
    const started = Date.now();
    const { ghostDir, nodeBin } = await ensureGhost({ onProgress: progress });
    const record = await readInstallRecord(ghostDir);
    const took = ((Date.now() - started) / 1000).toFixed(1);
    out(`Ghost ${record?.version ?? GHOST_VERSION} is installed in ${ghostDir}`);
    if (record) out(`  first install took ${record.seconds} s, ${Math.round(record.bytes / 1e6)} MB on disk`);
    out(`  Node for Ghost: ${nodeBin}`);
    out(`  this run: ${took} s`);
  },
});

export const start = defineCommand({
  meta: { name: 'start', description: 'Start the local Ghost (detached), creating the site on first use' },
  args: {
    port: { type: 'string', description: 'Port on 127.0.0.1 (default: a free one)', valueHint: 'n' },
    ...dataDirArg,
    json: {
      type: 'boolean',
      description: 'Print {url, adminKey, contentKey, pid, dataDir} as JSON (includes keys)',
    },
  },
  async run({ args }) {
    const port = args.port === undefined ? undefined : Number(args.port);
    if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
      throw new UsageError(`--port must be a number from 1 to 65535, got "${args.port}"`);
    }
    const ghost = await startGhost({
      detached: true,
      onProgress: progress,
      ...(port === undefined ? {} : { port }),
      ...(args['data-dir'] ? { dataDir: args['data-dir'] } : {}),
    });
    if (args.json) {
      const { url, adminKey, contentKey, pid, dataDir } = ghost;
      out(JSON.stringify({ url, adminKey, contentKey, pid, dataDir }));
      return;
    }
    out(`Ghost is running at ${ghost.url}/ (admin: ${ghost.url}/ghost/)`);
    out(`  pid ${ghost.pid}, data dir ${ghost.dataDir}`);
    out(`  API keys: ${path.join(ghost.dataDir, 'kiji-ghost.json')} (or run start --json)`);
    out(`  stop it with: kiji-ghost-dev stop --data-dir ${ghost.dataDir}`);
  },
});

export const stop = defineCommand({
  meta: { name: 'stop', description: 'Stop the Ghost started on a data dir (only that process)' },
  args: { ...dataDirArg },
  async run({ args }) {
    const dataDir = path.resolve(args['data-dir'] ?? defaultDataDir());
    const pid = await stopGhost(dataDir);
    out(pid === undefined ? `no Ghost is running for ${dataDir}` : `stopped Ghost (pid ${pid})`);
  },
});

export const status = defineCommand({
  meta: {
    name: 'status',
    description: 'Show whether Ghost is installed and whether the site runs (no keys)',
  },
  args: { ...dataDirArg, json: { type: 'boolean', description: 'Print as JSON' } },
  async run({ args }) {
    const cacheDir = defaultCacheDir();
    const ghostDir = path.join(cacheDir, 'ghost', GHOST_VERSION);
    const record = await readInstallRecord(ghostDir);
    const dataDir = path.resolve(args['data-dir'] ?? defaultDataDir());
    const state = await readState(dataDir);
    const running = state?.pid != null && (await isGhostServing(state.pid, path.join(dataDir, 'content')));
    let version: string | undefined;
    if (running && state) {
      try {
        const response = await fetch(`${state.url}/ghost/api/admin/site/`, {
          signal: AbortSignal.timeout(5000),
        });
        version = ((await response.json()) as { site?: { version?: string } }).site?.version;
      } catch {
        version = undefined;
      }
    }
    const report = {
      installed: record !== undefined,
      ghostDir,
      installSeconds: record?.seconds,
      installBytes: record?.bytes,
      dataDir,
      site: state !== undefined,
      running,
      url: state?.url,
      pid: running ? state?.pid : undefined,
      answering: version !== undefined,
      version,
    };
    if (args.json) {
      out(JSON.stringify(report));
      return;
    }
    out(
      record
        ? `Ghost ${record.version}: installed in ${ghostDir}`
        : `Ghost ${GHOST_VERSION}: not installed (run kiji-ghost-dev install)`,
    );
    if (!state) out(`site: none in ${dataDir} (kiji-ghost-dev start creates it)`);
    else if (!running) out(`site: ${dataDir}, stopped`);
    else
      out(
        `site: ${dataDir}, running at ${state.url} (pid ${state.pid}, ${version ? `Ghost ${version}` : 'not answering'})`,
      );
  },
});
