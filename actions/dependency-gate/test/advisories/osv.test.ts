import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import semver from 'semver';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '@devsecops/action-kit';
import { evaluateAdvisory } from '../../src/advisories/match.js';
import { emptyStats, loadOsvAdvisories, parseOsvRecord } from '../../src/advisories/osv.js';
import type { Advisory } from '../../src/types.js';
import { FIXTURES, removeProjects, writeProject } from '../helpers.js';

afterEach(removeProjects);

const ADVISORIES = join(FIXTURES, 'advisories');

function record(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    schema_version: '1.6.0',
    id: 'GHSA-test-test-test',
    aliases: ['CVE-2099-0001'],
    summary: 'Synthetic advisory',
    affected: [
      {
        package: { ecosystem: 'npm', name: 'pkg' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.2.3' }] }],
      },
    ],
    database_specific: { severity: 'HIGH' },
    ...overrides,
  };
}

function affects(advisory: Advisory, version: string) {
  return evaluateAdvisory(advisory, semver.parse(version)!);
}

function only(value: Record<string, unknown>) {
  const stats = emptyStats();
  const list = parseOsvRecord(value, stats);
  return { advisory: list[0]!, list, stats };
}

describe('parseOsvRecord', () => {
  it('reads a real record: one advisory per npm package, other ecosystems ignored', async () => {
    const text = await readFile(join(ADVISORIES, 'GHSA-f2jv-r9rf-7988.json'), 'utf8');
    const { list } = only(JSON.parse(text));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id: 'GHSA-f2jv-r9rf-7988',
      aliases: ['CVE-2021-23369'],
      package: 'handlebars',
      severity: 'critical',
      severityFrom: 'database',
      intervals: [{ fixed: '4.7.7' }],
    });
  });

  it('merges the ranges of one package and keeps two packages apart (lodash, lodash-es)', async () => {
    const text = await readFile(join(ADVISORIES, 'GHSA-jf85-cpcp-j695.json'), 'utf8');
    const { list } = only(JSON.parse(text));
    expect(list.map((a) => `${a.package} ${a.intervals[0]!.fixed}`)).toEqual([
      'lodash 4.17.12',
      'lodash-es 4.17.14',
      'lodash-amd 4.17.13',
      'lodash.defaultsdeep 4.6.1',
    ]);
  });

  it('evaluates introduced/fixed pairs with prereleases included (express 5 betas)', async () => {
    const text = await readFile(join(ADVISORIES, 'GHSA-rv95-896h-c2vc.json'), 'utf8');
    const { advisory } = only(JSON.parse(text));
    // [0, 4.19.2) and [5.0.0-alpha.1, 5.0.0-beta.3)
    expect(affects(advisory, '4.19.1')).toEqual({ affected: true, fixedIn: '4.19.2' });
    expect(affects(advisory, '4.19.2').affected).toBe(false);
    expect(affects(advisory, '5.0.0-alpha.1')).toEqual({ affected: true, fixedIn: '5.0.0-beta.3' });
    expect(affects(advisory, '5.0.0-beta.2').affected).toBe(true);
    expect(affects(advisory, '5.0.0-beta.3').affected).toBe(false);
    expect(affects(advisory, '5.0.0').affected).toBe(false);
  });

  it('evaluates last_affected as inclusive', () => {
    const { advisory } = only(
      record({
        affected: [
          {
            package: { ecosystem: 'npm', name: 'pkg' },
            ranges: [
              { type: 'SEMVER', events: [{ introduced: '1.0.0' }, { last_affected: '1.4.0' }] },
            ],
          },
        ],
      }),
    );
    expect(affects(advisory, '0.9.0').affected).toBe(false);
    expect(affects(advisory, '1.4.0')).toEqual({ affected: true, fixedIn: undefined });
    expect(affects(advisory, '1.4.1').affected).toBe(false);
  });

  it('sorts unordered events before evaluating them', () => {
    const { advisory } = only(
      record({
        affected: [
          {
            package: { ecosystem: 'npm', name: 'pkg' },
            ranges: [
              {
                type: 'ECOSYSTEM',
                events: [
                  { fixed: '2.0.1' },
                  { introduced: '2.0.0' },
                  { fixed: '1.0.5' },
                  { introduced: '0' },
                ],
              },
            ],
          },
        ],
      }),
    );
    expect(affects(advisory, '1.0.4')).toEqual({ affected: true, fixedIn: '1.0.5' });
    expect(affects(advisory, '1.5.0').affected).toBe(false);
    expect(affects(advisory, '2.0.0')).toEqual({ affected: true, fixedIn: '2.0.1' });
  });

  it('uses last_known_affected_version_range when no fix is known', () => {
    const open = (bound: string) =>
      only(
        record({
          affected: [
            {
              package: { ecosystem: 'npm', name: 'pkg' },
              ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }],
              database_specific: { last_known_affected_version_range: bound },
            },
          ],
        }),
      ).advisory;
    expect(affects(open('< 1.2.3'), '1.2.2').affected).toBe(true);
    expect(affects(open('< 1.2.3'), '1.2.3').affected).toBe(false);
    expect(affects(open('<= 1.2.3'), '1.2.3').affected).toBe(true);
    expect(affects(open('<= 1.2.3'), '1.2.4-rc.1').affected).toBe(false);
  });

  it('matches exact versions lists (malware reports) and rates MAL- records critical', () => {
    const { advisory } = only({
      id: 'MAL-2025-1234',
      summary: 'Malicious code in evil-pkg (npm)',
      affected: [{ package: { ecosystem: 'npm', name: 'evil-pkg' }, versions: ['1.0.1', '1.0.2'] }],
    });
    expect(advisory).toMatchObject({
      malware: true,
      severity: 'critical',
      severityFrom: 'malware',
    });
    expect(affects(advisory, '1.0.2').affected).toBe(true);
    expect(affects(advisory, '1.0.3').affected).toBe(false);
  });

  it('ignores withdrawn records and counts them', () => {
    const { list, stats } = only(record({ withdrawn: '2024-01-01T00:00:00Z' }));
    expect(list).toEqual([]);
    expect(stats.withdrawn).toBe(1);
  });

  it('falls back from database severity to CVSS v3, then v4, then medium', () => {
    const v3 = only(
      record({
        database_specific: {},
        severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N' }],
      }),
    ).advisory;
    expect(v3).toMatchObject({ severity: 'medium', severityFrom: 'cvss-v3', cvssScore: 6.1 });
    const v4 = only(
      record({
        database_specific: {},
        severity: [
          {
            type: 'CVSS_V4',
            score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N',
          },
        ],
      }),
    ).advisory;
    expect(v4).toMatchObject({ severity: 'high', severityFrom: 'cvss-v4' });
    const none = only(record({ database_specific: {} }));
    expect(none.advisory).toMatchObject({ severity: 'medium', severityFrom: 'default' });
    expect(none.stats.defaultSeverity).toBe(1);
    expect(only(record({ database_specific: { severity: 'MODERATE' } })).advisory.severity).toBe(
      'medium',
    );
  });

  it.each([
    ['a record without affected', { id: 'GHSA-x' }, 'invalidRecords'],
    [
      'an unknown severity label',
      record({ database_specific: { severity: 'SEVERE' } }),
      'unknownSeverity',
    ],
    [
      'an invalid version in events',
      record({
        affected: [
          {
            package: { ecosystem: 'npm', name: 'pkg' },
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: 'banana' }, { fixed: '1.0.0' }] }],
          },
        ],
      }),
      'invalidRanges',
    ],
  ] as const)('skips and counts %s', (_name, value, counter) => {
    const { list, stats } = only(value as Record<string, unknown>);
    expect(list).toEqual([]);
    expect(stats[counter]).toBe(1);
  });
});

