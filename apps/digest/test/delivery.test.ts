import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyWindow,
  countBy,
  header,
  members,
  spawnCli,
  startSmtp,
  suiteTempDir,
  type TestSmtp,
  tempDir,
  writeConfig,
} from './helpers.js';

const PASSWORD = 'loopback-secret-7';
const DAYS = [
  '2025-10-01',
  '2025-10-02',
  '2025-10-03',
  '2025-10-04',
  '2025-10-05',
  '2025-10-06',
  '2025-10-07',
  '2025-10-08',
];
const WINDOW = ['--since', '2025-10-01', '--until', '2025-10-08'];

let smtp: TestSmtp;
let source: string;
beforeAll(async () => {
  smtp = await startSmtp(PASSWORD);
  source = await copyWindow(DAYS, await suiteTempDir('kiji-digest-src-'));
});
afterAll(async () => {
  await smtp?.stop();
  if (source) await rm(source, { recursive: true, force: true });
});

async function setup(n: number, extra: object = {}) {
  smtp.received.length = 0;
  smtp.reject.clear();
  smtp.onMailFrom = undefined;
  smtp.dataDelayMs = 0;
  const dir = await tempDir();
  const list = members(n);
  const config = await writeConfig(dir, {
    source,
    out: join(dir, 'out'),
    siteUrl: 'https://example.com',
    siteTitle: 'ALLFORCES',
    from: 'ALLFORCES <digest@example.com>',
    recipients: list,
    ...extra,
  });
  const env = {
    KIJI_DIGEST_CONFIG: config,
    SMTP_URL: `smtp://kiji@127.0.0.1:${smtp.port}`,
    SMTP_PASSWORD: PASSWORD,
  };
  return { dir, list, env };
}

