import { describe, expect, it } from 'vitest';
import { PostParseError } from './errors.js';
import { type ParseResult, parsePost } from './parse.js';

const POST = '---\ntitle: "題名"\ndate: 2025-10-05 13:34:57 +0900\ntags: [a]\n---\n本文。\n';

function ok(result: ParseResult) {
  if (!result.ok) throw new Error(`expected a post, got ${result.error.message}`);
  return result;
}
function failed(result: ParseResult): PostParseError {
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('parsePost', () => {
  it('gives the same post from a string and from its UTF-8 bytes', () => {
    const fromString = ok(parsePost('_posts/2025-10-05-x.md', POST));
    const fromBytes = ok(parsePost('_posts/2025-10-05-x.md', new TextEncoder().encode(POST)));
    expect(fromBytes).toEqual(fromString);
    expect(fromString.post.title).toBe('題名');
    expect(fromString.post.body).toBe('本文。\n');
    expect(fromString.post.bodyLine).toBe(6);
  });

  it('keeps body lines countable from bodyLine after CRLF and a BOM', () => {
    const crlf = `\uFEFF${POST.replace(/\n/g, '\r\n')}`;
    const { post } = ok(parsePost('2025-10-05-x.md', crlf));
    expect(post.body).toBe('本文。\n');
    expect(post.body).not.toContain('\r');
    expect(post.bodyLine).toBe(6);
    expect(crlf.split('\r\n')[post.bodyLine - 1]).toBe('本文。');
  });

  it('maps a YAML error to the line of the file, not of the front matter', () => {
    const text = '---\ntitle: ok\ndate: 2025-10-05\nbad: [unclosed\nmore: x\n---\nbody\n';
    const error = failed(parsePost('posts/2025-10-05-x.md', text));
    expect(error).toBeInstanceOf(PostParseError);
    expect(error.code).toBe('invalid-yaml');
    expect(error.line).toBeGreaterThanOrEqual(4);
    expect(error.line).toBeLessThanOrEqual(6);
    expect(error.cause).toBeDefined();
  });

  it('formats every error as package, file:line, what failed, the expected form, and the hint', () => {
    const error = failed(parsePost('posts/2025-10-05-x.md', '---\ntitle: x\ndate: soon\n---\n'));
    expect(error.code).toBe('no-date');
    expect(error.file).toBe('posts/2025-10-05-x.md');
    expect(error.line).toBe(3);
    expect(error.name).toBe('PostParseError');
    expect(error.message).toMatch(
      /^@kiji\/jekyll: posts\/2025-10-05-x\.md:3: `date` "soon" is not a valid date \(unrecognised form\)\. Expected .+\. /,
    );
    expect(error.message.endsWith(error.hint)).toBe(true);
  });

  it('treats a bare ======= as a setext underline, and a <<<<<<< … >>>>>>> pair as a conflict', () => {
    const heading = `${POST}\nTitle\n=======\n`;
    expect(parsePost('2025-10-05-x.md', heading).ok).toBe(true);
    const conflict = `${POST}<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> branch\n`;
    const error = failed(parsePost('2025-10-05-x.md', conflict));
    expect(error.code).toBe('conflict-markers');
    expect(error.line).toBe(7);
    expect(error.message).toContain('lines 7, 9, 11');
  });

  it('does not let a __proto__ key change the prototype of extra', () => {
    const { post } = ok(
      parsePost('2025-10-05-x.md', '---\ntitle: x\ndate: 2025-10-05\n__proto__: {polluted: 1}\n---\n'),
    );
    expect(Object.getPrototypeOf(post.extra)).toBe(Object.prototype);
    expect((post.extra as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads published: no the way Jekyll (YAML 1.1) does', () => {
    expect(
      ok(parsePost('2025-10-05-x.md', '---\ntitle: x\ndate: 2025-10-05\npublished: no\n---\n')).post.draft,
    ).toBe(true);
    expect(
      ok(parsePost('2025-10-05-x.md', '---\ntitle: x\ndate: 2025-10-05\npublished: true\n---\n')).post.draft,
    ).toBe(false);
  });

  it('merges categories and the singular category without splitting the singular one', () => {
    const text = '---\ntitle: x\ndate: 2025-10-05\ncategories: 投資分析 業界分析\ncategory: AI 技術\n---\n';
    expect(ok(parsePost('2025-10-05-x.md', text)).post.categories).toEqual([
      '投資分析',
      '業界分析',
      'AI 技術',
    ]);
  });

  it('reads several authors, or an author object, as one string with a warning', () => {
    const list = ok(
      parsePost('2025-10-05-x.md', '---\ntitle: x\ndate: 2025-10-05\nauthor: [山田, 佐藤]\n---\n'),
    );
    expect(list.post.author).toBe('山田, 佐藤');
    expect(list.warnings.map((w) => [w.code, w.line])).toContainEqual(['unknown-type', 4]);
    const object = ok(
      parsePost(
        '2025-10-05-x.md',
        '---\ntitle: x\ndate: 2025-10-05\nauthor: {name: 編集部, x: "@kiji"}\n---\n',
      ),
    );
    expect(object.post.author).toBe('編集部');
  });

  it('refuses an excerpt that is not text, naming its line', () => {
    const error = failed(
      parsePost('2025-10-05-x.md', '---\ntitle: x\ndate: 2025-10-05\nexcerpt:\n  - a\n---\n'),
    );
    expect(error.code).toBe('invalid-front-matter');
    expect(error.line).toBe(4);
  });

  it('never throws, whatever it is given', () => {
    const inputs: (string | Uint8Array)[] = [
      '',
      '---',
      '---\n---',
      '---\n: :\n---\n',
      '---\n!!binary x\n---\n',
      '---\na: *unknown\n---\n',
      '---\n? [a, b]\n: c\ndate: 2025-10-05\n---\n',
      Uint8Array.from([0xff, 0xfe, 0x00]),
      `---\ntitle: ${'['.repeat(500)}\n---\n`,
    ];
    for (const input of inputs) {
      const result = parsePost('2025-10-05-x.md', input);
      if (!result.ok) {
        expect(result.error).toBeInstanceOf(PostParseError);
        expect(result.error.message).toContain('2025-10-05-x.md');
        expect(result.error.hint.length).toBeGreaterThan(10);
      }
    }
  });
});
