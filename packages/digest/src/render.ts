import mjml2html from 'mjml';
import { minifyStyles } from './css.js';
import { DigestError } from './errors.js';
import {
  countTokens,
  createPersonaliser,
  NAME_BUDGET_BYTES,
  NAME_TOKEN,
  UNSUBSCRIBE_TOKEN,
  URL_BUDGET_BYTES,
} from './personalise.js';
import { type CompiledTemplates, loadTemplates } from './templates.js';
import type { DigestArticle, DigestContent, DigestSection, RenderedDigest } from './types.js';

/** Gmail clips messages over ~102 KB; keep a margin for headers it counts too. */
export const DEFAULT_MAX_BYTES = 100_000;
export const FONT_STACK =
  "'Hiragino Sans','Hiragino Kaku Gothic ProN','Noto Sans JP','Yu Gothic',Meiryo,sans-serif";
// Zero-width filler after the preheader stops mail clients pulling body text into the preview.
const PREHEADER_FILLER = '&#847;&zwnj;&nbsp;'.repeat(90);

export interface RendererOptions {
  /** Your own templates (`digest.mjml.hbs`, `digest.txt.hbs`, `partials/*.mjml.hbs`); missing files fall back to the defaults. */
  readonly templatesDir?: string;
  /** Largest HTML in bytes, personal fields at their longest (default 100,000). */
  readonly maxBytes?: number;
  /** Time zone for the dates shown (default `Asia/Tokyo`). */
  readonly timeZone?: string;
  /** Tags on more than this share of the articles get no chip (default 0.8, as in `groupByTag`). */
  readonly maxTagShare?: number;
}

export interface DigestRenderer {
  /** Renders the MJML once; when it is too large, shows the first articles and a "N more" link. */
  render(content: DigestContent): Promise<RenderedDigest>;
}

export async function createDigestRenderer(options: RendererOptions = {}): Promise<DigestRenderer> {
  const templates = await loadTemplates(options.templatesDir);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeZone = options.timeZone ?? 'Asia/Tokyo';
  const maxTagShare = options.maxTagShare ?? 0.8;
  let dayFormat: Intl.DateTimeFormat;
  try {
    dayFormat = new Intl.DateTimeFormat('ja-JP', {
      timeZone,
      month: 'long',
      day: 'numeric',
      weekday: 'short',
    });
  } catch (cause) {
    throw new DigestError('invalid-option', `unknown time zone "${timeZone}"`, {
      hint: 'Use an IANA time zone such as Asia/Tokyo.',
      cause,
    });
  }
  const fullFormat = new Intl.DateTimeFormat('ja-JP', {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });

  const renderWith = async (content: DigestContent, sections: readonly DigestSection[], omitted: number) => {
    const total = sections.reduce((n, s) => n + s.articles.length, 0) + omitted;
    const ubiquitous = commonTags(content.sections, maxTagShare);
    const data = {
      lang: 'ja',
      title: content.title,
      siteTitle: content.siteTitle,
      siteUrl: content.siteUrl,
      webVersionUrl: content.webVersionUrl,
      // The window excludes its start instant; show the first day it covers.
      periodLabel: `${fullFormat.format(content.window.sinceMs + 1)}〜${fullFormat.format(content.window.untilMs)}`,
      preheader: previewLine(sections, total),
      preheaderFiller: PREHEADER_FILLER,
      fontStack: FONT_STACK,
      total,
      name: NAME_TOKEN,
      unsubscribeUrl: UNSUBSCRIBE_TOKEN,
      more: omitted > 0 ? { count: omitted, url: content.moreUrl ?? content.webVersionUrl } : null,
      sections: sections.map((s) => ({
        tag: s.tag,
        articles: s.articles.map((a) => ({
          title: a.post.title,
          url: a.url,
          excerpt: a.post.excerpt,
          readingMinutes: a.post.readingMinutes,
          dateLabel: dayFormat.format(a.post.date.epochMs),
          // Chips for tags on nearly every article say nothing; the same rule drops them as sections.
          tags: a.post.tags.filter((t) => !ubiquitous.has(t)),
        })),
      })),
    };
    const mjml = templates.mjml(data);
    const text = templates.text(data);
    let html: string;
    try {
      ({ html } = await mjml2html(mjml, {
        validationLevel: 'strict',
        minify: true,
        keepComments: false,
        // CSS is minified below, by a cssnano this package depends on directly.
        minifyOptions: { minifyCss: false },
      }));
    } catch (cause) {
      throw mjmlError(templates, data, cause);
    }
    html = await minifyStyles(html);
    const tokens = countTokens(html);
    const bytes =
      Buffer.byteLength(html) -
      tokens.name * NAME_TOKEN.length -
      tokens.unsubscribe * UNSUBSCRIBE_TOKEN.length +
      tokens.name * NAME_BUDGET_BYTES +
      tokens.unsubscribe * URL_BUDGET_BYTES;
    return { mjml, html, text, bytes, shown: total - omitted, omitted };
  };

  return {
    async render(content) {
      const ordered = content.sections.flatMap((s) => s.articles);
      const first = (k: number): DigestSection[] => takeFirst(content.sections, k);
      let best = await renderWith(content, content.sections, 0);
      if (best.bytes > maxBytes) {
        // Binary search the number of articles shown: the most that still fits.
        let lo = 0;
        let hi = ordered.length - 1;
        let fit: typeof best | undefined;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const attempt = await renderWith(content, first(mid), ordered.length - mid);
          if (attempt.bytes <= maxBytes) {
            fit = attempt;
            lo = mid + 1;
          } else hi = mid - 1;
        }
        if (!fit) {
          throw new DigestError(
            'too-large',
            `the digest does not fit in ${maxBytes} bytes even with no articles`,
            {
              file: templates.mjmlFile,
              hint: 'Shorten the templates or raise maxBytes.',
            },
          );
        }
        best = fit;
      }
      const { html, text, mjml, bytes, shown, omitted } = best;
      return {
        subject: content.title,
        html,
        text,
        mjml,
        bytes,
        shown,
        omitted,
        personalise: createPersonaliser(html, text),
      };
    },
  };
}

