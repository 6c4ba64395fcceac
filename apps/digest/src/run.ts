import { createPersonaliser, digestWindow } from '@kiji/digest';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DigestConfig, DigestSecrets } from './config.js';
import { DigestAppError } from './errors.js';
import { createGhostReader, type GhostReader } from './ghost.js';
import { type BuiltDigest, buildDigests, readStoredRender } from './pipeline.js';
import { type Addressee, composeMessage, deliver } from './send.js';
import { acquireLock, type DigestRecord, StateStore } from './store.js';

export interface RunOptions {
  readonly config: DigestConfig;
  readonly secrets: DigestSecrets;
  readonly now?: number;
  readonly sinceMs?: number | undefined;
  readonly untilMs?: number | undefined;
  readonly testTo?: string | undefined;
  readonly sendEmpty?: boolean;
  readonly shouldStop?: () => boolean;
  readonly log?: (line: string) => void;
  /** For a scheduled run: the cron slot this run stands for. */
  readonly slotMs?: number | undefined;
}

export interface RunSummary {
  readonly built: readonly { id: string; dir: string; articles: number; shown: number; bytes: number }[];
  readonly sent: number;
  readonly failed: number;
  readonly resumed: number;
  readonly stopped: boolean;
}

/** One digest run: resume unfinished sends, build the window's digest, write files, send if configured. */
export async function runDigest(options: RunOptions): Promise<RunSummary> {
  const { config, secrets } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const shouldStop = options.shouldStop ?? (() => false);
  const now = options.now ?? Date.now();
  const ghost =
    secrets.ghostUrl && (secrets.ghostContentKey || secrets.ghostAdminKey)
      ? createGhostReader({
          url: secrets.ghostUrl,
          contentKey: secrets.ghostContentKey,
          adminKey: secrets.ghostAdminKey,
        })
      : undefined;

  if (options.testTo) return testSend(options, ghost, log, now);

  const lock = await acquireLock(`${config.stateFile}.lock`);
  let transport: Transporter | undefined;
  try {
    const store = await StateStore.open(config.stateFile);
    const summary = {
      built: [] as RunSummary['built'][number][],
      sent: 0,
      failed: 0,
      resumed: 0,
      stopped: false,
    };
    const getTransport = () => {
      transport ??= createTransport(secrets);
      return transport;
    };

    // 1. Finish what a crash or a rejection left undone, before anything new.
    for (const record of Object.values(store.data.digests)) {
      if (!unfinished(record, config.maxAttempts) || !secrets.smtpUrl) continue;
      const dir = record.dir;
      const stored = await readStoredRender(dir);
      const report = await deliver({
        store,
        lock,
        digestId: record.id,
        subject: stored.subject,
        personalise: createPersonaliser(stored.html, stored.text),
        recipients: Object.entries(record.recipients).map(([email, r]) => ({
          email,
          name: r.name,
          unsubscribeUrl: r.unsubscribeUrl,
        })),
        transport: getTransport(),
        envelope: config,
        shouldStop,
        log,
      });
      summary.resumed++;
      summary.sent += report.sent;
      summary.failed += report.failed;
      finish(record);
      await store.save();
      if (report.stopped) return { ...summary, stopped: true };
    }

    // 2. The new window.
    const window =
      options.sinceMs !== undefined || options.untilMs !== undefined
        ? { sinceMs: options.sinceMs ?? now - 7 * 86_400_000, untilMs: options.untilMs ?? now }
        : digestWindow(store.lastEndMs(), now);
    const built = await buildDigests(config, window, { ghost, log });
    for (const b of built) {
      summary.built.push({
        id: b.id,
        dir: b.dir,
        articles: b.articles,
        shown: b.rendered.shown,
        bytes: b.rendered.bytes,
      });
      log(
        `kiji-digest: ${b.id}: ${b.articles} article(s), ${b.rendered.shown} shown, ${b.rendered.bytes} bytes → ${b.dir}`,
      );
    }
    const deliverable = Boolean(secrets.smtpUrl);
    for (const b of built) {
      if (store.data.digests[b.id]?.status === 'sent') {
        log(`kiji-digest: ${b.id} was already sent; not sending it again`);
        continue;
      }
      if (b.articles === 0 && !(options.sendEmpty ?? config.sendEmpty)) {
        log(`kiji-digest: ${b.id}: no articles in the window; nothing sent`);
        store.data.digests[b.id] = record(b, 'empty', {});
        continue;
      }
      if (!deliverable) {
        store.data.digests[b.id] = record(b, 'written', {});
        continue;
      }
      const recipients = await resolveRecipients(config, ghost);
      if (recipients.length === 0) log(`kiji-digest: ${b.id}: no recipients`);
      const entry = record(
        b,
        'sending',
        Object.fromEntries(
          recipients.map((r) => [
            r.email,
            { status: 'pending' as const, attempts: 0, name: r.name, unsubscribeUrl: r.unsubscribeUrl },
          ]),
        ),
      );
      // Kept if a recipient already got this digest in an earlier, interrupted run.
      const previous = store.data.digests[b.id];
      if (previous) for (const [email, r] of Object.entries(previous.recipients)) entry.recipients[email] = r;
      store.data.digests[b.id] = entry;
      await store.save();
      const report = await deliver({
        store,
        lock,
        digestId: b.id,
        subject: b.rendered.subject,
        personalise: b.rendered.personalise,
        recipients,
        transport: getTransport(),
        envelope: config,
        shouldStop,
        log,
      });
      summary.sent += report.sent;
      summary.failed += report.failed;
      finish(entry);
      if (report.stopped) {
        summary.stopped = true;
        break;
      }
    }
    if (options.slotMs !== undefined) store.data.lastSlotMs = options.slotMs;
    await store.save();
    return summary;
  } finally {
    transport?.close();
    await lock.release();
  }
}

