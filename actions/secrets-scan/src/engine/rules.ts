import type { Severity } from '@devsecops/findings';
import { parseSeverity } from '@devsecops/findings';
import { ConfigurationError } from '@devsecops/action-kit';
import { parse as parseToml } from 'smol-toml';
import { compileNative, compileRe2, PatternSyntaxError, type Pattern } from './pattern.js';

/** An allowlist as gitleaks defines it: a finding matching it is dropped. */
export interface Allowlist {
  description?: string;
  /** OR: any one criterion drops the finding; AND: every criterion given must match. */
  condition: 'OR' | 'AND';
  commits: string[];
  paths: Pattern[];
  regexes: Pattern[];
  /** What `regexes` are matched against. */
  regexTarget: 'secret' | 'match' | 'line';
  /** Lowercase words; a secret containing one is dropped. */
  stopwords: string[];
  /** For global allowlists: only these rules (all when absent). */
  targetRules?: string[];
}

/** A detection rule, built-in or from a gitleaks configuration. */
export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  /** Absent for path-only rules, which flag a file by its name. */
  pattern?: Pattern;
  secretGroup?: number;
  /** Minimum Shannon entropy of the secret, bits per character. */
  entropy?: number;
  /** Lowercase; the rule runs only where one of them occurs. None: the rule runs everywhere. */
  keywords: string[];
  path?: Pattern;
  allowlists: Allowlist[];
  tags: string[];
  /** Generic rules give way to specific ones on the same span and get stricter filters. */
  generic: boolean;
  /** Whether a match can span lines (private key blocks): such rules see more than the line. */
  multiline: boolean;
  samples?: { positive: string[]; negative: string[] };
  /** Whether the file gave a severity (else `high`); an extending rule keeps the base's. */
  severityGiven?: boolean;
}

/** A parsed rules file: the built-in one or a gitleaks configuration. */
export interface RuleFile {
  rules: Rule[];
  allowlists: Allowlist[];
  extend?: { useDefault: boolean; path?: string; disabledRules: string[] };
}

/** Which engine a file's patterns run on: reviewed built-ins natively, users' on re2js. */
export type PatternEngine = 'native' | 're2';

/** Parses gitleaks-shaped TOML (with our `severity` and `samples` keys) into rules. */
export function parseRuleFile(text: string, file: string, engine: PatternEngine): RuleFile {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    const line = (error as { line?: number }).line;
    throw new ConfigurationError(
      `Gitleaks config "${file}" is not valid TOML${line ? ` (line ${line})` : ''}: ${firstLine((error as Error).message)}`,
    );
  }
  const ctx = { file, engine };

  const rules: Rule[] = [];
  const rawRules = doc['rules'];
  if (rawRules !== undefined && !Array.isArray(rawRules)) {
    throw new ConfigurationError(
      `Gitleaks config "${file}": "rules" must be an array of tables ([[rules]]).`,
    );
  }
  const seen = new Set<string>();
  for (const [i, raw] of (rawRules ?? []).entries()) {
    const rule = parseRule(raw, i, ctx);
    if (seen.has(rule.id)) {
      throw new ConfigurationError(
        `Gitleaks config "${file}": rule id "${rule.id}" is defined twice.`,
      );
    }
    seen.add(rule.id);
    rules.push(rule);
  }

  const allowlists: Allowlist[] = [];
  if (isTable(doc['allowlist']))
    allowlists.push(parseAllowlist(doc['allowlist'], 'allowlist', ctx));
  if (Array.isArray(doc['allowlists'])) {
    for (const [i, raw] of doc['allowlists'].entries()) {
      allowlists.push(parseAllowlist(raw, `allowlists[${i}]`, ctx));
    }
  }

  let extend: RuleFile['extend'];
  if (isTable(doc['extend'])) {
    const e = doc['extend'];
    extend = {
      useDefault: e['useDefault'] === true,
      path: optionalString(e['path'], 'extend.path', ctx),
      disabledRules: stringList(e['disabledRules'], 'extend.disabledRules', ctx),
    };
  }
  return { rules, allowlists, extend };
}

interface Context {
  file: string;
  engine: PatternEngine;
}

