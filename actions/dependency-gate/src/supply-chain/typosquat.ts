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
  const popular = new Set(targets);
  const ignore = new Set(options.ignore ?? []);
  const maxLong = Math.max(0, options.distance ?? 2);

  const bySquashed = new Map<string, string>();
  for (const t of targets) if (!bySquashed.has(squash(t))) bySquashed.set(squash(t), t);
  const byScope = new Map<string, string[]>();
  for (const t of targets) {
    const scope = scopeOf(t);
    const list = byScope.get(scope) ?? [];
    list.push(t);
    byScope.set(scope, list);
  }

  return (name) => {
    if (popular.has(name) || ignore.has(name)) return undefined;

    // Squatters drop or swap separators (`crossenv`); adding one (`parse-url`) is rarely a trick.
    const twin = bySquashed.get(squash(name));
    if (twin !== undefined && separators(name) <= separators(twin)) {
      return { target: twin, kind: scopeOf(twin) !== scopeOf(name) ? 'scope' : 'separator' };
    }
    const unaffixed = stripAffixes(name);
    if (unaffixed !== name && popular.has(unaffixed)) return { target: unaffixed, kind: 'affix' };

    const bare = bareOf(name);
    const scope = scopeOf(name);
    if (scope !== '') {
      // A mistyped scope with a popular package's name under it: `@babl/core`.
      for (const [other, names] of byScope) {
        if (other === '' || other === scope || !names.includes(`${other}${bare}`)) continue;
        const [mine, theirs] = [scope.slice(1, -1), other.slice(1, -1)];
        if (Math.min(mine.length, theirs.length) < 4 || mine[0] !== theirs[0]) continue;
        if (squash(mine) === squash(theirs) || editDistance(mine, theirs, 1) <= 1) {
          return { target: `${other}${bare}`, kind: 'scope' };
        }
      }
    }
    let best: TyposquatMatch | undefined;
    for (const target of byScope.get(scope) ?? []) {
      const d = typoDistance(bare, bareOf(target), maxLong);
      if (d !== undefined && (best === undefined || d < best.distance!)) {
        best = { target, kind: 'edit-distance', distance: d };
        if (d === 1) break;
      }
    }
    return best;
  };
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
