// kuromoji's tokenizer, re-run over its own loaded IPADIC dictionaries with flat arrays.
//
// kuromoji builds an object per lattice node, an index array per suffix of the sentence, a UTF-8
// copy of every suffix, and for every token of the best path decodes and splits the dictionary's
// whole feature line into a ten-field object. A slug reads five fields of a few tokens, so most of
// that is allocation and garbage. This file reads the same dictionary bytes, builds the same
// lattice (same nodes, same order, same lengths) in reusable typed arrays, runs the same forward
// and backward search, and decodes only the fields a slug reads.
//
// "The same" includes kuromoji's quirks, because slugs must not change:
// - a character class run that holds a surrogate pair gets its UTF-16 length, not its character
//   count, so its node ends past where it should (AI😀😀の未来 reads 未来 oddly: that is kuromoji);
// - a node no path reaches takes the best predecessor of the node searched before it (a `var`
//   hoisted out of the loop in ViterbiSearcher.forward);
// - a high surrogate always swallows the unit after it when counting characters.
// Whatever cannot be reproduced cheaply (a lone high surrogate, which kuromoji's UTF-8 encoder
// rejects; a trie hit inside a character; an id outside a table) returns undefined, and the caller
// runs kuromoji's own path, which then behaves exactly as it always did (including its errors).

/** The parts of kuromoji's IPADIC token this package reads. */
export interface Token {
  readonly surface_form: string;
  readonly pos: string;
  readonly pos_detail_1: string;
  readonly pos_detail_2: string;
  readonly reading?: string | undefined;
}

/** Tokens of `text`, or undefined where kuromoji's own path must decide. */
export type FastTokenize = (text: string) => Token[] | undefined;

interface Bytes {
  buffer: Uint8Array;
}
interface Dictionary {
  dictionary: Bytes;
  pos_buffer: Bytes;
  target_map: Record<number, readonly number[] | undefined>;
}
interface CharacterClass {
  class_id: number;
  class_name: string;
  is_always_invoke: unknown;
  is_grouping: unknown;
}
interface UnknownDictionary extends Dictionary {
  character_definition: {
    character_category_map: Uint8Array;
    invoke_definition_map: { map: (CharacterClass | undefined)[]; lookup_table: Record<string, number> };
  };
}

/** The internals this file relies on, or undefined if this kuromoji is not shaped as expected. */
function internalsOf(built: object) {
  const t = built as {
    token_info_dictionary?: Dictionary;
    unknown_dictionary?: UnknownDictionary;
    viterbi_builder?: {
      trie?: { bc?: { getBaseBuffer?: () => unknown; getCheckBuffer?: () => unknown } };
      token_info_dictionary?: Dictionary;
      unknown_dictionary?: UnknownDictionary;
    };
    viterbi_searcher?: { connection_costs?: { buffer?: unknown; backward_dimension?: unknown } };
  };
  const builder = t.viterbi_builder;
  const bc = builder?.trie?.bc;
  const known = t.token_info_dictionary;
  const unknown = t.unknown_dictionary;
  const costs = t.viterbi_searcher?.connection_costs;
  if (bc === undefined || typeof bc.getBaseBuffer !== 'function' || typeof bc.getCheckBuffer !== 'function')
    return undefined;
  const base = bc.getBaseBuffer();
  const check = bc.getCheckBuffer();
  if (!(base instanceof Int32Array) || !(check instanceof Int32Array) || base.length !== check.length)
    return undefined;
  // The builder and the formatter must read the same dictionaries, as kuromoji's constructor makes them.
  if (known === undefined || unknown === undefined || builder?.token_info_dictionary !== known)
    return undefined;
  if (builder.unknown_dictionary !== unknown) return undefined;
  for (const d of [known, unknown]) {
    if (!(d.dictionary?.buffer instanceof Uint8Array) || !(d.pos_buffer?.buffer instanceof Uint8Array))
      return undefined;
    if (typeof d.target_map !== 'object' || d.target_map === null) return undefined;
  }
  const definition = unknown.character_definition;
  const categories = definition?.character_category_map;
  const classes = definition?.invoke_definition_map?.map;
  const defaultClass = definition?.invoke_definition_map?.lookup_table?.DEFAULT;
  if (!(categories instanceof Uint8Array) || categories.length !== 0x10000 || !Array.isArray(classes))
    return undefined;
  if (typeof defaultClass !== 'number') return undefined;
  if (!(costs?.buffer instanceof Int16Array) || typeof costs.backward_dimension !== 'number')
    return undefined;
  return {
    base,
    check,
    known,
    unknown,
    categories,
    classes,
    defaultClass,
    costs: costs.buffer,
    backward: costs.backward_dimension,
  };
}

