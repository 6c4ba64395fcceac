import { CORE_SCHEMA, type EventType, load, type State } from 'js-yaml';

export interface FrontMatterKey {
  readonly key: string;
  /** 1-based line inside the YAML text. */
  readonly line: number;
}

export type YamlResult =
  | {
      readonly ok: true;
      readonly data: Readonly<Record<string, unknown>>;
      /** Top-level keys in the order written, duplicates included. */
      readonly keys: readonly FrontMatterKey[];
    }
  | {
      readonly ok: false;
      readonly kind: 'syntax';
      readonly reason: string;
      readonly line: number | undefined;
      readonly cause: unknown;
    }
  | { readonly ok: false; readonly kind: 'not-a-mapping'; readonly found: string };

interface MarkedError {
  readonly reason?: unknown;
  readonly mark?: { readonly line?: unknown };
  readonly message?: unknown;
}

/**
 * Parses the front matter with the YAML 1.2 core schema, so timestamps stay the strings the author
 * wrote (the default schema would make them Dates and drop the offset). `json: true` makes a
 * repeated key override, as Ruby's YAML does for Jekyll, instead of throwing.
 *
 * js-yaml 4 rather than 5: on these front matters 4 parses ~130,000 blocks/s here, 5 ~15,000.
 */
export function parseFrontMatterYaml(yaml: string): YamlResult {
  const keys: FrontMatterKey[] = [];
  // The loader reports every node opening and closing; the children of the root mapping sit at
  // depth 2 and alternate key, value. A key closes on its own line, which gives its line number.
  let depth = 0;
  let childIndex = 0;
  const listener = (event: EventType, state: State): void => {
    if (event === 'open') {
      depth++;
      return;
    }
    if (depth === 2) {
      if (childIndex % 2 === 0 && state.kind === 'scalar')
        keys.push({ key: String(state.result), line: state.line + 1 });
      childIndex++;
    }
    depth--;
  };
  let root: unknown;
  try {
    root = load(yaml, { schema: CORE_SCHEMA, json: true, listener });
  } catch (cause) {
    const marked = cause as MarkedError;
    const reason = typeof marked.reason === 'string' ? marked.reason : String(marked.message ?? cause);
    let line = typeof marked.mark?.line === 'number' ? marked.mark.line + 1 : undefined;
    // js-yaml notices an unclosed quote only at the end of the block; point at where it opened.
    if (/end of the stream within a (?:double|single) quoted scalar/.test(reason)) {
      line = unclosedQuoteLine(yaml, reason.includes('double') ? '"' : "'") ?? line;
    }
    return { ok: false, kind: 'syntax', reason, line, cause };
  }
  if (root === undefined || root === null) return { ok: true, data: {}, keys: [] };
  if (typeof root !== 'object' || Array.isArray(root)) {
    const found = Array.isArray(root) ? 'a list' : `the ${typeof root} ${JSON.stringify(root).slice(0, 40)}`;
    return { ok: false, kind: 'not-a-mapping', found };
  }
  return { ok: true, data: root as Record<string, unknown>, keys };
}

/**
 * The scalar that ran to the end of the block opened at the last unescaped quote of that kind
 * (any later quote would have closed it), so that quote's line is where to look.
 */
function unclosedQuoteLine(yaml: string, quote: '"' | "'"): number | undefined {
  for (let at = yaml.lastIndexOf(quote); at !== -1; at = yaml.lastIndexOf(quote, at - 1)) {
    const escaped =
      quote === '"'
        ? /\\(?:\\\\)*$/.test(yaml.slice(Math.max(0, at - 8), at))
        : yaml[at - 1] === "'" || yaml[at + 1] === "'";
    if (escaped) continue;
    let line = 1;
    for (let k = 0; k < at; k++) if (yaml.charCodeAt(k) === 10) line++;
    return line;
  }
  return undefined;
}
