import { describe, expect, it } from 'vitest';
import { fileNameDate, idFromPath, isDraftPath } from './id.js';

describe('idFromPath', () => {
  it.each([
    ['seeds/000_d3448eb173be9d92.txt', 'd3448eb173be9d92'],
    ['_posts/2025-10-05-2-msnebius194ai.md', '2025-10-05-2-msnebius194ai'],
    ['versions/2025-08-29-1-aiaiai@06d42d52ba.md', '2025-08-29-1-aiaiai@06d42d52ba'],
    ['C:\\blog\\_posts\\2025-10-05-x.markdown', '2025-10-05-x'],
    ['2025-10-05-no-extension', '2025-10-05-no-extension'],
    ['123_.md', '123_'],
  ])('%s → %s', (path, id) => {
    expect(idFromPath(path)).toBe(id);
  });
});

describe('fileNameDate', () => {
  it('reads the Jekyll YYYY-MM-DD- prefix of the file name only', () => {
    expect(fileNameDate('2024/2025-10-05-2-x.md')).toEqual({ year: 2025, month: 10, day: 5 });
    expect(fileNameDate('2025-10-05/post.md')).toBeUndefined();
    expect(fileNameDate('000_d3448eb173be9d92.txt')).toBeUndefined();
  });
});

describe('isDraftPath', () => {
  it('is true only for a _drafts directory segment', () => {
    expect(isDraftPath('site/_drafts/2025-10-05-x.md')).toBe(true);
    expect(isDraftPath('site/_posts/_drafts-notes.md')).toBe(false);
    expect(isDraftPath('_drafts.md')).toBe(false);
  });
});
