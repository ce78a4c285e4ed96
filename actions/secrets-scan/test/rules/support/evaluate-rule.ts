/**
 * A reference reading of one rule, written for the tests from the rule format's documented
 * meaning (configs/secrets/README.md): keyword prefilter, regex, secret group, entropy and
 * gitleaks-style allowlists. The engine has its own implementation.
 */
import { RE2JS } from 're2js';
import type { RuleAllowlist, RuleSpec } from './load-rules.js';

/** A regex of the rule file compiled for JavaScript, `(?i)` moved to the flags. */
export function compileJs(source: string, extraFlags = 'gd'): RegExp {
  const folded = source.startsWith('(?i)');
  return new RegExp(folded ? source.slice(4) : source, extraFlags + (folded ? 'i' : ''));
}

/** The same regex compiled by re2js (RE2 syntax, linear time). */
export function compileRe2(source: string): RE2JS {
  return RE2JS.compile(source);
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** One match of a rule after every filter. */
export interface RuleHit {
  secret: string;
  match: string;
  start: number;
  entropy: number;
}

/** A candidate the regex found, and why (if at all) it was dropped. */
export interface RuleCandidate extends RuleHit {
  dropped?: 'empty-secret' | 'entropy' | 'allowlist';
}

/** Runs the rule's regex over `text` and reports every candidate with its fate. */
export function examineRule(rule: RuleSpec, text: string): RuleCandidate[] {
  const lower = text.toLowerCase();
  if (!rule.keywords.some((k) => lower.includes(k))) return [];

  const re = compileJs(rule.regex);
  const group = rule.secretGroup ?? 0;
  const out: RuleCandidate[] = [];
  for (const m of text.matchAll(re)) {
    const secret = m[group] ?? '';
    const candidate: RuleCandidate = {
      secret,
      match: m[0],
      start: m.index,
      entropy: shannonEntropy(secret),
    };
    if (secret === '') candidate.dropped = 'empty-secret';
    else if (rule.entropy !== undefined && candidate.entropy < rule.entropy) {
      candidate.dropped = 'entropy';
    } else if (isAllowed(rule.allowlists ?? [], secret, m[0], lineAround(text, m.index, m[0]))) {
      candidate.dropped = 'allowlist';
    }
    out.push(candidate);
  }
  return out;
}

/** The findings a rule reports on `text`: candidates that survive every filter. */
export function findWithRule(rule: RuleSpec, text: string): RuleHit[] {
  return examineRule(rule, text).filter((c) => c.dropped === undefined);
}

function isAllowed(lists: RuleAllowlist[], secret: string, match: string, line: string): boolean {
  return lists.some((list) => {
    const target =
      list.regexTarget === 'match' ? match : list.regexTarget === 'line' ? line : secret;
    const checks: boolean[] = [];
    if (list.regexes?.length) {
      checks.push(list.regexes.some((r) => compileJs(r, '').test(target)));
    }
    if (list.stopwords?.length) {
      const s = secret.toLowerCase();
      checks.push(list.stopwords.some((w) => s.includes(w.toLowerCase())));
    }
    // Path conditions never hold for inline text, which has no path.
    if (list.paths?.length) checks.push(false);
    if (checks.length === 0) return false;
    return list.condition === 'AND' ? checks.every(Boolean) : checks.some(Boolean);
  });
}

function lineAround(text: string, start: number, match: string): string {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const next = text.indexOf('\n', start + match.length);
  return text.slice(from, next < 0 ? text.length : next);
}
