import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseBlocks, printBlocks } from './blocks.js';
import { balanceBold } from './passes/bold-balance.js';
import { boldHeadings } from './passes/bold-headings.js';
import { joinChunks } from './passes/chunk-join.js';
import { type Chunks, createPassContext, type PassContext } from './passes/context.js';
import { dropContinuationDots } from './passes/continuation-dots.js';
import { dedupe } from './passes/dedupe.js';
import { undoubleEndings } from './passes/doubled-ending.js';
import { splitAfterNotice, splitAtEndMarkers } from './passes/end-markers.js';
import { splitFlattenedLists } from './passes/flattened-list.js';
import { footerLast } from './passes/footer.js';
import { splitGluedHeadings } from './passes/glued-heading.js';
import { removeJunk } from './passes/junk.js';
import { removePromptLeak } from './passes/prompt-leak.js';
import { renamePromptWords } from './passes/prompt-words.js';
import { removeRefusals } from './passes/refusal.js';
import { mendBrokenLabels, relatedTitles } from './passes/related-links.js';
import { tidyEnding } from './passes/tidy-ending.js';
import { removeTitleEcho } from './passes/title-echo.js';
import { createSentenceCache } from './sentences.js';
import { keyOf } from './text.js';
import type { Fix } from './types.js';

/**
 * One folder per pass, one per case: `test/fixtures/<pass>/<case>/input.md` goes through that
 * pass alone (`---END---` in the input marks chunks) and must print as `output.md`, fixes listed
 * after the body. `UPDATE=1` rewrites the outputs; review the diff before committing.
 */
const root = fileURLToPath(new URL('../test/fixtures/', import.meta.url));

function context(fixes: Fix[], title?: string): PassContext {
  return createPassContext(fixes, createSentenceCache(), new Set(title ? [keyOf(title)] : []));
}

function chunksOf(input: string): Chunks {
  return splitAtEndMarkers(input, 1, []).map((c, i) => parseBlocks(c.text, c.line, i));
}

const printChunks = (chunks: Chunks) => chunks.map((c) => printBlocks(c)).join('\n<!-- ---END--- -->\n\n');

type Runner = (input: string, fixes: Fix[], title: string | undefined) => string;

const passes: Record<string, Runner> = {
  'end-markers': (input, fixes) =>
    splitAtEndMarkers(input, 1, fixes)
      .map((c) => `<!-- chunk from line ${c.line} -->\n${c.text.trim()}\n`)
      .join('\n'),
  'after-notice': (input, fixes, title) =>
    splitAfterNotice(splitAtEndMarkers(input, 1, fixes), title ?? '', fixes)
      .map((c) => `<!-- chunk from line ${c.line} -->\n${c.text.trim()}\n`)
      .join('\n'),
  'prompt-leak': (input, fixes) => removePromptLeak(input, 1, fixes),
  'prompt-words': (input, fixes) => renamePromptWords(input, 1, fixes),
  'doubled-ending': (input, fixes) => undoubleEndings(input, 1, fixes),
  refusal: (input, fixes) => {
    const chunks = chunksOf(input);
    removeRefusals(chunks, context(fixes));
    return printChunks(chunks);
  },
  junk: (input, fixes) => {
    const chunks = chunksOf(input);
    removeJunk(chunks, context(fixes));
    return printChunks(chunks);
  },
  'title-echo': (input, fixes, title) => {
    const chunks = chunksOf(input);
    removeTitleEcho(chunks, new Set([keyOf(title ?? '')]), '', context(fixes, title));
    return printChunks(chunks);
  },
  'bold-headings': (input, fixes) => {
    const chunks = chunksOf(input);
    boldHeadings(chunks, context(fixes));
    return printChunks(chunks);
  },
  'glued-heading': (input, fixes) => {
    const chunks = chunksOf(input);
    splitGluedHeadings(chunks, context(fixes));
    return printChunks(chunks);
  },
  'flattened-list': (input, fixes) => {
    const chunks = chunksOf(input);
    splitFlattenedLists(chunks, context(fixes));
    return printChunks(chunks);
  },
  'related-links': (input, fixes) => {
    const chunks = chunksOf(input);
    const ctx = context(fixes);
    relatedTitles(chunks, ctx);
    for (const chunk of chunks) mendBrokenLabels(chunk, ctx);
    return printChunks(chunks);
  },
  'chunk-join': (input, fixes, title) => printBlocks(joinChunks(chunksOf(input), context(fixes, title))),
  dedupe: (input, fixes, title) => {
    const ctx = context(fixes, title);
    return printBlocks(dedupe(joinChunks(chunksOf(input), ctx), ctx));
  },
  footer: (input, fixes) => printBlocks(footerLast(chunksOf(input).flat(), context(fixes))),
  'continuation-dots': (input, fixes) => dropContinuationDots(input.replace(/\n$/, ''), context(fixes)),
  'bold-balance': (input, fixes) => printBlocks(balanceBold(chunksOf(input).flat(), context(fixes))),
  'tidy-ending': (input, fixes) => {
    const ctx = context(fixes);
    return printBlocks(tidyEnding(chunksOf(input).flat(), ctx));
  },
};

describe('passes, one fixture folder per case', () => {
  for (const pass of readdirSync(root).sort()) {
    const run = passes[pass];
    if (!run) continue;
    for (const name of readdirSync(path.join(root, pass)).sort()) {
      const dir = path.join(root, pass, name);
      test(`${pass}: ${name}`, () => {
        const input = readFileSync(path.join(dir, 'input.md'), 'utf8');
        const titleFile = path.join(dir, 'title.txt');
        const title = existsSync(titleFile) ? readFileSync(titleFile, 'utf8').trim() : undefined;
        const fixes: Fix[] = [];
        const body = run(input, fixes, title);
        const actual = `${body.trimEnd()}\n\n<!-- fixes\n${fixes.map((f) => `${f.line ?? '-'} ${f.kind}: ${f.detail}`).join('\n')}\n-->\n`;
        const out = path.join(dir, 'output.md');
        if (process.env.UPDATE === '1') writeFileSync(out, actual);
        expect(actual).toBe(readFileSync(out, 'utf8'));
      });
    }
  }

  test('every pass has fixtures', () => {
    for (const pass of Object.keys(passes)) {
      expect(existsSync(path.join(root, pass)), pass).toBe(true);
      expect(readdirSync(path.join(root, pass)).length, pass).toBeGreaterThan(0);
    }
  });
});
