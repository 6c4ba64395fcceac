import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CliError } from './errors.js';
import { loadSettings, readDotEnv, refuseKeyInArgv } from './settings.js';

const KEY = `${'a'.repeat(24)}:${'b'.repeat(64)}`;
const KEY2 = `${'c'.repeat(24)}:${'d'.repeat(64)}`;

async function dir(files: Record<string, string>) {
  const d = await mkdtemp(path.join(tmpdir(), 'kiji-settings-'));
  onTestFinished(() => rm(d, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(d, name), text);
  return d;
}

describe('loadSettings', () => {
  it('orders flags > config file > environment > .env', async () => {
    const cwd = await dir({
      '.env': `GHOST_URL=http://from-dotenv.test\nGHOST_ADMIN_API_KEY="${KEY2}"\n`,
      'kiji.config.json': JSON.stringify({ url: 'http://from-file.test', authors: { Taro: 'taro' } }),
    });
    const env = { GHOST_URL: 'http://from-env.test' };
    expect((await loadSettings({ cwd, env, url: 'http://from-flag.test' })).ghost?.url).toBe(
      'http://from-flag.test',
    );
    const s = await loadSettings({ cwd, env });
    expect(s.ghost?.url).toBe('http://from-file.test');
    expect(s.ghost?.adminKey).toBe(KEY2);
    expect(s.ghost?.authors).toEqual({ Taro: 'taro' });
    const noFile = await dir({ '.env': `GHOST_URL=http://from-dotenv.test\nGHOST_ADMIN_API_KEY=${KEY2}\n` });
    expect((await loadSettings({ cwd: noFile, env: { GHOST_ADMIN_API_KEY: KEY } })).ghost).toMatchObject({
      url: 'http://from-dotenv.test',
      adminKey: KEY,
    });
  });

  it('reads kiji.config.mjs', async () => {
    const cwd = await dir({
      'kiji.config.mjs': `export default { url: 'http://mjs.test', adminKey: '${KEY}', concurrency: 5 };`,
    });
    const s = await loadSettings({ cwd, env: {} });
    expect(s.ghost?.url).toBe('http://mjs.test');
    expect(s.concurrency).toBe(5);
  });

  it('leaves ghost undefined when nothing is configured, and turns bad config into a CliError without the key', async () => {
    expect((await loadSettings({ cwd: await dir({}), env: {} })).ghost).toBeUndefined();
    const e = await loadSettings({
      cwd: await dir({}),
      env: { GHOST_URL: 'http://x.test', GHOST_ADMIN_API_KEY: 'oops-secret' },
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).code).toBe('config');
    expect((e as CliError).message).not.toContain('oops-secret');
  });

  it('names a broken config file', async () => {
    const cwd = await dir({ 'kiji.config.json': '{ nope' });
    await expect(loadSettings({ cwd, env: {} })).rejects.toThrow(/kiji\.config\.json/);
  });
});

describe('argv and .env', () => {
  it('refuses any key-like flag', () => {
    for (const flag of [
      '--key=x',
      '--admin-key',
      '--admin-api-key=x',
      '--ghost-admin-api-key',
      '--adminApiKey=x',
    ]) {
      expect(() => refuseKeyInArgv(['push', 'p', flag]), flag).toThrow(CliError);
    }
    expect(() => refuseKeyInArgv(['push', 'p', '--keep'])).not.toThrow();
  });

  it('parses .env with comments, export and quotes', async () => {
    const d = await dir({ '.env': '# c\nexport A=1\nB="two # not comment"\nC=3 # comment\nbad line\n' });
    expect(readDotEnv(path.join(d, '.env'))).toEqual({ A: '1', B: 'two # not comment', C: '3' });
  });
});