/** ByteBuffer.getShort: little-endian signed 16 bits; kuromoji reads 0 past the end. */
function short(buffer: Uint8Array, index: number): number {
  if (buffer.length < index + 2) return 0;
  const value = (buffer[index + 1]! << 8) + buffer[index]!;
  return value & 0x8000 ? -((value - 1) ^ 0xffff) : value;
}

/** ByteBuffer.getInt: little-endian, 0 past the end. */
function int(buffer: Uint8Array, index: number): number {
  if (buffer.length < index + 4) return 0;
  return (buffer[index + 3]! << 24) + (buffer[index + 2]! << 16) + (buffer[index + 1]! << 8) + buffer[index]!;
}

/**
 * The entries (feature line offset, left id, right id, cost) of each trie value, copied on
 * first use from kuromoji's target map and token buffer into one flat array. kuromoji reaches them
 * through a hash lookup, an array object and reads scattered over a 10 MB buffer: cache misses that
 * cost more than the search itself once other work has run. Copied entries of the words titles use
 * sit together instead. This is an index of the dictionary, not of any text.
 */
class Entries {
  private slot = new Int32Array(1024); // value → offset + 1; 0 not copied yet; -1 not in the map
  // At an offset: count, then count × (feature line offset, left id, right id, cost).
  private data = new Int32Array(4096);
  private used = 0;

  constructor(
    private readonly map: Record<number, readonly number[] | undefined>,
    private readonly bytes: Uint8Array,
  ) {}

