import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DigestAppError } from './errors.js';
import { acquireLock, StateStore } from './store.js';

/** A temp dir removed when the calling test ends, pass or fail. */
async function dir() {
  const made = await mkdtemp(join(tmpdir(), 'kiji-digest-store-'));
  onTestFinished(() => rm(made, { recursive: true, force: true }));
  return made;
}

describe('StateStore', () => {
  it('replays the journal after a crash, ignoring a torn last line', async () => {
    const file = join(await dir(), 'state.json');
    const store = await StateStore.open(file);
    store.data.digests.d1 = {
      id: 'd1',
      dir: '/x',
      sinceMs: 0,
      untilMs: 1,
      status: 'sending',
      subject: 's',
      createdAt: '',
      recipients: {
        'a@x.test': { status: 'pending', attempts: 0, unsubscribeUrl: 'https://x.test/u/a' },
        'b@x.test': { status: 'pending', attempts: 0, unsubscribeUrl: 'https://x.test/u/b' },
      },
    };
    await store.save();
    await store.record('d1', 'a@x.test', 'sent');
    await store.record('d1', 'b@x.test', 'failed', '550 no');
    await appendFile(store.journalFile, '{"digest":"d1","to":"b@x.te'); // crash mid-append
    const reopened = await StateStore.open(file);
    expect(reopened.data.digests.d1!.recipients).toMatchObject({
      'a@x.test': { status: 'sent', attempts: 1 },
      'b@x.test': { status: 'failed', attempts: 1, error: '550 no' },
    });
    await reopened.save();
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved.digests.d1.recipients['a@x.test'].status).toBe('sent');
  });

  it('names the file when the state is corrupt', async () => {
    const file = join(await dir(), 'state.json');
    await writeFile(file, '{ not json');
    await expect(StateStore.open(file)).rejects.toMatchObject({ code: 'state', file });
  });
});

describe('acquireLock', () => {
  it('refuses a lock held by a live process and takes over one left by a dead process', async () => {
    const file = join(await dir(), 'state.json.lock');
    const lock = await acquireLock(file);
    await expect(acquireLock(file)).rejects.toBeInstanceOf(DigestAppError);
    await lock.release();
    // A pid that cannot exist: the holder crashed.
    await writeFile(file, JSON.stringify({ pid: 2 ** 22 + 12345, at: new Date().toISOString() }));
    const taken = await acquireLock(file);
    expect(JSON.parse(await readFile(file, 'utf8')).pid).toBe(process.pid);
    await taken.release();
  });
});
