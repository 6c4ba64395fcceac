import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createCleaner } from '@kiji/clean';
import {
  createDigestRenderer,
  type DigestCandidate,
  type DigestContent,
  type DigestWindow,
  groupByTag,
  type RenderedDigest,
  selectArticles,
  splitByTag,
} from '@kiji/digest';
import { readPosts } from '@kiji/jekyll';
import nodemailer from 'nodemailer';
import type { DigestConfig } from './config.js';
import { DigestAppError } from './errors.js';
import { writeAtomic } from './fsutil.js';
import type { GhostReader } from './ghost.js';
import { composeMessage } from './send.js';

export interface BuiltDigest {
  /** `YYYY-MM-DD` of the window's end in the configured time zone, plus `#tag` per tag. */
  readonly id: string;
  readonly tag: string | undefined;
  readonly window: DigestWindow;
  readonly dir: string;
  readonly rendered: RenderedDigest;
  readonly articles: number;
}

/** Reads and cleans the posts dated in the window; bad files are reported and skipped. */
export async function loadCandidates(
  source: string,
  window: DigestWindow,
  log: (line: string) => void,
): Promise<DigestCandidate[]> {
  try {
    await stat(source);
  } catch (cause) {
    throw new DigestAppError('source', 'the posts source does not exist', {
      file: source,
      hint: 'Pass --source with the Jekyll posts directory (or set "source" in the config).',
      cause,
    });
  }
  const clean = await createCleaner();
  const out: DigestCandidate[] = [];
  for await (const result of readPosts(source)) {
    if (!result.ok) {
      log(result.error.message);
      continue;
    }
    const { post } = result;
    // Only the window's posts are cleaned: the digest never needs the rest.
    if (!(post.date.epochMs > window.sinceMs && post.date.epochMs <= window.untilMs)) continue;
    try {
      out.push(clean(post));
    } catch (error) {
      log(`kiji-digest: ${result.path}: could not clean (${(error as Error).message}); skipped`);
    }
  }
  return out;
}

export function dayKey(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(ms);
}

/**
 * Builds the digest(s) for a window and writes `index.html`, `digest.txt`, `digest.mjml` and a
 * sample `message.eml` to `out/digest/<date>/`. Template and MJML errors throw here, before any send.
 */
export async function buildDigests(
  config: DigestConfig,
  window: DigestWindow,
  options: { ghost?: GhostReader | undefined; log: (line: string) => void },
): Promise<BuiltDigest[]> {
  const candidates = await loadCandidates(config.source, window, options.log);
  let ghostUrls: Map<string, string> | undefined;
  if (options.ghost) {
    const slugs = candidates.filter((c) => c.verdict.status === 'publish').map((c) => c.post.slug);
    ghostUrls = await options.ghost.postUrls(slugs);
  }
  const { articles, warnings } = selectArticles(candidates, {
    window,
    siteUrl: config.siteUrl,
    categories: config.categories,
    ...(config.categoryAliases ? { categoryAliases: config.categoryAliases } : {}),
    ...(ghostUrls ? { ghostUrls } : {}),
  });
  for (const w of warnings) options.log(`kiji-digest: warning: ${w.message}`);
  const renderer = await createDigestRenderer({
    templatesDir: config.templatesDir,
    maxBytes: config.maxBytes,
    timeZone: config.timezone,
  });
  const day = dayKey(window.untilMs, config.timezone);
  const base = new URL(config.siteUrl.endsWith('/') ? config.siteUrl : `${config.siteUrl}/`);
  const webVersionUrl = config.webVersionUrl ?? new URL(`digest/${day}/`, base).href;
  const groups: { tag: string | undefined; content: DigestContent; count: number }[] = [];
  const common = { siteTitle: config.siteTitle, siteUrl: base.href, window, webVersionUrl };
  if (config.perTag) {
    for (const [tag, list] of splitByTag(articles, { maxTagShare: config.maxTagShare })) {
      groups.push({
        tag,
        count: list.length,
        content: { ...common, title: `${config.title}：${tag}`, sections: [{ tag, articles: list }] },
      });
    }
  } else {
    const sections = groupByTag(articles, { tagOrder: config.tagOrder, maxTagShare: config.maxTagShare });
    groups.push({
      tag: undefined,
      count: articles.length,
      content: { ...common, title: config.title, sections },
    });
  }
  const built: BuiltDigest[] = [];
  for (const group of groups) {
    const rendered = await renderer.render(group.content);
    const dir = group.tag
      ? join(config.out, 'digest', day, 'tags', tagDir(group.tag))
      : join(config.out, 'digest', day);
    await writeFiles(dir, rendered, config, base.href);
    built.push({
      id: group.tag ? `${day}#${group.tag}` : day,
      tag: group.tag,
      window,
      dir,
      rendered,
      articles: group.count,
    });
  }
  return built;
}

function tagDir(tag: string): string {
  const ascii = tag.replace(/[^A-Za-z0-9_-]+/g, '');
  return `${ascii || 'tag'}-${createHash('sha256').update(tag).digest('hex').slice(0, 8)}`;
}

async function writeFiles(dir: string, rendered: RenderedDigest, config: DigestConfig, siteUrl: string) {
  // The web copy has no member: its "unsubscribe" goes to Ghost's account page.
  const web = rendered.personalise({ unsubscribeUrl: new URL('#/portal/account', siteUrl).href });
  const sample = composeMessage(
    'sample',
    rendered.subject,
    { email: 'reader@example.com', unsubscribeUrl: new URL('unsubscribe/?uuid=sample', siteUrl).href },
    rendered.personalise({ unsubscribeUrl: new URL('unsubscribe/?uuid=sample', siteUrl).href }),
    config,
  );
  const eml = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(sample);
  await writeAtomic(join(dir, 'index.html'), web.html);
  await writeAtomic(join(dir, 'digest.txt'), web.text);
  await writeAtomic(join(dir, 'digest.mjml'), rendered.mjml);
  await writeAtomic(join(dir, 'message.eml'), eml.message as Buffer);
  // The tokenised render, so a resumed send mails exactly what the first attempt did.
  await writeAtomic(
    join(dir, '.render.json'),
    JSON.stringify({ subject: rendered.subject, html: rendered.html, text: rendered.text }),
  );
}

export interface StoredRender {
  subject: string;
  html: string;
  text: string;
}

export async function readStoredRender(dir: string): Promise<StoredRender> {
  return JSON.parse(await readFile(join(dir, '.render.json'), 'utf8')) as StoredRender;
}