function takeFirst(sections: readonly DigestSection[], k: number): DigestSection[] {
  const out: DigestSection[] = [];
  let left = k;
  for (const s of sections) {
    if (left <= 0) break;
    const articles: DigestArticle[] = s.articles.slice(0, left);
    left -= articles.length;
    out.push({ tag: s.tag, articles });
  }
  return out;
}

function commonTags(sections: readonly DigestSection[], maxShare: number): Set<string> {
  const articles = sections.flatMap((s) => s.articles);
  const counts = new Map<string, number>();
  for (const a of articles) for (const t of new Set(a.post.tags)) counts.set(t, (counts.get(t) ?? 0) + 1);
  if (articles.length < 2) return new Set();
  return new Set([...counts].filter(([, n]) => n / articles.length > maxShare).map(([t]) => t));
}

function previewLine(sections: readonly DigestSection[], total: number): string {
  const lead = sections[0]?.articles[0]?.post.title;
  return lead ? `今週の投資分析 ${total} 本：${lead} ほか` : `今週の投資分析 ${total} 本`;
}

function mjmlError(templates: CompiledTemplates, data: object, cause: unknown): DigestError {
  const errors = (cause as { errors?: { line?: number; message?: string; tagName?: string }[] } | null)
    ?.errors;
  const first = errors?.[0];
  const message = first ? `${first.tagName ?? 'element'}: ${first.message ?? ''}` : String(cause);
  const more = errors && errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  const where = first?.line === undefined ? undefined : templates.locate(data, first.line);
  return new DigestError('mjml-invalid', `invalid MJML: ${message}${more}`, {
    file: where?.file ?? templates.mjmlFile,
    line: where?.line,
    hint:
      first?.line === undefined
        ? 'Fix the template.'
        : `Fix the element there (it is line ${first.line} of the rendered MJML, written as digest.mjml).`,
    cause,
  });
}
