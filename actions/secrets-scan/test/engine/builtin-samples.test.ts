import { describe, expect, it } from 'vitest';
import { builtinRulesPath, loadBuiltinRules } from '../../src/engine/config.js';
import { createDetector } from '../../src/engine/detector.js';
import { scanText, shannonEntropy } from '../../src/lib.js';
import { expandSample, prng } from './helpers.js';

const { rules, allowlists } = loadBuiltinRules(builtinRulesPath());
const detector = createDetector(rules, { allowlists });
const rand = prng(20240601);

/**
 * Positive samples whose secret another rule also matches on the same span. The engine reports
 * a secret once: a rule that knows the secret's format (its keyword is part of the secret, such
 * as `npm_` or `ghp_`) wins over one that knows only the context, then the earlier rule.
 */
const OVERLAPS: Record<string, string[]> = {
  // An npm token in .npmrc is an npm token first.
  'npmrc-auth-token#0': ['npm-access-token'],
  // A GitHub token as the .npmrc password of the GitHub registry.
  'npmrc-auth-token#1': ['github-pat'],
  // A GitHub token as a netrc password.
  'netrc-credentials#1': ['github-pat'],
};

/**
 * Expands a positive sample, drawing again (a few times) when chance gives its secret less
 * entropy than the rule demands: 32 random hex digits fall under 3.0 bits about once in fifty.
 */
function drawPositive(ruleId: string, sample: string): string {
  const rule = rules.find((r) => r.id === ruleId)!;
  let text = expandSample(sample, rand);
  for (let attempt = 0; attempt < 5 && rule.entropy !== undefined; attempt++) {
    const m = rule.pattern?.matchAll(text)[0];
    const secret = m && (m.groups[rule.secretGroup ?? 1] ?? m.groups[0]);
    if (!secret || shannonEntropy(secret) >= rule.entropy) break;
    text = expandSample(sample, rand);
  }
  return text;
}

const positives = rules.flatMap((rule) =>
  (rule.samples?.positive ?? []).map((sample, i) => ({ rule: rule.id, i, sample })),
);
const negatives = rules.flatMap((rule) =>
  (rule.samples?.negative ?? []).map((sample, i) => ({ rule: rule.id, i, sample })),
);

describe('built-in rules', () => {
  it('every rule carries positive and negative samples', () => {
    const missing = rules.filter(
      (r) => !r.samples || r.samples.positive.length === 0 || r.samples.negative.length === 0,
    );
    expect(missing.map((r) => r.id)).toEqual([]);
  });

  it('every rule has keywords (else it runs on every line)', () => {
    expect(rules.filter((r) => r.keywords.length === 0).map((r) => r.id)).toEqual([]);
  });

  it.each(positives)('$rule finds its positive sample $i', ({ rule, i, sample }) => {
    const text = drawPositive(rule, sample);
    const found = scanText(`${text}\n`, 'config/settings.env', detector);
    const shown = text.replace(/[A-Za-z0-9]{12,}/g, (m) => `${m.slice(0, 6)}…`);
    const owners = [rule, ...(OVERLAPS[`${rule}#${i}`] ?? [])];
    // One finding per secret: the sample's secret is reported once, by the rule or its rival.
    expect(
      found.filter((f) => owners.includes(f.ruleId)),
      shown,
    ).toHaveLength(1);
  });

  it.each(negatives)('$rule stays quiet on its negative sample $i', ({ rule, sample }) => {
    const text = expandSample(sample, rand);
    const found = scanText(`${text}\n`, 'config/settings.env', detector).filter(
      (f) => f.ruleId === rule,
    );
    expect(found).toHaveLength(0);
  });
});
