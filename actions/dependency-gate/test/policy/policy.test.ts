import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '@devsecops/action-kit';
import {
  compilePathPattern,
  deniedBy,
  exceptionCovers,
  resolveDepsPolicy,
  type DepsException,
} from '../../src/policy.js';
import type { InstalledPackage } from '../../src/types.js';

const doc = (deps: unknown) => ({ files: ['/repo/.github/devsecops.yml'], data: { deps } });

const qs: InstalledPackage = {
  name: 'qs',
  version: '6.5.2',
  location: 'node_modules/qs',
  scope: 'runtime',
  direct: false,
  paths: [
    ['express', 'body-parser', 'qs'],
    ['express', 'qs'],
  ],
};

const exception = (over: Partial<DepsException>): DepsException => ({
  id: 'GHSA-hrpp-h998-j3pp',
  owner: 'team-a',
  reason: 'not reachable',
  expires: '2099-12-31',
  ...over,
});

describe('resolveDepsPolicy', () => {
  it('uses defaults, the file, then inputs', () => {
    expect(resolveDepsPolicy(doc(undefined))).toMatchObject({
      failOn: 'high',
      scopes: ['runtime', 'development', 'optional', 'peer'],
      mode: 'full',
      exceptions: [],
    });
    const file = doc({ 'fail-on': 'critical', scopes: ['runtime'], mode: 'diff' });
    expect(resolveDepsPolicy(file)).toMatchObject({
      failOn: 'critical',
      scopes: ['runtime'],
      mode: 'diff',
    });
    expect(resolveDepsPolicy(file, { failOn: 'low', mode: 'full' })).toMatchObject({
      failOn: 'low',
      scopes: ['runtime'],
      mode: 'full',
    });
  });

  it('lists every problem of a malformed section, as users type the keys', () => {
    const bad = doc({
      'fail-on': 'severe',
      exceptions: [
        { id: 'GHSA-x', owner: 'a', expires: '2025-02-30' },
        { id: 'CVE-1', reason: 'r', owner: 'o', expires: 'soon' },
      ],
      deny: [{ name: 'left-pad', range: 'not a range' }],
      unknown: true,
    });
    let error: unknown;
    try {
      resolveDepsPolicy(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    for (const part of [
      'deps.fail-on',
      'deps.exceptions[0].reason',
      'deps.exceptions[0].expires: is not a calendar date',
      'deps.exceptions[1].expires: must be a date written YYYY-MM-DD',
      'deps.deny[0].range: is not a semver range',
      'unknown',
    ]) {
      expect(message).toContain(part);
    }
  });
});

describe('compilePathPattern', () => {
  it.each([
    ['express > * > qs', ['express', 'body-parser', 'qs'], true],
    ['express > * > qs', ['express', 'qs'], false],
    ['express > ** > qs', ['express', 'qs'], true],
    ['express > ** > qs', ['express', 'a', 'b', 'qs'], true],
    ['** > qs', ['a', 'qs'], true],
    ['@babel/* > lodash', ['@babel/core', 'lodash'], true],
    ['@babel/core > lodash', ['@babel/core', 'lodash'], true],
    ['@babel/core > lodash', ['@babel/corex', 'lodash'], false],
    ['express > qs', ['express', 'qs', 'extra'], false],
  ])('%s against %j is %s', (pattern, path, expected) => {
    expect(compilePathPattern(pattern)(path)).toBe(expected);
  });
});

describe('exceptionCovers', () => {
  const ids = ['GHSA-hrpp-h998-j3pp', 'CVE-2022-24999'];
  it('matches the id or any alias, case-insensitively', () => {
    expect(exceptionCovers(exception({}), ids, qs)).toBe(true);
    expect(exceptionCovers(exception({ id: 'cve-2022-24999' }), ids, qs)).toBe(true);
    expect(exceptionCovers(exception({ id: 'GHSA-other' }), ids, qs)).toBe(false);
  });

  it('restricts to a package', () => {
    expect(exceptionCovers(exception({ package: 'qs' }), ids, qs)).toBe(true);
    expect(exceptionCovers(exception({ package: 'express' }), ids, qs)).toBe(false);
  });

  it('restricts to paths, requiring every recorded path to match', () => {
    expect(exceptionCovers(exception({ path: 'express > ** > qs' }), ids, qs)).toBe(true);
    expect(exceptionCovers(exception({ path: 'express > * > qs' }), ids, qs)).toBe(false);
  });
});

describe('deniedBy', () => {
  it('matches names and optional ranges', () => {
    const rules = [{ name: 'qs', range: '<6.0.0', severity: 'high' as const }];
    expect(deniedBy(qs, rules)).toBeUndefined();
    expect(deniedBy({ ...qs, version: '5.2.1' }, rules)).toBe(rules[0]);
    expect(deniedBy(qs, [{ name: 'qs', severity: 'low' }])).toBeDefined();
  });
});
