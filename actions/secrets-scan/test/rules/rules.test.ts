import { describe, expect, it } from 'vitest';
import { compileJs, compileRe2, examineRule, findWithRule } from './support/evaluate-rule.js';
import { loadRules, type RuleSpec } from './support/load-rules.js';
import { expandSample, isTemplateClass, listTemplates } from './support/sample-template.js';

const file = loadRules();
const rules = file.rules;

/** Each template is expanded with these seeds, so every sample is tried with several values. */
const SEEDS = [1, 2, 3, 4, 5];

const SEVERITIES = ['critical', 'high', 'medium', 'low'];
const ALLOWED_KEYS = new Set([
  'id',
  'description',
  'severity',
  'keywords',
  'regex',
  'secretGroup',
  'entropy',
  'tags',
  'allowlists',
  'samples',
]);

const positives = rules.flatMap((rule) =>
  rule.samples.positive.map((sample, index) => ({ id: rule.id, rule, sample, index })),
);
const negatives = rules.flatMap((rule) =>
  rule.samples.negative.map((sample, index) => ({ id: rule.id, rule, sample, index })),
);

function describeCandidates(rule: RuleSpec, text: string): string {
  const found = examineRule(rule, text).map(
    (c) => `${c.dropped ?? 'kept'} (entropy ${c.entropy.toFixed(2)})`,
  );
  return `${rule.id} on ${JSON.stringify(text)}: ${found.join(', ') || 'no regex match'}`;
}

describe('configs/secrets/rules.toml', () => {
  it('has a title and unique rule ids', () => {
    expect(file.title).toBe('devsecops default secret rules');
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(rules)('$id is well-formed', (rule) => {
    for (const key of Object.keys(rule)) expect(ALLOWED_KEYS, `unknown key ${key}`).toContain(key);
    expect(rule.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(rule.description.length).toBeGreaterThan(5);
    expect(SEVERITIES).toContain(rule.severity);
    expect(rule.keywords.length).toBeGreaterThan(0);
    for (const k of rule.keywords) {
      expect(k.length).toBeGreaterThan(0);
      expect(k).toBe(k.toLowerCase());
    }
    const groups = new RegExp(`${compileJs(rule.regex).source}|`).exec('')!.length - 1;
    expect(rule.secretGroup ?? 0).toBeLessThanOrEqual(groups);
    if (rule.entropy !== undefined) expect(rule.entropy).toBeGreaterThan(0);
    expect(rule.samples.positive.length).toBeGreaterThan(0);
    expect(rule.samples.negative.length).toBeGreaterThan(0);
    for (const sample of [...rule.samples.positive, ...rule.samples.negative]) {
      for (const t of listTemplates(sample)) expect(isTemplateClass(t.cls), t.cls).toBe(true);
    }
  });

  it.each(rules)('$id compiles in JavaScript (flags gd) and in RE2', (rule) => {
    const sources = [rule.regex, ...(rule.allowlists ?? []).flatMap((a) => a.regexes ?? [])];
    for (const source of sources) {
      expect(source.slice(1)).not.toContain('(?i)');
      expect(() => compileJs(source)).not.toThrow();
      expect(() => compileRe2(source)).not.toThrow();
    }
  });
});

describe('positive samples', () => {
  it.each(positives)('$id finds positive sample $index', ({ rule, sample }) => {
    for (const seed of SEEDS) {
      const text = expandSample(sample, seed);
      const lower = text.toLowerCase();
      expect(
        rule.keywords.some((k) => lower.includes(k)),
        `keyword in ${text}`,
      ).toBe(true);

      const hits = findWithRule(rule, text);
      expect(hits, describeCandidates(rule, text)).toHaveLength(1);
      const hit = hits[0]!;
      expect(hit.secret.length).toBeGreaterThan(0);
      // The keyword prefilter must hold for the match itself, not only for the line.
      expect(
        rule.keywords.some((k) => hit.match.toLowerCase().includes(k)),
        hit.match,
      ).toBe(true);

      // RE2 reads the same pattern the same way.
      const m = compileRe2(rule.regex).matcher(text);
      expect(m.find()).toBe(true);
      expect(m.group(rule.secretGroup ?? 0)).toBe(examineRule(rule, text)[0]!.secret);
    }
  });
});

const withAllowlists = rules.filter((r) => (r.allowlists ?? []).length > 0);

describe('negative samples', () => {
  it.each(withAllowlists)('$id has a negative sample that its allowlists drop', (rule) => {
    const fates = rule.samples.negative.flatMap((sample) =>
      examineRule(rule, expandSample(sample, SEEDS[0]!)).map((c) => c.dropped),
    );
    expect(fates).toContain('allowlist');
  });

  it.each(negatives)('$id ignores negative sample $index', ({ rule, sample }) => {
    for (const seed of SEEDS) {
      const text = expandSample(sample, seed);
      expect(findWithRule(rule, text), describeCandidates(rule, text)).toEqual([]);
    }
  });
});
