/**
 * A multi-keyword matcher (Aho-Corasick compiled to a dense DFA over ASCII): one pass over the
 * text whatever the number of keywords, which a regular expression alternation of a few hundred
 * keywords is not. Non-ASCII characters reset the automaton, so keywords are ASCII.
 */
export interface KeywordAutomaton {
  /** Calls `onHit(start, keywordIndex)` for every occurrence, overlapping ones included. */
  scan(text: string, onHit: (start: number, keyword: number) => void): void;
  /**
   * True when any keyword occurs in UTF-8 `bytes` (from `start` to `end`). Bytes of a multi-byte
   * character are all >= 0x80 and reset the automaton as the character does in `scan`, so both
   * agree on where keywords are.
   */
  hits(bytes: Uint8Array, start?: number, end?: number): boolean;
  /**
   * Calls `onHit(line, end, keywordIndex)` for every occurrence in UTF-8 `bytes`, with its
   * 0-based line (lines end at "\n") and the offset just past it.
   */
  scanLines(bytes: Uint8Array, onHit: (line: number, end: number, keyword: number) => void): void;
  readonly keywords: readonly string[];
}

const ALPHABET = 128;

const cache = new Map<string, KeywordAutomaton>();

/**
 * Builds the automaton; `caseInsensitive` folds ASCII letters on both sides. The last few
 * automata are kept, since every scan with the same rules needs the same one.
 */
export function buildKeywordAutomaton(
  keywords: readonly string[],
  caseInsensitive: boolean,
): KeywordAutomaton {
  const key = `${caseInsensitive ? 'i' : 's'}\n${keywords.join('\n')}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const built = build(keywords, caseInsensitive);
  if (cache.size >= 8) cache.delete(cache.keys().next().value!);
  cache.set(key, built);
  return built;
}

function build(keywords: readonly string[], caseInsensitive: boolean): KeywordAutomaton {
  const words = keywords.map((k) => (caseInsensitive ? k.toLowerCase() : k));
  // Trie with goto edges in a growing list of maps, then flattened.
  const edges: Map<number, number>[] = [new Map()];
  const outputs: number[][] = [[]];
  words.forEach((word, index) => {
    let state = 0;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      if (c >= ALPHABET) return;
      let next = edges[state]!.get(c);
      if (next === undefined) {
        next = edges.length;
        edges.push(new Map());
        outputs.push([]);
        edges[state]!.set(c, next);
      }
      state = next;
    }
    outputs[state]!.push(index);
  });

  const states = edges.length;
  const delta = new Int32Array(states * ALPHABET);
  const fail = new Int32Array(states);
  const queue: number[] = [];
  for (let c = 0; c < ALPHABET; c++) {
    const next = edges[0]!.get(c);
    delta[c] = next ?? 0;
    if (next !== undefined) queue.push(next);
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    outputs[state]!.push(...outputs[fail[state]!]!);
    // Missing edges follow the failure state, whose row is complete (it is shallower); then
    // the state's own edges override it.
    const row = state * ALPHABET;
    const failRow = fail[state]! * ALPHABET;
    delta.copyWithin(row, failRow, failRow + ALPHABET);
    for (const [c, next] of edges[state]!) {
      fail[next] = delta[failRow + c]!;
      delta[row + c] = next;
      queue.push(next);
    }
  }
  const hasOutput = new Uint8Array(states);
  for (let s = 0; s < states; s++) if (outputs[s]!.length > 0) hasOutput[s] = 1;
  const lengths = words.map((w) => w.length);

  // Case folding is built into the table (upper-case columns copy lower-case ones), and a
  // 16-bit table when it fits keeps it in cache: the loop below does one load per character.
  const table =
    states < 65536 ? new Uint16Array(states * ALPHABET) : new Int32Array(states * ALPHABET);
  table.set(delta);
  if (caseInsensitive) {
    for (let row = 0; row < table.length; row += ALPHABET) {
      table.copyWithin(row + 65, row + 97, row + 123);
    }
  }

  return {
    keywords,
    scan(text, onHit) {
      let state = 0;
      const n = text.length;
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c >= ALPHABET) {
          state = 0;
          continue;
        }
        state = table[state * ALPHABET + c]!;
        if (hasOutput[state] === 1) {
          for (const k of outputs[state]!) onHit(i - lengths[k]! + 1, k);
        }
      }
    },
    hits(bytes, start = 0, end = bytes.length) {
      let state = 0;
      for (let i = start; i < end; i++) {
        const c = bytes[i]!;
        if (c >= ALPHABET) {
          state = 0;
          continue;
        }
        state = table[state * ALPHABET + c]!;
        if (hasOutput[state] === 1) return true;
      }
      return false;
    },
    scanLines(bytes, onHit) {
      let state = 0;
      let line = 0;
      const n = bytes.length;
      for (let i = 0; i < n; i++) {
        const c = bytes[i]!;
        if (c >= ALPHABET) {
          state = 0;
          continue;
        }
        if (c === 0x0a) line++;
        state = table[state * ALPHABET + c]!;
        if (hasOutput[state] === 1) {
          for (const k of outputs[state]!) onHit(line, i + 1, k);
        }
      }
    },
  };
}
