import { RE2JS } from 're2js';

/** One match of a {@link Pattern}: offsets into the searched text and the capture groups. */
export interface PatternMatch {
  index: number;
  end: number;
  /** Group 0 is the whole match; unmatched groups are undefined. */
  groups: (string | undefined)[];
}

/** A compiled regular expression, run either on V8's engine or on re2js (linear time). */
export interface Pattern {
  readonly source: string;
  readonly engine: 'native' | 're2';
  /** Every non-overlapping match in `text`. */
  matchAll(text: string): PatternMatch[];
  test(text: string): boolean;
}

/** Thrown when a pattern does not compile; callers turn it into a ConfigurationError. */
export class PatternSyntaxError extends Error {
  override readonly name = 'PatternSyntaxError';
}

/**
 * Compiles an RE2 (Go) pattern with re2js, so that no pattern a user writes can backtrack for
 * ever: matching is linear in the input.
 */
export function compileRe2(source: string): Pattern {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch (error) {
    throw new PatternSyntaxError((error as Error).message);
  }
  const groupCount = re.groupCount();
  return {
    source,
    engine: 're2',
    matchAll(text) {
      const out: PatternMatch[] = [];
      const m = re.matcher(text);
      while (m.find()) {
        const groups: (string | undefined)[] = [];
        for (let g = 0; g <= groupCount; g++) groups.push(m.group(g) ?? undefined);
        const start = m.start();
        const end = m.end();
        out.push({ index: start, end, groups });
        if (end === start && end >= text.length) break;
      }
      return out;
    },
    test: (text) => re.test(text),
  };
}

/**
 * Compiles an RE2-syntax pattern to a native RegExp when it can be translated faithfully
 * (inline flags, `(?P<name>`, POSIX classes, `\A`/`\z`); otherwise falls back to re2js.
 * Built-in rules use this: they are reviewed for catastrophic backtracking before they ship.
 */
export function compileNative(source: string): Pattern {
  const translated = translateRe2ToJs(source);
  if (translated) {
    try {
      const re = new RegExp(translated.source, translated.flags + 'g');
      return nativePattern(source, re);
    } catch {
      // Fall through to re2js, which accepts the RE2 dialect as written.
    }
  }
  return compileRe2(source);
}

function nativePattern(source: string, re: RegExp): Pattern {
  const test = new RegExp(re.source, re.flags.replace('g', ''));
  return {
    source,
    engine: 'native',
    matchAll(text) {
      const out: PatternMatch[] = [];
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) {
        const end = m.index + m[0].length;
        out.push({ index: m.index, end, groups: Array.from(m) });
        if (m[0].length === 0) re.lastIndex++;
      }
      return out;
    },
    test: (text) => test.test(text),
  };
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  ascii: '\\x00-\\x7F',
  blank: ' \\t',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: ' \\t\\n\\r\\f\\v',
  upper: 'A-Z',
  word: 'A-Za-z0-9_',
  xdigit: '0-9A-Fa-f',
};

/**
 * Translates the RE2 constructs that JavaScript lacks. Returns undefined for what it cannot
 * translate faithfully (flag groups other than a case-insensitive span, `\Q`, `\C`, `\pN` ...).
 */
export function translateRe2ToJs(source: string): { source: string; flags: string } | undefined {
  let flags = '';
  let s = source;
  const lead = /^\(\?([imsU]+)\)/.exec(s);
  if (lead) {
    const f = lead[1]!;
    if (f.includes('U')) return undefined;
    if (f.includes('i')) flags += 'i';
    if (f.includes('s')) flags += 's';
    if (f.includes('m')) flags += 'm';
    s = s.slice(lead[0].length);
  }

  let out = '';
  let inClass = false;
  // Depth stack of groups; true where a `(?i:` span folds case.
  const groups: boolean[] = [];
  let foldDepth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      const n = s[i + 1];
      if (n === undefined) return undefined;
      if (n === 'A') out += '^';
      else if (n === 'z') out += '$';
      else if ('QCpPEK'.includes(n)) return undefined;
      else out += c + n;
      if (n === 'x' && s[i + 2] === '{') return undefined;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && s[i + 1] === ':') {
        const close = s.indexOf(':]', i + 2);
        if (close < 0) return undefined;
        const name = s.slice(i + 2, close);
        const neg = name.startsWith('^');
        const cls = POSIX_CLASSES[neg ? name.slice(1) : name];
        if (!cls || neg) return undefined;
        out += cls;
        i = close + 1;
        continue;
      }
      if (c === ']') {
        inClass = false;
        out += c;
        continue;
      }
      const range = /^([a-zA-Z])-([a-zA-Z])/.exec(s.slice(i));
      if (foldDepth > 0 && range) {
        const [, a, b] = range as unknown as [string, string, string];
        out += `${a}-${b}${swapCase(a)}-${swapCase(b)}`;
        i += 2;
        continue;
      }
      out += foldDepth > 0 ? foldChar(c, true) : c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (s[i + 1] === '^') {
        out += '^';
        i++;
      }
      // A leading `]` is a literal in RE2.
      if (s[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(') {
      if (s.startsWith('(?P<', i)) {
        out += '(?<';
        i += 3;
        groups.push(false);
        continue;
      }
      const flagGroup = /^\(\?([imsU-]+)(:|\))/.exec(s.slice(i));
      if (flagGroup) {
        if (flagGroup[1] !== 'i') return undefined;
        if (flagGroup[2] === ')') {
          // A mid-pattern `(?i)` folds case to the end of the enclosing group.
          if (flags.includes('i')) {
            i += flagGroup[0].length - 1;
            continue;
          }
          return undefined;
        }
        out += '(?:';
        groups.push(true);
        foldDepth++;
        i += flagGroup[0].length - 1;
        continue;
      }
      groups.push(false);
      out += c;
      continue;
    }
    if (c === ')') {
      if (groups.pop()) foldDepth--;
      out += c;
      continue;
    }
    if (c === '{' && !/^\{\d+(,\d*)?\}/.test(s.slice(i))) {
      out += '\\{';
      continue;
    }
    if (c === '}' && !/\{\d+(,\d*)?$/.test(s.slice(0, i))) {
      out += '\\}';
      continue;
    }
    out += foldDepth > 0 && !flags.includes('i') ? foldChar(c, false) : c;
  }
  if (inClass || groups.length > 0) return undefined;
  return { source: out, flags };
}

function foldChar(c: string, inClass: boolean): string {
  const lo = c.toLowerCase();
  const up = c.toUpperCase();
  if (lo === up) return c;
  return inClass ? lo + up : `[${lo}${up}]`;
}

function swapCase(c: string): string {
  return c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
}