describe('kiji-digest run --once over SMTP (real loopback server)', () => {
  it('sends each member one copy with html and text parts and one-click unsubscribe headers', async () => {
    const { list, env, dir } = await setup(3);
    const first = await spawnCli(['run', '--once', ...WINDOW], env).done;
    expect(first.stderr).not.toContain(PASSWORD);
    expect(first.code, first.stderr).toBe(0);
    expect(countBy(smtp.received)).toEqual(new Map(list.map((m) => [m.email, 1])));
    for (const m of list) {
      const got = smtp.received.find((r) => r.to === m.email)!;
      expect(got.mail.subject).toBe('今週の投資分析ダイジェスト');
      expect(got.mail.html).toBeTruthy();
      expect(got.mail.text).toContain(m.name);
      expect(got.mail.text).toContain('約');
      const html = got.mail.html as string;
      expect(html).toContain(`${m.name}さま`);
      expect(html).toContain(`href="${m.unsubscribeUrl.replace('&', '&amp;')}"`);
      expect(html).toMatch(/href="https:\/\/example\.com\/[a-z0-9-]+\/"/);
      expect(Buffer.byteLength(html)).toBeLessThan(100_000);
      expect(header(got, 'List-Unsubscribe')).toBe(
        `<${m.unsubscribeUrl}>, <mailto:unsubscribe@example.com?subject=unsubscribe%20${encodeURIComponent(m.email)}>`,
      );
      expect(header(got, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    }
    // Running the same window again sends nobody a second copy.
    const again = await spawnCli(['run', '--once', ...WINDOW], env).done;
    expect(again.code, again.stderr).toBe(0);
    expect(smtp.received).toHaveLength(3);
    const state = JSON.parse(await readFile(join(dir, 'out', 'digest-state.json'), 'utf8'));
    expect(
      Object.values(state.digests['2025-10-08'].recipients).map((r) => (r as { status: string }).status),
    ).toEqual(['sent', 'sent', 'sent']);
  });

  it('records an SMTP rejection for one member, goes on, and retries it on the next run', async () => {
    const { list, env, dir } = await setup(4);
    smtp.reject.add(list[1]!.email);
    const first = await spawnCli(['run', '--once', ...WINDOW], env).done;
    expect(first.code).toBe(6);
    expect(first.stderr).toContain(`${list[1]!.email} not delivered (550`);
    expect([...countBy(smtp.received).keys()].sort()).toEqual([
      list[0]!.email,
      list[2]!.email,
      list[3]!.email,
    ]);
    const state = JSON.parse(await readFile(join(dir, 'out', 'digest-state.json'), 'utf8'));
    expect(state.digests['2025-10-08'].status).toBe('partial');
    expect(state.digests['2025-10-08'].recipients[list[1]!.email]).toMatchObject({
      status: 'failed',
      attempts: 1,
    });

    smtp.reject.clear();
    const second = await spawnCli(['run', '--once', ...WINDOW], env).done;
    expect(second.code, second.stderr).toBe(0);
    expect(countBy(smtp.received)).toEqual(new Map(list.map((m) => [m.email, 1])));
  });

  it('resumes after a SIGKILL between sends without sending anyone a second copy', async () => {
    const { list, env } = await setup(5);
    const run = spawnCli(['run', '--once', ...WINDOW], env);
    // Kill the sender as it starts its third message: two were accepted and recorded.
    smtp.onMailFrom = (accepted) => {
      if (accepted === 2) run.child.kill('SIGKILL');
    };
    const killed = await run.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(smtp.received).toHaveLength(2);
    smtp.onMailFrom = undefined;
    const restarted = await spawnCli(['run', '--once', ...WINDOW], env).done;
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(countBy(smtp.received)).toEqual(new Map(list.map((m) => [m.email, 1])));
  });

  it('on SIGTERM finishes the message in flight, exits, and a later run sends the rest', async () => {
    const { list, env } = await setup(4);
    smtp.dataDelayMs = 400;
    const run = spawnCli(['run', '--once', ...WINDOW], env);
    smtp.onMailFrom = (accepted) => {
      if (accepted === 1) run.child.kill('SIGTERM');
    };
    const stopped = await run.done;
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toContain('SIGTERM received');
    expect(smtp.received).toHaveLength(2); // the one in flight when SIGTERM came was completed
    smtp.onMailFrom = undefined;
    smtp.dataDelayMs = 0;
    const rest = await spawnCli(['run', '--once', ...WINDOW], env).done;
    expect(rest.code, rest.stderr).toBe(0);
    expect(countBy(smtp.received)).toEqual(new Map(list.map((m) => [m.email, 1])));
  });

  it('stops without spending attempts when the SMTP server is down, and resumes later', async () => {
    const { list, env, dir } = await setup(3);
    const down = await startSmtp(PASSWORD);
    await down.stop(); // a port nothing listens on any more
    const failed = await spawnCli(['run', '--once', ...WINDOW], {
      ...env,
      SMTP_URL: `smtp://kiji@127.0.0.1:${down.port}`,
    }).done;
    expect(failed.code).toBe(6);
    expect(failed.stderr).toMatch(/cannot deliver through SMTP_URL \(E[A-Z]+\)/);
    expect(failed.stderr).not.toContain(PASSWORD);
    const state = JSON.parse(await readFile(join(dir, 'out', 'digest-state.json'), 'utf8'));
    expect(
      Object.values(state.digests['2025-10-08'].recipients).map((r) => (r as { attempts: number }).attempts),
    ).toEqual([0, 0, 0]);
    const later = await spawnCli(['run', '--once', ...WINDOW], env).done;
    expect(later.code, later.stderr).toBe(0);
    expect(countBy(smtp.received)).toEqual(new Map(list.map((m) => [m.email, 1])));
  });

  it('lets only one of two processes started at once send', async () => {
    const { list, env } = await setup(4);
    smtp.dataDelayMs = 100;
    const [a, b] = await Promise.all([
      spawnCli(['run', '--once', ...WINDOW], env).done,
      spawnCli(['run', '--once', ...WINDOW], env).done,
    ]);
    expect([a.code, b.code].sort()).toEqual([0, 3]);
    expect(`${a.stderr}${b.stderr}`).toMatch(/another kiji-digest \(pid \d+\) holds the lock/);
    expect(countBy(smtp.received)).toEqual(new Map(list.map((m) => [m.email, 1])));
  });

  it('fails a broken template with its file and line before sending anything', async () => {
    const { env, dir } = await setup(2);
    const templates = join(dir, 'templates');
    await writeConfig(join(templates, 'partials'), {}); // creates the dir
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      join(templates, 'partials', 'footer.mjml.hbs'),
      '<mj-section>\n  {{#each sections}\n</mj-section>\n',
    );
    await writeConfig(dir, {
      ...JSON.parse(await readFile(env.KIJI_DIGEST_CONFIG, 'utf8')),
      templatesDir: templates,
    });
    const result = await spawnCli(['run', '--once', ...WINDOW], env).done;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(templates, 'partials', 'footer.mjml.hbs')}:2`);
    expect(smtp.received).toHaveLength(0);
  });

  it('sends one [TEST] copy with --test-to and records nothing', async () => {
    const { env, dir } = await setup(3);
    const result = await spawnCli(['run', '--once', ...WINDOW, '--test-to', 'editor@example.test'], env).done;
    expect(result.code, result.stderr).toBe(0);
    expect(smtp.received.map((r) => r.to)).toEqual(['editor@example.test']);
    expect(smtp.received[0]!.mail.subject).toBe('[TEST] 今週の投資分析ダイジェスト');
    await expect(readFile(join(dir, 'out', 'digest-state.json'))).rejects.toThrow();
  });
});
