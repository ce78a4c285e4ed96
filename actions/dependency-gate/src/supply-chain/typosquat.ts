import topPackages from '../data/top-packages.json' with { type: 'json' };

/** The widely depended-upon package names shipped with the action. */
export const TOP_PACKAGES: readonly string[] = topPackages.packages;

/** How a name imitates a popular one. */
export type TyposquatKind = 'edit-distance' | 'separator' | 'scope' | 'affix';

/** A popular package that a name looks like. */
export interface TyposquatMatch {
  target: string;
  kind: TyposquatKind;
  /** The Damerau-Levenshtein distance, for `edit-distance`. */
  distance?: number;
}

/** Options of {@link createTyposquatDetector}. */
export interface TyposquatOptions {
  /** The largest edit distance for long names (10+ characters); names of 5 to 9 use 1. */
  distance?: number;
  /** Names never reported (reviewed look-alikes). */
  ignore?: readonly string[];
  /** The names to protect; defaults to {@link TOP_PACKAGES}. */
  targets?: readonly string[];
}

/** Names shorter than this are compared only for separator and scope confusion. */
const MIN_EDIT_LENGTH = 5;
/** From this length on, the configured (larger) distance applies. */
const LONG_NAME = 10;

/**
 * Builds a detector that tells whether a package name imitates a popular one: one edit away for
 * short names, up to `distance` for long ones (swaps of neighbouring letters count as one
 * edit), the same letters with other separators (`crossenv` for `cross-env`), a scope turned
 * into a prefix (`types-node` for `@types/node`) or mistyped (`@babl/core`), or a popular name
 * decorated with `.js` or `node-` (`d3.js`). Popular names themselves, and look-alikes that
 * differ only in digits (`through2`), in a plural `s`, in their first letter or by an added
 * separator, are never reported.
 */
export function createTyposquatDetector(
  options: TyposquatOptions = {},
): (name: string) => TyposquatMatch | undefined {
  const targets = options.targets ?? TOP_PACKAGES;
  const ignore = new Set(options.ignore ?? []);
  const maxLong = Math.max(0, options.distance ?? 2);

  // Indexes are built on the first name checked, so that a disabled check costs nothing; every
  // distinct name is checked once, since a tree repeats names across versions and locations.
  let index: TargetIndex | undefined;
  const verdicts = new Map<string, TyposquatMatch | undefined>();
  return (name) => {
    if (verdicts.has(name)) return verdicts.get(name);
    index ??= indexTargets(targets);
    const verdict = ignore.has(name) ? undefined : detect(name, index, maxLong);
    verdicts.set(name, verdict);
    return verdict;
  };
}

/** The popular names arranged so that a name is compared only with plausible look-alikes. */
interface TargetIndex {
  popular: Set<string>;
  bySquashed: Map<string, string>;
  /** Per scope (`''` for none), its targets in list order. */
  byScope: Map<string, string[]>;
  /** Per bare name, the scoped targets carrying it, in the order of their scopes in byScope. */
  scopedByBare: Map<string, string[]>;
  /** Per scope, then first character of the bare name, then its length: positions in byScope. */
  buckets: Map<string, Map<string, Map<number, number[]>>>;
}

function indexTargets(targets: readonly string[]): TargetIndex {
  const bySquashed = new Map<string, string>();
  for (const t of targets) if (!bySquashed.has(squash(t))) bySquashed.set(squash(t), t);
  const byScope = new Map<string, string[]>();
  for (const t of new Set(targets)) {
    const scope = scopeOf(t);
    const list = byScope.get(scope) ?? [];
    list.push(t);
    byScope.set(scope, list);
  }
  const scopedByBare = new Map<string, string[]>();
  const buckets = new Map<string, Map<string, Map<number, number[]>>>();
  for (const [scope, names] of byScope) {
    const byFirst = new Map<string, Map<number, number[]>>();
    buckets.set(scope, byFirst);
    names.forEach((t, position) => {
      const bare = bareOf(t);
      if (scope !== '') scopedByBare.set(bare, [...(scopedByBare.get(bare) ?? []), t]);
      const byLength = byFirst.get(bare.charAt(0)) ?? new Map<number, number[]>();
      byFirst.set(bare.charAt(0), byLength);
      byLength.set(bare.length, [...(byLength.get(bare.length) ?? []), position]);
    });
  }
  return { popular: new Set(targets), bySquashed, byScope, scopedByBare, buckets };
}