function record(
  b: BuiltDigest,
  status: DigestRecord['status'],
  recipients: DigestRecord['recipients'],
): DigestRecord {
  return {
    id: b.id,
    dir: b.dir,
    sinceMs: b.window.sinceMs,
    untilMs: b.window.untilMs,
    status,
    subject: b.rendered.subject,
    createdAt: new Date().toISOString(),
    recipients,
  };
}

function unfinished(record: DigestRecord, maxAttempts: number): boolean {
  if (record.status !== 'sending' && record.status !== 'partial') return false;
  return Object.values(record.recipients).some((r) => r.status !== 'sent' && r.attempts < maxAttempts);
}

function finish(record: DigestRecord): void {
  // Retries of a partial digest are decided by `unfinished`; exhausted addresses stay recorded as failed.
  record.status = Object.values(record.recipients).every((r) => r.status === 'sent') ? 'sent' : 'partial';
}

async function resolveRecipients(config: DigestConfig, ghost: GhostReader | undefined): Promise<Addressee[]> {
  if (config.recipients) {
    return config.recipients.map((r) => {
      const url =
        r.unsubscribeUrl ?? config.unsubscribeUrlTemplate?.replaceAll('{email}', encodeURIComponent(r.email));
      if (!url) {
        throw new DigestAppError('config', `recipient ${r.email} has no unsubscribe URL`, {
          hint: 'Give each recipient an unsubscribeUrl, or set unsubscribeUrlTemplate (with {email}).',
        });
      }
      return { email: r.email, name: r.name, unsubscribeUrl: url };
    });
  }
  if (!ghost) {
    throw new DigestAppError('config', 'SMTP_URL is set but there are no recipients', {
      hint: 'List recipients in the config, or set GHOST_URL and GHOST_ADMIN_KEY to mail Ghost members.',
    });
  }
  const members: Addressee[] = [];
  const seen = new Set<string>();
  for await (const m of ghost.members({ newsletter: config.newsletter, label: config.label })) {
    const key = m.email.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    members.push(m);
  }
  return members;
}

function createTransport(secrets: DigestSecrets): Transporter {
  if (!secrets.smtpUrl) {
    throw new DigestAppError('config', 'SMTP_URL is not set', { hint: 'Set SMTP_URL in the environment.' });
  }
  let url: URL;
  try {
    url = new URL(secrets.smtpUrl);
  } catch (cause) {
    // Never echo the URL: it may hold the password.
    throw new DigestAppError('config', 'SMTP_URL is not a URL', {
      hint: 'Use smtp://user:pass@host:port.',
      cause,
    });
  }
  url.searchParams.set('pool', 'true');
  return nodemailer.createTransport(url.href);
}

async function testSend(
  options: RunOptions,
  ghost: GhostReader | undefined,
  log: (line: string) => void,
  now: number,
): Promise<RunSummary> {
  const { config, secrets } = options;
  const window = {
    sinceMs: options.sinceMs ?? now - 7 * 86_400_000,
    untilMs: options.untilMs ?? now,
  };
  const built = await buildDigests(config, window, { ghost, log });
  const transport = createTransport(secrets);
  try {
    for (const b of built) {
      const to = { email: options.testTo!, unsubscribeUrl: new URL('#/portal/account', config.siteUrl).href };
      const message = composeMessage(
        `test-${b.id}`,
        `[TEST] ${b.rendered.subject}`,
        to,
        b.rendered.personalise(to),
        config,
      );
      await transport.sendMail(message);
      log(`kiji-digest: test copy of ${b.id} sent to ${options.testTo}`);
    }
  } finally {
    transport.close();
  }
  return {
    built: built.map((b) => ({
      id: b.id,
      dir: b.dir,
      articles: b.articles,
      shown: b.rendered.shown,
      bytes: b.rendered.bytes,
    })),
    sent: built.length,
    failed: 0,
    resumed: 0,
    stopped: false,
  };
}
