import { CORE_SCHEMA, constructFromEvents, EVENT_ID, type Event, getScalarValue, parseEvents } from 'js-yaml';

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
  | { readonly ok: false; readonly kind: 'not-a-mapping'; readonly found: string; readonly line: number };

interface MarkedError {
  readonly reason?: unknown;
  readonly mark?: { readonly line?: unknown };
  readonly message?: unknown;
}

/**
 * Parses the front matter with the YAML 1.2 core schema, so timestamps stay the strings the
 * author wrote (js-yaml's default would make them Dates and drop the offset). Parsing goes through
 * the event stream once, which gives the source position of every top-level key for warnings and
 * errors; `json: true` makes a repeated key override, as Ruby's YAML does for Jekyll.
 */
export function parseFrontMatterYaml(yaml: string): YamlResult {
  let events: Event[];
  let documents: unknown[];
  try {
    events = parseEvents(yaml, {});
    documents = constructFromEvents(events, { source: yaml, schema: CORE_SCHEMA, json: true });
  } catch (cause) {
    const marked = cause as MarkedError;
    const reason = typeof marked.reason === 'string' ? marked.reason : String(marked.message ?? cause);
    const line = typeof marked.mark?.line === 'number' ? marked.mark.line + 1 : undefined;
    return { ok: false, kind: 'syntax', reason, line, cause };
  }
  const root = documents[0];
  if (root === undefined || root === null) return { ok: true, data: {}, keys: [] };
  if (typeof root !== 'object' || Array.isArray(root)) {
    return {
      ok: false,
      kind: 'not-a-mapping',
      found: Array.isArray(root) ? 'a list' : `the ${typeof root} ${JSON.stringify(root)}`,
      line: 1,
    };
  }
  return { ok: true, data: root as Record<string, unknown>, keys: topLevelKeys(yaml, events) };
}

function topLevelKeys(yaml: string, events: readonly Event[]): FrontMatterKey[] {
  const keys: FrontMatterKey[] = [];
  let i = events[0]?.type === EVENT_ID.DOCUMENT ? 1 : 0;
  if (events[i]?.type !== EVENT_ID.MAPPING) return keys;
  i++;
  let line = 1;
  let scanned = 0;
  while (i < events.length) {
    const key = events[i];
    if (key === undefined || key.type === EVENT_ID.POP) break;
    if (key.type === EVENT_ID.SCALAR) {
      // Keys come in source order, so one forward sweep counts the lines.
      for (; scanned < key.valueStart; scanned++) if (yaml.charCodeAt(scanned) === 10) line++;
      keys.push({ key: getScalarValue(yaml, key), line });
    }
    i = skipNode(events, skipNode(events, i));
  }
  return keys;
}

/** Index just past the node starting at `i` (a scalar, an alias, or a whole collection). */
function skipNode(events: readonly Event[], i: number): number {
  const first = events[i];
  if (first === undefined) return i;
  if (first.type !== EVENT_ID.MAPPING && first.type !== EVENT_ID.SEQUENCE) return i + 1;
  let depth = 0;
  for (let j = i; j < events.length; j++) {
    const type = events[j]!.type;
    if (type === EVENT_ID.MAPPING || type === EVENT_ID.SEQUENCE) depth++;
    else if (type === EVENT_ID.POP && --depth === 0) return j + 1;
  }
  return events.length;
}
