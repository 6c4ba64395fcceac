import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { onTestFinished } from 'vitest';

export const APP = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(APP, 'dist', 'cli.js');
export const SHARED = process.env.KIJI_SHARED_DIR ?? resolve(APP, '../../../shared');
export const CORPUS = join(SHARED, 'corpus', 'posts');

export interface Received {
  readonly to: string;
  readonly raw: string;
  readonly mail: ParsedMail;
}

export interface TestSmtp {
  readonly port: number;
  readonly received: Received[];
  /** Addresses whose RCPT TO is refused (550) while listed. */
  readonly reject: Set<string>;
  /** Called when a MAIL FROM arrives, with the number of messages accepted so far. */
  onMailFrom?: (accepted: number) => void | Promise<void>;
  /** Delay before accepting DATA, in ms. */
  dataDelayMs: number;
  stop(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (free port) requiring AUTH with the given password. */
export async function startSmtp(password: string): Promise<TestSmtp> {
  const state: TestSmtp = {
    port: 0,
    received: [],
    reject: new Set(),
    dataDelayMs: 0,
    stop: async () => undefined,
  };
  const options: SMTPServerOptions = {
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'kiji' && auth.password === password) cb(null, { user: 'kiji' });
      else cb(new Error('Invalid username or password'));
    },
    onMailFrom(_address, _session, cb) {
      Promise.resolve(state.onMailFrom?.(state.received.length)).then(() => cb(), cb);
    },
    onRcptTo(address, _session, cb) {
      if (state.reject.has(address.address)) {
        const error = new Error('Mailbox unavailable') as Error & { responseCode: number };
        error.responseCode = 550;
        cb(error);
        return;
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        await new Promise((r) => setTimeout(r, state.dataDelayMs));
        const mail = await simpleParser(raw);
        for (const rcpt of session.envelope.rcptTo) state.received.push({ to: rcpt.address, raw, mail });
        cb();
      });
    },
  };
  const server = new SMTPServer(options);
  // A client we SIGKILL mid-session resets its connection; that is the point, not a failure.
  server.on('error', () => undefined);
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  Object.assign(state, {
    port: address.port,
    stop: () => new Promise<void>((res) => server.close(() => res())),
  });
  return state;
}

export function countBy(received: readonly Received[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of received) counts.set(r.to, (counts.get(r.to) ?? 0) + 1);
  return counts;
}

/** Copies into `dir` only the corpus posts whose file names start with one of the given days. */
export async function copyWindow(days: readonly string[], dir: string): Promise<string> {
  for (const name of await readdir(CORPUS)) {
    if (days.some((d) => name.startsWith(d))) await copyFile(join(CORPUS, name), join(dir, name));
  }
  return dir;
}

/** A source dir of those days' posts, removed when the current test ends (pass or fail). */
export async function windowSource(days: readonly string[]): Promise<string> {
  return copyWindow(days, await tempDir('kiji-digest-src-'));
}

/** A fresh temp dir, removed when the current test ends (pass or fail). Only inside a test. */
export async function tempDir(prefix = 'kiji-digest-test-'): Promise<string> {
  const dir = await suiteTempDir(prefix);
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh temp dir for a beforeAll; the caller removes it in afterAll. */
export async function suiteTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function writeConfig(dir: string, config: object): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'kiji-digest.json');
  await writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

export function spawnCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout!.resume();
  const done = new Promise<CliResult>((res) =>
    child.on('exit', (code, signal) => res({ code, signal, stderr })),
  );
  // A test that fails while the CLI still runs must not leave it behind (writing into removed dirs).
  onTestFinished(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await done;
  });
  return { child, done };
}

export function members(n: number): { email: string; name: string; unsubscribeUrl: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    email: `member${i + 1}@example.test`,
    name: `会員 ${i + 1}`,
    unsubscribeUrl: `https://example.com/unsubscribe/?uuid=u${i + 1}&key=k${i + 1}`,
  }));
}

export function header(mail: Received, name: string): string | undefined {
  const line = mail.mail.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line?.replace(/\r?\n[ \t]+/g, ' ').replace(/^[^:]+:\s*/, '');
}
