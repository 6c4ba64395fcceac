export interface FrontMatterSplit {
  /** The YAML between the fences (may be empty). */
  readonly yaml: string;
  /** 1-based file line of the first YAML line. */
  readonly yamlLine: number;
  /** Everything after the closing fence line. */
  readonly body: string;
  /** 1-based file line on which the body starts. */
  readonly bodyLine: number;
}

export type SplitResult =
  | { readonly ok: true; readonly split: FrontMatterSplit }
  | {
      readonly ok: false;
      readonly reason: 'no-opening-fence' | 'no-closing-fence';
      readonly firstLine: string;
    };

const OPENING = /^---[ \t]*(?:\n|$)/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/m;

/**
 * Jekyll's own rule: the file must start with `---` (trailing blanks allowed) and the block ends
 * at the first later line that is `---` or `...`. Expects `\n` line endings and no BOM.
 */
export function splitFrontMatter(text: string): SplitResult {
  const open = OPENING.exec(text);
  if (!open) {
    const nl = text.indexOf('\n');
    return { ok: false, reason: 'no-opening-fence', firstLine: nl === -1 ? text : text.slice(0, nl) };
  }
  const yamlStart = open[0].length;
  const rest = text.slice(yamlStart);
  const close = CLOSING.exec(rest);
  if (!close) return { ok: false, reason: 'no-closing-fence', firstLine: text.slice(0, yamlStart) };
  const yaml = rest.slice(0, close.index);
  let bodyStart = yamlStart + close.index + close[0].length;
  if (text[bodyStart] === '\n') bodyStart++;
  const yamlLine = 2;
  const bodyLine = yamlLine + countNewlines(yaml) + 1;
  return { ok: true, split: { yaml, yamlLine, body: text.slice(bodyStart), bodyLine } };
}

export function countNewlines(text: string, end = text.length): number {
  let count = 0;
  let at = text.indexOf('\n');
  while (at !== -1 && at < end) {
    count++;
    at = text.indexOf('\n', at + 1);
  }
  return count;
}
