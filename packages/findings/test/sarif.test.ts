import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  fromSarif,
  MAX_RESULTS_PER_RUN,
  toSarif,
  type Finding,
  type Severity,
} from '../src/index.js';

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    stage: 'secrets',
    tool: 'devsecops-secrets',
    ruleId: 'aws-access-token',
    severity: 'critical',
    title: 'AWS access key ID',
    message: 'AWS access key ID "AKIA*****" in src/config.ts',
    location: {
      path: 'src/config.ts',
      startLine: 3,
      startColumn: 5,
      endColumn: 25,
      snippet: 'key = "AKIA*****"',
    },
    fingerprint: 'abc123',
    ...overrides,
  };
}

describe('toSarif', () => {
  it('writes one run per stage with its category, levels and security-severity', () => {
    const { log, dropped } = toSarif([
      {
        stage: 'secrets',
        toolName: 'devsecops-secrets',
        toolVersion: '0.1.0',
        findings: [
          finding(),
          finding({ ruleId: 'generic-api-key', severity: 'medium', fingerprint: 'f2' }),
        ],
      },
      { stage: 'deps', toolName: 'devsecops-deps', toolVersion: '0.1.0', findings: [] },
    ]);
    expect(dropped).toBe(0);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(2);
    const run = log.runs[0]!;
    expect(run.automationDetails?.id).toBe('devsecops/secrets/');
    expect(log.runs[1]!.automationDetails?.id).toBe('devsecops/deps/');
    expect(run.results?.map((r) => r.level)).toEqual(['error', 'warning']);
    const rules = run.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(['aws-access-token', 'generic-api-key']);
    expect(rules[0]!.properties?.['security-severity']).toBe('9.5');
    expect(run.results![1]!.ruleIndex).toBe(1);
    expect(run.results![0]!.partialFingerprints).toEqual({ 'devsecops/v1': 'abc123' });
    expect(run.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(
      'src/config.ts',
    );
  });

  it.each<[Severity, string]>([
    ['critical', 'error'],
    ['high', 'error'],
    ['medium', 'warning'],
    ['low', 'note'],
    ['info', 'none'],
  ])('maps %s to level %s', (severity, level) => {
    const { log } = toSarif([
      { stage: 'deps', toolName: 't', toolVersion: '1', findings: [finding({ severity })] },
    ]);
    expect(log.runs[0]!.results![0]!.level).toBe(level);
  });

  it('encodes paths as relative URIs', () => {
    const { log } = toSarif([
      {
        stage: 'secrets',
        toolName: 't',
        toolVersion: '1',
        findings: [finding({ location: { path: './dir with space/a#b.ts' } })],
      },
    ]);
    const uri = log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri;
    expect(uri).toBe('dir%20with%20space/a%23b.ts');
  });

  it('keeps the most severe results past the per-run limit and says how many it dropped', () => {
    const findings: Finding[] = [];
    for (let i = 0; i < MAX_RESULTS_PER_RUN + 10; i++) {
      findings.push(finding({ severity: i < 5 ? 'critical' : 'low', fingerprint: `f${i}` }));
    }
    const { log, dropped } = toSarif([
      { stage: 'secrets', toolName: 't', toolVersion: '1', findings },
    ]);
    expect(dropped).toBe(10);
    const results = log.runs[0]!.results!;
    expect(results).toHaveLength(MAX_RESULTS_PER_RUN);
    expect(results.filter((r) => r.level === 'error')).toHaveLength(5);
    expect(log.runs[0]!.properties?.['droppedResults']).toBe(10);
  });

  it('stays under the gzipped size limit with large messages', () => {
    // Random messages barely compress, so 12,000 results of 1.6 kB exceed 10 MB gzipped.
    const findings: Finding[] = [];
    for (let i = 0; i < 12_000; i++) {
      const noise = Buffer.from(
        Array.from({ length: 1200 }, () => Math.floor(Math.random() * 256)),
      ).toString('base64');
      findings.push(finding({ message: noise, fingerprint: `f${i}` }));
    }
    const { log, dropped } = toSarif([
      { stage: 'secrets', toolName: 't', toolVersion: '1', findings },
    ]);
    const size = gzipSync(JSON.stringify(log)).length;
    expect(size).toBeLessThanOrEqual(10 * 1024 * 1024);
    expect(dropped).toBeGreaterThan(0);
    expect(log.runs[0]!.results!.length + dropped).toBe(12_000);
    expect(gunzipSync(gzipSync(JSON.stringify(log))).length).toBeGreaterThan(0);
  });
});

describe('fromSarif', () => {
  it('reads back what toSarif wrote', () => {
    const original = finding({ properties: { commit: 'abc' } });
    const { log } = toSarif([
      { stage: 'secrets', toolName: 'devsecops-secrets', toolVersion: '1', findings: [original] },
    ]);
    const [back] = fromSarif(JSON.parse(JSON.stringify(log)), 'secrets');
    expect(back).toMatchObject({
      ruleId: original.ruleId,
      severity: 'critical',
      title: original.title,
      message: original.message,
      fingerprint: 'abc123',
      location: { path: 'src/config.ts', startLine: 3 },
      properties: { commit: 'abc', severity: 'critical' },
    });
  });

  it('derives severity from security-severity, then level, for other tools', () => {
    const findings = fromSarif(
      {
        version: '2.1.0',
        runs: [
          {
            tool: {
              driver: {
                name: 'CodeQL',
                rules: [
                  { id: 'js/sql-injection', properties: { 'security-severity': '8.8' } },
                  { id: 'js/unused' },
                ],
              },
            },
            results: [
              { ruleId: 'js/sql-injection', ruleIndex: 0, message: { text: 'x' } },
              { ruleId: 'js/unused', level: 'note', message: { text: 'y' } },
            ],
          },
        ],
      },
      'sast',
    );
    expect(findings.map((f) => f.severity)).toEqual(['high', 'low']);
  });
});