  /** Offset of the entries of `value` in {@link data}, or -1 where kuromoji itself would fail. */
  at(value: number): number {
    if (value >= this.slot.length) {
      const grown = new Int32Array(Math.max(value + 1, this.slot.length * 2));
      grown.set(this.slot);
      this.slot = grown;
    }
    const known = this.slot[value]!;
    if (known !== 0) return known - 1;
    const ids = this.map[value];
    // kuromoji runs parseInt over each id, and reads a feature line at a signed offset; anything
    // but small non-negative integers goes its way.
    const valid = (id: number) =>
      Number.isInteger(id) && id >= 0 && id <= 0x7fffffff && int(this.bytes, id + 6) >= 0;
    if (ids === undefined || !ids.every(valid)) {
      this.slot[value] = -1;
      return -1;
    }
    const need = this.used + 1 + 4 * ids.length;
    if (need > this.data.length) {
      const grown = new Int32Array(Math.max(need, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    const at = this.used;
    this.data[at] = ids.length;
    let e = at + 1;
    for (const id of ids) {
      this.data[e++] = int(this.bytes, id + 6);
      this.data[e++] = short(this.bytes, id);
      this.data[e++] = short(this.bytes, id + 2);
      this.data[e++] = short(this.bytes, id + 4);
    }
    this.used = need;
    this.slot[value] = at + 1;
    return at;
  }

  get table(): Int32Array {
    return this.data;
  }
}

// Feature fields a slug reads: surface, pos, pos detail 1 and 2, and (field 8) the reading.
const WANTED = [true, true, true, true, false, false, false, false, true];

/**
 * The fields of the NUL-terminated feature line at `start`, decoded exactly as kuromoji's
 * utf8BytesToString and split at commas as its tokenizer does; fields a slug does not read are
 * stepped over without building their strings.
 */
function features(buffer: Uint8Array, start: number): (string | undefined)[] {
  let end = start;
  while (end < buffer.length && buffer[end] !== 0) end++;
  const at = (i: number): number => (i < end ? buffer[i]! : 0);
  const fields: (string | undefined)[] = [];
  let field = 0;
  let text = '';
  for (let i = start; i < end; ) {
    const b1 = buffer[i++]!;
    let code: number;
    if (b1 < 0x80) code = b1;
    else if (b1 >> 5 === 0x06) {
      code = ((b1 & 0x1f) << 6) | (at(i) & 0x3f);
      i += 1;
    } else if (b1 >> 4 === 0x0e) {
      code = ((b1 & 0x0f) << 12) | ((at(i) & 0x3f) << 6) | (at(i + 1) & 0x3f);
      i += 2;
    } else {
      code = ((b1 & 0x07) << 18) | ((at(i) & 0x3f) << 12) | ((at(i + 1) & 0x3f) << 6) | (at(i + 2) & 0x3f);
      i += 3;
    }
    if (code === 0x2c) {
      fields.push(WANTED[field] === true ? text : undefined);
      text = '';
      if (++field >= WANTED.length) return fields;
      continue;
    }
    if (WANTED[field] !== true) continue;
    if (code < 0x10000) text += String.fromCharCode(code);
    else {
      const c = code - 0x10000;
      text += String.fromCharCode(0xd800 | (c >> 10), 0xdc00 | (c & 0x3ff));
    }
  }
  fields.push(WANTED[field] === true ? text : undefined);
  return fields;
}

const KNOWN = 0;
const UNKNOWN = 1;
const BOS = 2;
const EOS = 3;
const DECLINE = -2;

/**
 * A tokenizer equal to `built.tokenize` (in the five fields of {@link Token}) for every input it
 * answers, or undefined if kuromoji's internals are not the ones this file was written against.
 */
export function fastTokenizer(
  built: object,
  // Table sizes; tests make them tiny to exercise the emptying.
  { memoBits = 16, lines = 50_000 }: { memoBits?: number; lines?: number } = {},
): FastTokenize | undefined {
  const dic = internalsOf(built);
  if (dic === undefined) return undefined;
  const { known, unknown, categories, classes, defaultClass, costs, backward } = dic;
  const { base, check } = dic; // the trie, a double array
  const knownBytes = known.dictionary.buffer;
  const unknownBytes = unknown.dictionary.buffer;
  const knownEntries = new Entries(known.target_map, knownBytes);
  const unknownEntries = new Entries(unknown.target_map, unknownBytes);

  // Lattice nodes, one slot per field; grown on demand and reused across calls.
  let capacity = 0;
  let start = new Int32Array(0); // 1-based character position, as ViterbiNode.start_pos
  let length = new Int32Array(0);
  let left = new Int32Array(0);
  let right = new Int32Array(0);
  let cost = new Int32Array(0);
  let feature = new Int32Array(0); // where the entry's feature line starts
  let type = new Uint8Array(0);
  let from = new Int32Array(0); // surface, as UTF-16 offsets into the text
  let to = new Int32Array(0);
  let prev = new Int32Array(0);
  let next = new Int32Array(0); // next node ending at the same position, in insertion order
  let shortest = new Float64Array(0);
  let count = 0;

  // Per character of the sentence (and per end position, which can run past it).
  let positions = 0;
  let unitAt = new Int32Array(0); // UTF-16 offset of each character, and the end after the last
  let classAt = new Int32Array(0);
  let runEnd = new Int32Array(0); // first character after the run of the same class name
  let head = new Int32Array(0); // first and last node ending at each position
  let tail = new Int32Array(0);

  function growNodes(): void {
    capacity = Math.max(256, capacity * 2);
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const fresh = make(capacity);
      fresh.set(old as never);
      return fresh;
    };
    const i32 = (n: number) => new Int32Array(n);
    start = grow(start, i32);
    length = grow(length, i32);
    left = grow(left, i32);
    right = grow(right, i32);
    cost = grow(cost, i32);
    feature = grow(feature, i32);
    type = grow(type, (n) => new Uint8Array(n));
    from = grow(from, i32);
    to = grow(to, i32);
    prev = grow(prev, i32);
    next = grow(next, i32);
    shortest = grow(shortest, (n) => new Float64Array(n));
  }

  function growPositions(n: number): void {
    positions = Math.max(n, positions * 2, 64);
    unitAt = new Int32Array(positions + 1);
    classAt = new Int32Array(positions);
    runEnd = new Int32Array(positions);
    head = new Int32Array(positions + 2);
    tail = new Int32Array(positions + 2);
  }

  // Trie steps by character, remembered: a step is two to eight reads scattered over the trie's
  // two 5 MB arrays (cache misses once other work has run), a remembered one a probe in a small
  // table. (With this, a copy of the trie with base and check side by side no longer paid.)
  // From the root by character code (0 = not looked up yet); elsewhere by (node, code) in an
  // open-addressing table, emptied when full. `word` is the entry offset of the word the step
  // completes, -1 for none, or DECLINE. This remembers the dictionary's shape, never a text.
  const rootNode = new Int32Array(0x10000);
  const rootWord = new Int32Array(0x10000);
  const MEMO_BITS = memoBits;
  const memoParent = new Int32Array(1 << MEMO_BITS).fill(-1);
  const memoCode = new Int32Array(1 << MEMO_BITS);
  const memoNode = new Int32Array(1 << MEMO_BITS);
  const memoWord = new Int32Array(1 << MEMO_BITS);
  let memoSize = 0;
  let stepNode = 0;
  let stepWord = -1;

  /** Sets stepNode and stepWord for character `cp` after trie node `parent`. */
  function walk(parent: number, cp: number): void {
    if (parent === 0 && cp < 0x10000) {
      const known = rootNode[cp]!;
      if (known !== 0) {
        stepNode = known;
        stepWord = rootWord[cp]!;
        return;
      }
      resolve(0, cp);
      rootNode[cp] = stepNode;
      rootWord[cp] = stepWord;
      return;
    }
    const mask = (1 << MEMO_BITS) - 1;
    let slot = (Math.imul(parent, 0x9e3779b1) ^ Math.imul(cp, 0x85ebca6b)) >>> (32 - MEMO_BITS);
    while (memoParent[slot] !== -1) {
      if (memoParent[slot] === parent && memoCode[slot] === cp) {
        stepNode = memoNode[slot]!;
        stepWord = memoWord[slot]!;
        return;
      }
      slot = (slot + 1) & mask;
    }
    resolve(parent, cp);
    if (memoSize >= (1 << MEMO_BITS) * 0.7) {
      memoParent.fill(-1); // full: start again rather than grow without bound
      memoSize = 0;
      slot = (Math.imul(parent, 0x9e3779b1) ^ Math.imul(cp, 0x85ebca6b)) >>> (32 - MEMO_BITS);
    }
    memoParent[slot] = parent;
    memoCode[slot] = cp;
    memoNode[slot] = stepNode;
    memoWord[slot] = stepWord;
    memoSize++;
  }

  /** walk() without memory: the step itself and the entries of the word it completes. */
  function resolve(parent: number, cp: number): void {
    stepNode = step(parent, cp);
    stepWord = -1;
    if (stepNode < 0) return;
    const value = valueAt(stepNode);
    if (value === DECLINE) stepWord = DECLINE;
    else if (value >= 0) {
      const at = knownEntries.at(value);
      stepWord = at === -1 ? DECLINE : at;
    }
  }

  /**
   * The trie node after the UTF-8 bytes of code point `cp` from `parent`, -1 where the trie has no
   * such path, or DECLINE where a word would end inside the character (kuromoji would decode half
   * a character; its own path decides).
   */
  function step(parent: number, cp: number): number {
    const m = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let j = 0; j < m; j++) {
      const byte =
        m === 1
          ? cp
          : j === 0
            ? (cp >>> (6 * (m - 1))) | (m === 2 ? 0xc0 : m === 3 ? 0xe0 : 0xf0)
            : ((cp >> (6 * (m - 1 - j))) & 0x3f) | 0x80;
      const child = base[parent]! + byte;
      if (check[child] !== parent) return -1;
      parent = child;
      if (j < m - 1 && valueAt(child) !== -1) return DECLINE;
    }
    return parent;
  }

  /** The value of the word ending at trie node `node` (its terminal child), else -1 (or DECLINE). */
  function valueAt(node: number): number {
    const terminal = base[node]!; // + the terminal code, 0
    if (check[terminal] !== node) return -1;
    const leaf = base[terminal]!;
    return leaf > 0 ? DECLINE : -leaf - 1; // a word without a value: kuromoji would throw
  }

  // Decoded feature lines, by offset. A line is read from a 40 MB buffer (a cache miss) and
  // decoded character by character; the words of titles repeat (の, AI, 市場), so each is decoded
  // once. Known tokens are shared frozen objects; the table is emptied when it grows large.
  const knownTokens = new Map<number, Token>();
  const unknownLines = new Map<number, (string | undefined)[]>();

  function knownToken(at: number): Token {
    let token = knownTokens.get(at);
    if (token === undefined) {
      const f = features(known.pos_buffer.buffer, at);
      token = Object.freeze({
        surface_form: f[0]!,
        pos: f[1]!,
        pos_detail_1: f[2]!,
        pos_detail_2: f[3]!,
        reading: f[8],
      });
      if (knownTokens.size >= lines) knownTokens.clear();
      knownTokens.set(at, token);
    }
    return token;
  }

  /** The unknown-word dictionary has a few dozen lines: they are all kept. */
  function unknownFeatures(at: number): (string | undefined)[] {
    let f = unknownLines.get(at);
    if (f === undefined) {
      f = features(unknown.pos_buffer.buffer, at);
      unknownLines.set(at, f);
    }
    return f;
  }

  let maxEnd = 0; // highest index of nodes_end_at
  let eosPos = 1;

  /** A new node, placed in no list yet. */
  function node(
    nodeStart: number,
    nodeLength: number,
    nodeType: number,
    featureAt: number,
    l: number,
    r: number,
    c: number,
    fromUnit: number,
    toUnit: number,
  ): number {
    if (count === capacity) growNodes();
    const n = count++;
    start[n] = nodeStart;
    length[n] = nodeLength;
    type[n] = nodeType;
    feature[n] = featureAt;
    left[n] = l;
    right[n] = r;
    cost[n] = c;
    from[n] = fromUnit;
    to[n] = toUnit;
    prev[n] = -1;
    next[n] = -1;
    shortest[n] = nodeType === BOS ? 0 : Number.MAX_VALUE;
    return n;
  }

  /** Appends node n to nodes_end_at[at], keeping insertion order. */
  function place(n: number, at: number): void {
    if (at > maxEnd) maxEnd = at;
    const t = tail[at]!;
    if (t === -1) head[at] = n;
    else next[t] = n;
    tail[at] = n;
  }

  /** ViterbiLattice.append. */
  function append(
    nodeStart: number,
    nodeLength: number,
    nodeType: number,
    featureAt: number,
    l: number,
    r: number,
    c: number,
    fromUnit: number,
    toUnit: number,
  ): void {
    const n = node(nodeStart, nodeLength, nodeType, featureAt, l, r, c, fromUnit, toUnit);
    const last = nodeStart + nodeLength - 1;
    if (eosPos < last) eosPos = last;
    place(n, last);
  }

  /** Lattice, search and tokens of text[begin, end); false if kuromoji's path must decide. */
  function sentence(text: string, begin: number, end: number, tokens: Token[]): boolean {
    const units = end - begin;
    if (units + 2 > positions) growPositions(units + 2);
    // SurrogateAwareString: a high surrogate takes the next unit with it, whatever that is.
    let n = 0;
    for (let u = begin; u < end; u++) {
      unitAt[n] = u;
      const code = text.charCodeAt(u);
      let klass: number;
      if (code >= 0xd800 && code <= 0xdbff) {
        klass = defaultClass;
        u++;
      } else klass = categories[code]!;
      if (classes[klass] === undefined) return false;
      classAt[n++] = klass;
    }
    unitAt[n] = end;
    for (let p = n - 1; p >= 0; p--) {
      runEnd[p] =
        p + 1 < n && classes[classAt[p + 1]!]!.class_name === classes[classAt[p]!]!.class_name
          ? runEnd[p + 1]!
          : p + 1;
    }
    head.fill(-1, 0, units + 2);
    tail.fill(-1, 0, units + 2);
    count = 0;
    maxEnd = 0;
    eosPos = 1;
    place(node(0, 0, BOS, -1, 0, 0, 0, begin, begin), 0);

    for (let p = 0; p < n; p++) {
      // The trie walk of withLazyPrefixSearch (slug.ts), without building hit objects.
      let hits = 0;
      let parent = 0;
      const first = unitAt[p]!;
      for (let u = first; u < end; ) {
        let cp = text.charCodeAt(u);
        let width = 1;
        if (cp >= 0xd800 && cp <= 0xdbff) {
          const low = text.charCodeAt(u + 1);
          if (!(low >= 0xdc00 && low <= 0xdfff)) return false;
          cp = (cp - 0xd800) * 0x400 + 0x10000 + (low - 0xdc00);
          width = 2;
        }
        walk(parent, cp);
        if (stepNode === DECLINE || stepWord === DECLINE) return false;
        if (stepNode === -1) break;
        parent = stepNode;
        const at = stepWord;
        if (at >= 0) {
          hits++;
          const keyEnd = u + width;
          const table = knownEntries.table;
          for (let e = at + 1, stop = at + 1 + 4 * table[at]!; e < stop; e += 4) {
            append(
              p + 1,
              keyEnd - first,
              KNOWN,
              table[e]!,
              table[e + 1]!,
              table[e + 2]!,
              table[e + 3]!,
              first,
              keyEnd,
            );
          }
        }
        u += width;
      }

      const klass = classes[classAt[p]!]!;
      if (hits === 0 || klass.is_always_invoke === 1) {
        // An unknown word: the character alone, or its whole run of the same class. kuromoji
        // measures the single character in characters and a longer run in UTF-16 units.
        let keyEnd = unitAt[p + 1]!;
        let keyLength = 1;
        if (klass.is_grouping === 1 && 1 < n - p && runEnd[p]! > p + 1) {
          keyEnd = unitAt[runEnd[p]!]!;
          keyLength = keyEnd - first;
        }
        const at = unknownEntries.at(klass.class_id);
        if (at === -1) return false;
        const table = unknownEntries.table;
        for (let e = at + 1, stop = at + 1 + 4 * table[at]!; e < stop; e += 4) {
          append(
            p + 1,
            keyLength,
            UNKNOWN,
            table[e]!,
            table[e + 1]!,
            table[e + 2]!,
            table[e + 3]!,
            first,
            keyEnd,
          );
        }
      }
    }
    // ViterbiLattice.appendEos: at nodes_end_at.length, starting one past the furthest end.
    const eosAt = maxEnd + 1;
    eosPos++;
    const eos = node(eosPos, 0, EOS, -1, 0, 0, 0, end, end);
    place(eos, eosAt);
    if (eosPos !== eosAt) return false; // cannot happen for a non-empty sentence

    // ViterbiSearcher.forward, with its best predecessor variable shared by all nodes.
    let best = -1;
    for (let i = 1; i <= eosPos; i++) {
      for (let n = head[i]!; n !== -1; n = next[n]!) {
        let min = Number.MAX_VALUE;
        const before = head[start[n]! - 1]!;
        if (before === -1) continue;
        const leftId = left[n]!;
        const own = cost[n]!;
        for (let p = before; p !== -1; p = next[p]!) {
          const index = right[p]! * backward + leftId + 2;
          if (index < 0 || index >= costs.length) return false;
          const total = shortest[p]! + costs[index]! + own;
          if (total < min) {
            best = p;
            min = total;
          }
        }
        prev[n] = best;
        shortest[n] = min;
      }
    }

    // ViterbiSearcher.backward: no tokens at all for a sentence whose path breaks.
    const path: number[] = [];
    for (let n = prev[eos]!; type[n] !== BOS; n = prev[n]!) {
      if (n === -1) return true;
      path.push(n);
    }
    for (let k = path.length - 1; k >= 0; k--) {
      const n = path[k]!;
      if (type[n] === KNOWN) tokens.push(knownToken(feature[n]!));
      else {
        const f = unknownFeatures(feature[n]!);
        tokens.push({
          surface_form: text.slice(from[n]!, to[n]!),
          pos: f[1]!,
          pos_detail_1: f[2]!,
          pos_detail_2: f[3]!,
        });
      }
    }
    return true;
  }

  return (text: string): Token[] | undefined => {
    const tokens: Token[] = [];
    // Tokenizer.splitByPunctuation: each sentence ends after 、 or 。 and is analysed alone.
    for (let begin = 0; begin < text.length; ) {
      let end = begin;
      while (end < text.length) {
        const code = text.charCodeAt(end++);
        if (code === 0x3001 || code === 0x3002) break;
      }
      if (!sentence(text, begin, end, tokens)) return undefined;
      begin = end;
    }
    return tokens;
  };
}
