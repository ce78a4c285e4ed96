import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError, EnvironmentError } from '@devsecops/action-kit';
import { assertRulesUsable, parseRuleFile, type Allowlist, type Rule } from './rules.js';

/**
 * Where the built-in rules are looked for: beside the sources in the repository, or copied next
 * to a bundle (`dist/rules.toml`).
 */
const BUILTIN_CANDIDATES = [
  '../../../../configs/secrets/rules.toml',
  '../../../configs/secrets/rules.toml',
  './rules.toml',
  './configs/secrets/rules.toml',
];

/** The path of the built-in rules file. */
export function builtinRulesPath(): string {
  const env = process.env['DEVSECOPS_SECRETS_RULES'];
  if (env) return env;
  for (const candidate of BUILTIN_CANDIDATES) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new EnvironmentError(
    'The built-in secret rules (configs/secrets/rules.toml) are missing from this installation.',
  );
}

let builtinCache: { path: string; rules: Rule[]; allowlists: Allowlist[] } | undefined;

/** The built-in rules (configs/secrets/rules.toml), parsed once; patterns run natively. */
export function loadBuiltinRules(path: string = builtinRulesPath()): {
  rules: Rule[];
  allowlists: Allowlist[];
} {
  if (builtinCache?.path === path) return builtinCache;
  const parsed = parseRuleFile(readFileSync(path, 'utf8'), path, 'native');
  assertRulesUsable(parsed.rules, path);
  builtinCache = { path, rules: parsed.rules, allowlists: parsed.allowlists };
  return builtinCache;
}

/** The rules and global allowlists in force after a gitleaks config is applied. */
export interface RuleSet {
  rules: Rule[];
  allowlists: Allowlist[];
  /** The configuration files read, for notes. */
  files: string[];
}

/**
 * Reads a gitleaks configuration. Without `[extend]` its rules replace the built-in ones, as in
 * gitleaks; `useDefault` adds the built-in rules (a rule with the same id is merged, the user's
 * fields winning and allowlists added), `path` extends another file, and `disabledRules` drops
 * rules by id. User patterns are RE2 syntax and run on re2js.
 */
export async function loadGitleaksConfig(
  path: string,
  cwd: string,
  builtin: () => { rules: Rule[]; allowlists: Allowlist[] } = () => loadBuiltinRules(),
  depth = 0,
): Promise<RuleSet> {
  const file = isAbsolute(path) ? path : resolve(cwd, path);
  // Below the scanned folder, as the repository names it; elsewhere, where it is.
  const below = relative(cwd, file);
  const shown = below && !below.startsWith('..') && !isAbsolute(below) ? below : file;
  if (depth > 4)
    throw new ConfigurationError(
      `Gitleaks config "${shown}": [extend] is nested too deeply (a cycle?).`,
    );
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(
      `Cannot read gitleaks config "${shown}" (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check gitleaks-config.`,
    );
  }
  const parsed = parseRuleFile(text, shown, 're2');

  let base: RuleSet = { rules: [], allowlists: [], files: [] };
  if (parsed.extend?.path) {
    base = await loadGitleaksConfig(
      resolve(dirname(file), parsed.extend.path),
      cwd,
      builtin,
      depth + 1,
    );
  } else if (parsed.extend?.useDefault) {
    const b = builtin();
    base = { rules: [...b.rules], allowlists: [...b.allowlists], files: [] };
  }

  const rules = new Map(base.rules.map((r) => [r.id, r]));
  for (const rule of parsed.rules) {
    const prior = rules.get(rule.id);
    rules.set(rule.id, prior ? mergeRule(prior, rule) : rule);
  }
  for (const id of parsed.extend?.disabledRules ?? []) rules.delete(id);
  assertRulesUsable([...rules.values()], shown);

  return {
    rules: [...rules.values()],
    allowlists: [...base.allowlists, ...parsed.allowlists],
    files: [file, ...base.files],
  };
}

function mergeRule(base: Rule, over: Rule): Rule {
  return {
    ...base,
    ...over,
    pattern: over.pattern ?? base.pattern,
    path: over.path ?? base.path,
    keywords: over.keywords.length > 0 ? over.keywords : base.keywords,
    title: over.title !== over.id ? over.title : base.title,
    allowlists: [...base.allowlists, ...over.allowlists],
    severity: over.severityGiven ? over.severity : base.severity,
    generic: base.generic || over.generic,
    multiline: over.pattern ? over.multiline : base.multiline,
    samples: over.samples ?? base.samples,
    secretGroup: over.secretGroup ?? base.secretGroup,
    entropy: over.entropy ?? base.entropy,
  };
}
