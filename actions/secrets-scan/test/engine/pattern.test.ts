import { describe, expect, it } from 'vitest';
import {
  compileNative,
  compileRe2,
  PatternSyntaxError,
  translateRe2ToJs,
} from '../../src/engine/pattern.js';

describe('translateRe2ToJs', () => {
  it.each([
    ['(?i)abc', 'abc', 'i'],
    ['(?P<key>[a-z]+)', '(?<key>[a-z]+)', ''],
    ['\\Aabc\\z', '^abc$', ''],
    ['[[:alnum:]_]{4}', '[a-zA-Z0-9_]{4}', ''],
    ['x(?i:ab)y', 'x(?:[aA][bB])y', ''],
    ['(?i:[a-c]x)', '(?:[a-cA-C][xX])', ''],
  ])('%s becomes /%s/%s', (source, js, flags) => {
    expect(translateRe2ToJs(source)).toEqual({ source: js, flags });
  });

  it.each(['(?U)a+', '\\pL+', '\\Qa.b\\E'])('leaves %s to re2js', (source) => {
    expect(translateRe2ToJs(source)).toBeUndefined();
    expect(compileNative(source).engine).toBe('re2');
  });
});

describe('compiled patterns', () => {
  it.each([
    ['native', compileNative],
    ['re2', compileRe2],
  ])('%s: finds every match with groups', (_name, compile) => {
    const p = compile('(?i)key=(?P<v>[0-9]+)');
    const matches = p.matchAll('KEY=12 key=345 other');
    expect(matches.map((m) => [m.index, m.end, m.groups[1]])).toEqual([
      [0, 6, '12'],
      [7, 14, '345'],
    ]);
  });

  it('runs a pattern that backtracks catastrophically in linear time on re2js', () => {
    const p = compileRe2('(a+)+$');
    const started = performance.now();
    expect(p.test('a'.repeat(5000) + 'b')).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('throws PatternSyntaxError for what RE2 rejects', () => {
    expect(() => compileRe2('(?<=a)b')).toThrow(PatternSyntaxError);
    expect(() => compileRe2('a(')).toThrow(PatternSyntaxError);
  });
});
