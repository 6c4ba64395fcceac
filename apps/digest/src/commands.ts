import { join } from 'node:path';
import { defineCommand } from 'citty';
import { type ConfigOverrides, loadConfig, readSecrets } from './config.js';
import { parseBound } from './dates.js';
import { runDigest } from './run.js';
import { startScheduler } from './scheduler.js';
import { findChromium, screenshot } from './screenshot.js';
import { StateStore } from './store.js';

const common = {
  config: { type: 'string', description: 'JSON config file (or KIJI_DIGEST_CONFIG)' },
  source: { type: 'string', description: 'Posts directory (default ./posts)' },
  out: { type: 'string', description: 'Output directory (default ./out)' },
  'site-url': { type: 'string', description: 'Ghost site URL for links' },
  'per-tag': { type: 'boolean', description: 'One digest per tag' },
} as const;

function overrides(args: Record<string, unknown>): ConfigOverrides {
  return {
    source: args.source,
    out: args.out,
    siteUrl: args['site-url'],
    ...(args['per-tag'] ? { perTag: true } : {}),
    ...(args['send-empty'] ? { sendEmpty: true } : {}),
  };
}

/** SIGTERM/SIGINT: let the message in flight finish, then stop. */
function stopFlag(log: (l: string) => void): { stopping: () => boolean; onStop: (f: () => void) => void } {
  let stopping = false;
  const listeners: (() => void)[] = [];
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`kiji-digest: ${signal} received; finishing the message in flight`);
    for (const l of listeners) l();
  };
  process.once('SIGTERM', () => handler('SIGTERM'));
  process.once('SIGINT', () => handler('SIGINT'));
  return { stopping: () => stopping, onStop: (f) => listeners.push(f) };
}

const log = (line: string) => process.stderr.write(`${line}\n`);

export const run = defineCommand({
  meta: { name: 'run', description: 'Build (and send, if SMTP_URL is set) the digest for one window' },
  args: {
    ...common,
    once: { type: 'boolean', description: 'Run once and exit (the only mode of `run`)', default: true },
    since: { type: 'string', description: 'Window start (ISO); default: end of the last digest' },
    until: { type: 'string', description: 'Window end (ISO); default: now' },
    'test-to': { type: 'string', description: 'Send one copy marked [TEST] to this address' },
    'send-empty': { type: 'boolean', description: 'Send even when the window has no articles' },
  },
  async run({ args }) {
    const config = await loadConfig(args.config, overrides(args));
    const flag = stopFlag(log);
    const summary = await runDigest({
      config,
      secrets: readSecrets(),
      sinceMs: args.since ? parseBound(args.since, 'since', config.timezone) : undefined,
      untilMs: args.until ? parseBound(args.until, 'until', config.timezone) : undefined,
      testTo: args['test-to'],
      sendEmpty: Boolean(args['send-empty']),
      shouldStop: flag.stopping,
      log,
    });
    log(
      `kiji-digest: sent ${summary.sent}, failed ${summary.failed}${summary.stopped ? ' (stopped early)' : ''}`,
    );
    if (summary.failed > 0) process.exitCode = 6;
  },
});

export const schedule = defineCommand({
  meta: {
    name: 'schedule',
    description: 'Run as a service: one digest per cron slot (default Mondays 08:00 Asia/Tokyo)',
  },
  args: { ...common },
  async run({ args }) {
    // Checked here, at start: a bad cron or time zone is a config error (exit 2), not a silent no-op.
    const config = await loadConfig(args.config, overrides(args));
    const secrets = readSecrets();
    const state = await StateStore.open(config.stateFile);
    const flag = stopFlag(log);
    const scheduler = startScheduler({
      cron: config.cron,
      timezone: config.timezone,
      lastSlotMs: state.data.lastSlotMs,
      log,
      job: async (slotMs) => {
        await runDigest({ config, secrets, slotMs, shouldStop: flag.stopping, log });
      },
    });
    log(`kiji-digest: scheduled "${config.cron}" (${config.timezone})`);
    await new Promise<void>((resolve) => flag.onStop(resolve));
    await scheduler.stop();
  },
});

export const preview = defineCommand({
  meta: { name: 'preview', description: 'Write the digest files and, with Chromium, PNGs at 375 and 600 px' },
  args: {
    ...common,
    since: { type: 'string', description: 'Window start (ISO)' },
    until: { type: 'string', description: 'Window end (ISO)' },
  },
  async run({ args }) {
    const config = await loadConfig(args.config, overrides(args));
    // Preview never sends: no SMTP, and its own state file so real runs are not affected.
    const summary = await runDigest({
      config: { ...config, stateFile: join(config.out, '.preview-state.json') },
      secrets: { ...readSecrets(), smtpUrl: undefined },
      sinceMs: args.since ? parseBound(args.since, 'since', config.timezone) : undefined,
      untilMs: args.until ? parseBound(args.until, 'until', config.timezone) : Date.now(),
      log,
    });
    const chromium = await findChromium();
    if (!chromium) {
      log('kiji-digest: Chromium not found; no screenshots (install chromium, or set CHROMIUM_PATH)');
      return;
    }
    for (const b of summary.built) {
      for (const width of [375, 600]) {
        const png = join(b.dir, `preview-${width}.png`);
        await screenshot(chromium, join(b.dir, 'index.html'), png, width);
        log(`kiji-digest: ${png}`);
      }
    }
  },
});