describe('loadOsvAdvisories', () => {
  it('loads the 31 real records from a folder', async () => {
    const { advisories, stats } = await loadOsvAdvisories([ADVISORIES], '/');
    expect(stats).toMatchObject({ files: 31, records: 31, invalidFiles: 0, invalidRecords: 0 });
    expect(new Set(advisories.map((a) => a.id)).size).toBe(31);
  });

  it('reads a zip and nested folders, counting bad files among good ones', async () => {
    const good = JSON.stringify(record({}));
    const zip = zipSync({
      'advisories/npm/GHSA-test-test-test.json': strToU8(good),
      'advisories/npm/broken.json': strToU8('{ not json'),
      'README.md': strToU8('not read'),
    });
    const dir = await writeProject({
      'db.zip': zip,
      'tree/a/b/GHSA-aaaa-aaaa-aaaa.json': record({ id: 'GHSA-aaaa-aaaa-aaaa' }),
      'tree/a/ignored.txt': 'x',
    });
    const result = await loadOsvAdvisories(['db.zip', 'tree'], dir);
    expect(result.advisories.map((a) => a.id).sort()).toEqual([
      'GHSA-aaaa-aaaa-aaaa',
      'GHSA-test-test-test',
    ]);
    expect(result.stats).toMatchObject({ files: 3, invalidFiles: 1 });
  });

  it.each([
    ['a missing path', {}, 'nowhere', /does not exist/],
    [
      'a folder without records',
      { 'empty/readme.txt': 'x' },
      'empty',
      /holds no valid OSV JSON record/,
    ],
    ['a corrupt zip', { 'bad.zip': 'PK not really' }, 'bad.zip', /is not a valid zip file/],
  ])('rejects %s', async (_name, files, path, message) => {
    const dir = await writeProject(files);
    const error = await loadOsvAdvisories([path], dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
  });
});