function parseRule(raw: unknown, index: number, ctx: Context): Rule {
  if (!isTable(raw))
    throw new ConfigurationError(`Gitleaks config "${ctx.file}": rules[${index}] must be a table.`);
  const id = raw['id'];
  if (typeof id !== 'string' || id.trim() === '') {
    throw new ConfigurationError(
      `Gitleaks config "${ctx.file}": rules[${index}] has no "id"; give every rule a unique id.`,
    );
  }
  const where = `rule "${id}"`;
  const regex = optionalString(raw['regex'], `${where} regex`, ctx);
  const path = optionalString(raw['path'], `${where} path`, ctx);
  const pattern = regex === undefined ? undefined : compile(regex, `${where} regex`, ctx);

  const severityRaw = raw['severity'];
  let severity: Severity = 'high';
  if (severityRaw !== undefined) {
    const parsed = typeof severityRaw === 'string' ? parseSeverity(severityRaw) : undefined;
    if (!parsed) {
      throw new ConfigurationError(
        `Gitleaks config "${ctx.file}": ${where} severity must be critical, high, medium, low or info.`,
      );
    }
    severity = parsed;
  }

  const secretGroup = optionalNumber(raw['secretGroup'], `${where} secretGroup`, ctx);
  const entropy = optionalNumber(raw['entropy'], `${where} entropy`, ctx);
  const keywords = stringList(raw['keywords'], `${where} keywords`, ctx).map((k) =>
    k.toLowerCase(),
  );
  const tags = stringList(raw['tags'], `${where} tags`, ctx);

  const allowlists: Allowlist[] = [];
  if (isTable(raw['allowlist']))
    allowlists.push(parseAllowlist(raw['allowlist'], `${where} allowlist`, ctx));
  if (Array.isArray(raw['allowlists'])) {
    for (const [i, a] of raw['allowlists'].entries()) {
      allowlists.push(parseAllowlist(a, `${where} allowlists[${i}]`, ctx));
    }
  }

  let samples: Rule['samples'];
  if (isTable(raw['samples'])) {
    samples = {
      positive: stringList(raw['samples']['positive'], `${where} samples.positive`, ctx),
      negative: stringList(raw['samples']['negative'], `${where} samples.negative`, ctx),
    };
  }

  return {
    id,
    title: typeof raw['description'] === 'string' && raw['description'] ? raw['description'] : id,
    severity,
    severityGiven: severityRaw !== undefined,
    pattern,
    secretGroup,
    entropy,
    keywords,
    path: path === undefined ? undefined : compile(path, `${where} path`, ctx),
    allowlists,
    tags,
    generic: id.startsWith('generic') || tags.includes('generic'),
    // `\s+` between words (netrc's machine/login/password) crosses lines as readily as `\n`.
    multiline: regex !== undefined && /\\n|\[\\s\\S\]|\(\?[a-z]*s|-----BEGIN|\\s\+/.test(regex),
    samples,
  };
}

/**
 * Fails unless every rule can match something. Checked after `[extend]` merging, since an
 * extending file may name a default rule only to add an allowlist to it.
 */
export function assertRulesUsable(rules: readonly Rule[], file: string): void {
  for (const rule of rules) {
    if (!rule.pattern && !rule.path) {
      throw new ConfigurationError(
        `Gitleaks config "${file}": rule "${rule.id}" needs a "regex" or a "path".`,
      );
    }
  }
}

function parseAllowlist(raw: unknown, where: string, ctx: Context): Allowlist {
  if (!isTable(raw))
    throw new ConfigurationError(`Gitleaks config "${ctx.file}": ${where} must be a table.`);
  const condition = raw['condition'] ?? 'OR';
  if (condition !== 'OR' && condition !== 'AND') {
    throw new ConfigurationError(
      `Gitleaks config "${ctx.file}": ${where} condition must be "OR" or "AND".`,
    );
  }
  const regexTarget = raw['regexTarget'] ?? 'secret';
  if (regexTarget !== 'secret' && regexTarget !== 'match' && regexTarget !== 'line') {
    throw new ConfigurationError(
      `Gitleaks config "${ctx.file}": ${where} regexTarget must be "secret", "match" or "line".`,
    );
  }
  const targetRules = raw['targetRules'];
  return {
    description: typeof raw['description'] === 'string' ? raw['description'] : undefined,
    condition,
    regexTarget,
    commits: stringList(raw['commits'], `${where} commits`, ctx),
    paths: stringList(raw['paths'], `${where} paths`, ctx).map((p, i) =>
      compile(p, `${where} paths[${i}]`, ctx),
    ),
    regexes: stringList(raw['regexes'], `${where} regexes`, ctx).map((p, i) =>
      compile(p, `${where} regexes[${i}]`, ctx),
    ),
    stopwords: stringList(raw['stopwords'], `${where} stopwords`, ctx).map((w) => w.toLowerCase()),
    targetRules:
      targetRules === undefined ? undefined : stringList(targetRules, `${where} targetRules`, ctx),
  };
}

function compile(source: string, where: string, ctx: Context): Pattern {
  try {
    return ctx.engine === 'native' ? compileNative(source) : compileRe2(source);
  } catch (error) {
    if (error instanceof PatternSyntaxError) {
      throw new ConfigurationError(
        `Gitleaks config "${ctx.file}": ${where} is not a valid RE2 regular expression (${firstLine(error.message)}). Fix or remove it.`,
      );
    }
    throw error;
  }
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function optionalString(v: unknown, where: string, ctx: Context): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string')
    throw new ConfigurationError(`Gitleaks config "${ctx.file}": ${where} must be a string.`);
  return v;
}

function optionalNumber(v: unknown, where: string, ctx: Context): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ConfigurationError(`Gitleaks config "${ctx.file}": ${where} must be a number.`);
  }
  return v;
}

function stringList(v: unknown, where: string, ctx: Context): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw new ConfigurationError(
      `Gitleaks config "${ctx.file}": ${where} must be a list of strings.`,
    );
  }
  return v as string[];
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