function detect(name: string, index: TargetIndex, maxLong: number): TyposquatMatch | undefined {
  if (index.popular.has(name)) return undefined;

  // Squatters drop or swap separators (`crossenv`); adding one (`parse-url`) is rarely a trick.
  const twin = index.bySquashed.get(squash(name));
  if (twin !== undefined && separators(name) <= separators(twin)) {
    return { target: twin, kind: scopeOf(twin) !== scopeOf(name) ? 'scope' : 'separator' };
  }
  const unaffixed = stripAffixes(name);
  if (unaffixed !== name && index.popular.has(unaffixed)) {
    return { target: unaffixed, kind: 'affix' };
  }

  const bare = bareOf(name);
  const scope = scopeOf(name);
  if (scope !== '') {
    // A mistyped scope with a popular package's name under it: `@babl/core`.
    for (const target of index.scopedByBare.get(bare) ?? []) {
      const other = scopeOf(target);
      if (other === scope) continue;
      const [mine, theirs] = [scope.slice(1, -1), other.slice(1, -1)];
      if (Math.min(mine.length, theirs.length) < 4 || mine[0] !== theirs[0]) continue;
      if (squash(mine) === squash(theirs) || editDistance(mine, theirs, 1) <= 1) {
        return { target, kind: 'scope' };
      }
    }
  }

  const list = index.byScope.get(scope);
  const byFirst = index.buckets.get(scope);
  if (!list || !byFirst || maxLong === 0) return undefined;

  // A typo keeps the first letter (see typoDistance) and at most maxLong edits change the length
  // by as much, so only targets with that letter and a length in that window can match; targets
  // led by a separator, had npm allowed them, escape that rule and are always compared.
  const first = bare.charAt(0);
  const candidates: number[] = [];
  for (const [letter, byLength] of byFirst) {
    if (letter !== first && !isLeadingFree(letter) && !isLeadingFree(first)) continue;
    for (let l = bare.length - maxLong; l <= bare.length + maxLong; l++) {
      for (const position of byLength.get(l) ?? []) {
        // Cheaper than typoDistance, whose limit never exceeds maxLong.
        if (isWithinDistance(bare, bareOf(list[position]!), maxLong)) {
          candidates.push(position);
        }
      }
    }
  }

  // In list order, so that among equally close targets the first listed wins.
  let best: TyposquatMatch | undefined;
  for (const position of candidates.sort((a, b) => a - b)) {
    const target = list[position]!;
    const d = typoDistance(bare, bareOf(target), maxLong);
    if (d !== undefined && (best === undefined || d < best.distance!)) {
      best = { target, kind: 'edit-distance', distance: d };
      if (d === 1) break;
    }
  }
  return best;
}

/** Whether a name's first character escapes the same-first-letter rule: none, or a separator. */
function isLeadingFree(first: string): boolean {
  return first === '' || first === '.' || first === '_' || first === '-';
}

/**
 * The edit distance between two bare names when it looks like a typo, else undefined. The words
 * of hyphenated names are compared one by one: replacing a whole short word (`csv-parse`,
 * `lcov-parse`) is another package, not a typo, so the allowance follows the length of the word
 * that differs. Differences of digits only, of a plural `s` or of the first letter are ignored.
 */
function typoDistance(a: string, b: string, maxLong: number): number | undefined {
  if (Math.abs(a.length - b.length) > maxLong) return undefined;
  if (stripDigits(a) === stripDigits(b) || isPlural(a, b) || squash(a) === squash(b)) {
    return undefined;
  }
  const wa = words(a);
  const wb = words(b);
  let span = [a, b];
  if (wa.length === wb.length && wa.length > 1) {
    const differing = wa.flatMap((w, i) => (w === wb[i] ? [] : [i]));
    if (differing.length === 1) {
      const i = differing[0]!;
      span = [wa[i]!, wb[i]!];
      if (stripDigits(span[0]!) === stripDigits(span[1]!) || isPlural(span[0]!, span[1]!)) {
        return undefined;
      }
    }
  }
  const length = Math.min(span[0]!.length, span[1]!.length);
  if (length < MIN_EDIT_LENGTH) return undefined;
  // Mistyped names keep their first letter; `xtend` and `mquery` are packages of their own.
  if (span[0]![0] !== span[1]![0]) return undefined;
  const limit = length >= LONG_NAME ? maxLong : Math.min(1, maxLong);
  if (limit === 0) return undefined;
  const d = editDistance(a, b, limit);
  return d <= limit ? d : undefined;
}

/**
 * The optimal-string-alignment (restricted Damerau-Levenshtein) distance: insertions, deletions,
 * substitutions and swaps of two neighbouring characters. Stops early above `max`.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  let prevPrev = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, prevPrev[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[m]!;
}

/** Rows of {@link isWithinDistance}, reused across calls. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Whether the {@link editDistance} of two strings is at most `max`. Only cells within `max` of
 * the diagonal are computed: any other is at least its distance from it, hence above `max`.
 */
export function isWithinDistance(a: string, b: string, max: number): boolean {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return false;
  if (rows[0]!.length <= m) rows = rows.map(() => new Int32Array(2 * (m + 1)));
  let [prevPrev, prev, cur] = rows as [Int32Array, Int32Array, Int32Array];
  const over = max + 1;
  for (let j = 0; j <= m; j++) prev[j] = j <= max ? j : over;
  let lastMin = 0;
  for (let i = 1; i <= n; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(m, i + max);
    cur[0] = i <= max ? i : over;
    if (from > 1) cur[from - 1] = over;
    let rowMin = cur[0];
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, prevPrev[j - 2]! + 1);
      }
      if (v > over) v = over;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (to < m) cur[to + 1] = over;
    // A swap reaches two rows down, so two rows above max in a row settle it.
    if (rowMin > max && lastMin > max) return false;
    lastMin = rowMin;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[m]! <= max;
}

function squash(name: string): string {
  return name.replace(/[@/._-]/g, '');
}

function scopeOf(name: string): string {
  return name.startsWith('@') ? name.slice(0, name.indexOf('/') + 1) : '';
}

function bareOf(name: string): string {
  return name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
}

function separators(name: string): number {
  return name.replace(/[^./_-]/g, '').length;
}

function words(name: string): string[] {
  return name.split(/[._-]/);
}

function isPlural(a: string, b: string): boolean {
  return (a === `${b}s` && !b.endsWith('s')) || (b === `${a}s` && !a.endsWith('s'));
}

/** `d3.js`, `jquery-js`, `node-sass`… reduced to the name they decorate. */
function stripAffixes(name: string): string {
  if (name.startsWith('@')) return name;
  return name.replace(/[.-]?js$/, '').replace(/^node[.-]?/, '');
}

function stripDigits(s: string): string {
  return s.replace(/[0-9]/g, '');
}
