import cssnano from 'cssnano';
import litePreset from 'cssnano-preset-lite';
import postcss from 'postcss';

// MJML 5 minifies CSS through htmlnano, which imports `cssnano` from its own location; when the
// install does not hoist cssnano next to it, the CSS is silently left as is. So the <style>
// blocks are minified here, with the same lite preset MJML uses (safe for mail clients).
const processor = postcss([cssnano({ preset: litePreset() })]);

export async function minifyStyles(html: string): Promise<string> {
  const blocks: Promise<string>[] = [];
  const pattern = /(<style\b[^>]*>)([\s\S]*?)(<\/style>)/g;
  for (const match of html.matchAll(pattern)) {
    blocks.push(processor.process(match[2]!, { from: undefined }).then((r) => r.css));
  }
  if (blocks.length === 0) return html;
  const minified = await Promise.all(blocks);
  let i = 0;
  return html.replace(
    pattern,
    (_all, open: string, _css: string, close: string) => `${open}${minified[i++]}${close}`,
  );
}
