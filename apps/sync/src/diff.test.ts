import { describe, expect, it } from 'vitest';
import { lineDiff } from './diff.js';

describe('lineDiff', () => {
  it('is empty for equal texts', () => {
    expect(lineDiff('a\nb', 'a\nb')).toBe('');
  });

  it('marks removed and added lines with context', () => {
    const d = lineDiff('t\na\nb\n---END---\nc\nd', 't\na\nb\nc\nd');
    expect(d).toContain('- ---END---');
    expect(d).toContain('  b');
    expect(d).not.toMatch(/^\+/m);
  });

  it('shows a replaced line as - and +', () => {
    const d = lineDiff('x\n**見出し**\ny', 'x\n## 見出し\ny');
    expect(d).toMatch(/^- \*\*見出し\*\*$/m);
    expect(d).toMatch(/^\+ ## 見出し$/m);
  });
});
