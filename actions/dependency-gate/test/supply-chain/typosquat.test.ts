import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDependencyTree } from '../../src/lockfile/read-tree.js';
import {
  createTyposquatDetector,
  editDistance,
  isWithinDistance,
  TOP_PACKAGES,
} from '../../src/supply-chain/typosquat.js';
import { FIXTURE_PROJECTS, LOCKFILES } from './support.js';

describe('editDistance', () => {
  it.each([
    ['lodash', 'lodash', 0],
    ['lodash', 'lodahs', 1],
    ['lodash', 'loadsh', 1],
    ['express', 'exprss', 1],
    ['commander', 'comander', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('%s -> %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('stops early above the limit', () => {
    expect(editDistance('abcdefgh', 'zyxwvuts', 2)).toBe(3);
  });
});

describe('isWithinDistance', () => {
  it('agrees with editDistance on near and far pairs, swaps included', () => {
    let seed = 11;
    const next = (n: number) => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return Math.floor((seed / 2 ** 32) * n);
    };
    const letters = 'abcde-';
    const word = (n: number) => Array.from({ length: n }, () => letters[next(6)]).join('');
    for (let k = 0; k < 3000; k++) {
      const a = word(next(14));
      let b = a;
      for (let e = next(5); e > 0; e--) {
        const i = next(b.length + 1);
        const edits = [
          () => b.slice(0, i) + letters[next(6)] + b.slice(i),
          () => b.slice(0, i) + b.slice(i + 1),
          () => b.slice(0, i) + letters[next(6)] + b.slice(i + 1),
          () => b.slice(0, i) + b.slice(i + 1, i + 2) + b.slice(i, i + 1) + b.slice(i + 2),
        ];
        b = edits[next(4)]!();
      }
      const d = editDistance(a, b);
      for (const max of [0, 1, 2, 3])
        expect([a, b, max, isWithinDistance(a, b, max)]).toEqual([a, b, max, d <= max]);
    }
  });
});

describe('createTyposquatDetector', () => {
  const detect = createTyposquatDetector();

  it('ships a list of several hundred popular names without duplicates', () => {
    expect(TOP_PACKAGES.length).toBeGreaterThan(1000);
    expect(new Set(TOP_PACKAGES).size).toBe(TOP_PACKAGES.length);
  });

  it.each([
    ['crossenv', 'cross-env', 'separator'],
    ['cross_env', 'cross-env', 'separator'],
    ['nodesass', 'node-sass', 'separator'],
    ['babelcli', '@babel/cli', 'scope'],
    ['types-node', '@types/node', 'scope'],
    ['@babl/core', '@babel/core', 'scope'],
    ['mongose', 'mongoose', 'edit-distance'],
    ['loadsh', 'lodash', 'edit-distance'],
    ['expresss', 'express', 'edit-distance'],
    ['electorn', 'electron', 'edit-distance'],
    ['@typescript-eslint/parsr', '@typescript-eslint/parser', 'edit-distance'],
    ['eslint-plugin-reakt', 'eslint-plugin-react', 'edit-distance'],
    ['webpack-dev-sevrer', 'webpack-dev-server', 'edit-distance'],
    ['d3.js', 'd3', 'affix'],
    ['jquery.js', 'jquery', 'affix'],
    ['noderequest', 'request', 'affix'],
  ])('reports %s as a look-alike of %s', (name, target, kind) => {
    expect(detect(name)).toMatchObject({ target, kind });
  });

  it.each([
    'lodash', // popular itself
    'through2', // digits only
    'colors', // plural
    'csv-parse', // a whole short word replaced
    'svg-parser',
    'xtend', // first letter differs
    'parse-url', // a separator added
    'is-weakset', // a whole 7-letter word differs by 2
    'ms',
    'my-own-package',
  ])('leaves %s alone', (name) => {
    expect(detect(name)).toBeUndefined();
  });

  it('uses the configured distance for long names and honours the ignore list', () => {
    expect(detect('typescirpt')).toMatchObject({ target: 'typescript', distance: 1 });
    expect(detect('tyepscriptt')).toMatchObject({ target: 'typescript', distance: 2 });
    expect(createTyposquatDetector({ distance: 1 })('tyepscriptt')).toBeUndefined();
    // Shorter names allow one edit only.
    expect(detect('mongse')).toBeUndefined();
    expect(createTyposquatDetector({ distance: 0 })('mongose')).toBeUndefined();
    expect(createTyposquatDetector({ ignore: ['crossenv'] })('crossenv')).toBeUndefined();
  });

  it('prefers the first listed of equally close targets and answers repeated names alike', () => {
    const detectIn = createTyposquatDetector({ targets: ['reactor', 'reacted', 'reactive'] });
    expect(detectIn('reacter')).toMatchObject({ target: 'reactor', distance: 1 });
    expect(detectIn('reacter')).toMatchObject({ target: 'reactor', distance: 1 });
    expect(detectIn('reactivr')).toMatchObject({ target: 'reactive', distance: 1 });
    const reversed = createTyposquatDetector({ targets: ['reacted', 'reactor'] });
    expect(reversed('reacter')).toMatchObject({ target: 'reacted', distance: 1 });
  });

  it('stays quiet on almost every name of the four real fixture lockfiles', async () => {
    const names = new Set<string>();
    for (const project of FIXTURE_PROJECTS) {
      const tree = await readDependencyTree(join(LOCKFILES, project));
      for (const p of tree.packages) names.add(p.name);
    }
    const fired = [...names].filter((n) => detect(n) !== undefined).sort();
    expect(names.size).toBe(2057);
    // Measured false positives: legitimate packages that look like popular ones.
    expect(fired).toEqual(['ansicolors', 'ansistyles', 'debuglog', 'flatten']);
  });
});
