import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';

/** Where the built-in rules live, from this directory. */
export const RULES_PATH = fileURLToPath(
  new URL('../../../../../configs/secrets/rules.toml', import.meta.url),
);

/** A gitleaks-style allowlist attached to one rule. */
export interface RuleAllowlist {
  description?: string;
  condition?: 'OR' | 'AND';
  regexTarget?: 'secret' | 'match' | 'line';
  regexes?: string[];
  stopwords?: string[];
  paths?: string[];
}

/** One rule as written in the TOML file. */
export interface RuleSpec {
  id: string;
  description: string;
  severity: string;
  keywords: string[];
  regex: string;
  secretGroup?: number;
  entropy?: number;
  tags?: string[];
  allowlists?: RuleAllowlist[];
  samples: { positive: string[]; negative: string[] };
}

/** The rules file as parsed. */
export interface RuleFile {
  title: string;
  rules: RuleSpec[];
}

/** The raw text of the rules file. */
export function readRulesText(): string {
  return readFileSync(RULES_PATH, 'utf8');
}

/** Parses the rules file; shapes are asserted by the tests, not here. */
export function loadRules(): RuleFile {
  return parse(readRulesText()) as unknown as RuleFile;
}
