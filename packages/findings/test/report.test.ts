import { describe, expect, it } from 'vitest';
import {
  commentMarker,
  fingerprintOf,
  JsonReportSchema,
  keyedHash,
  meetsThreshold,
  parseSeverity,
  redactSecret,
  renderMarkdown,
  toJsonReport,
  type StageResult,
} from '../src/index.js';

const result: StageResult = {
  stage: 'secrets',
  tool: 'devsecops-secrets',
  toolVersion: '0.1.0',
  threshold: 'low',
  passed: false,
  notes: ['Scanned 3 files (1.2 kB) in 5 ms'],
  findings: [
    {
      stage: 'secrets',
      tool: 'devsecops-secrets',
      ruleId: 'generic-api-key',
      severity: 'medium',
      title: 'Generic secret',
      message: 'Secret "ab*****" in a|b.ts <script>',
      location: { path: 'src/a|b.ts', startLine: 7 },
      fingerprint: 'f1',
    },
  ],
};

describe('renderMarkdown', () => {
  it('renders a verdict, a counts table and escaped finding rows', () => {
    const md = renderMarkdown([result], {
      marker: true,
      blobUrl: 'https://github.com/o/r/blob/abc',
    });
    expect(md.startsWith(commentMarker(['secrets']))).toBe(true);
    expect(md).toContain('DevSecOps: failed (secrets)');
    expect(md).toContain('| Secrets | **failed** (fail-on: low) | 0 | 0 | 1 | 0 | 0 |');
    expect(md).toContain('a\\|b.ts');
    expect(md).toContain('&lt;script&gt;');
    expect(md).toContain('(https://github.com/o/r/blob/abc/src/a%7Cb.ts#L7)');
  });

  it('counts the findings it does not list', () => {
    const many = { ...result, findings: Array.from({ length: 5 }, () => result.findings[0]!) };
    expect(renderMarkdown([many], { maxRows: 2 })).toContain('…and 3 more');
  });
});

describe('toJsonReport', () => {
  it('produces a document that the published schema accepts', () => {
    const doc = toJsonReport([result], new Date('2026-01-01T00:00:00Z'));
    expect(JsonReportSchema.parse(doc)).toEqual(doc);
    expect(doc.stages[0]!.counts.medium).toBe(1);
  });
});

describe('severities', () => {
  it.each([
    ['moderate', 'medium'],
    ['CRITICAL', 'critical'],
    ['bogus', undefined],
  ])('parses %s', (input, expected) => {
    expect(parseSeverity(input)).toBe(expected);
  });

  it('compares against a threshold', () => {
    expect(meetsThreshold('high', 'high')).toBe(true);
    expect(meetsThreshold('medium', 'high')).toBe(false);
  });
});

describe('fingerprints and redaction', () => {
  it('fingerprints unambiguously', () => {
    expect(fingerprintOf('a', 'bc')).not.toBe(fingerprintOf('ab', 'c'));
    expect(fingerprintOf('a', 'bc')).toBe(fingerprintOf('a', 'bc'));
  });

  it('keys hashes', () => {
    expect(keyedHash('k1', 'x')).not.toBe(keyedHash('k2', 'x'));
  });

  it('never shows more than a short prefix', () => {
    const secret = 'AKIA' + 'Q'.repeat(16);
    expect(redactSecret(secret)).toBe('AKIA*****');
    expect(redactSecret('short')).toBe('*****');
    expect(redactSecret('\nMIIEowIBAAKCAQEA7')).toBe('MIIE*****');
    expect(redactSecret('\\nMIIEowIBAAKCAQEA7')).toBe('MIIE*****');
  });
});
