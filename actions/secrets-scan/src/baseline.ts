import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { keyedHash } from '@devsecops/findings';
import { ConfigurationError } from '@devsecops/action-kit';

/**
 * A baseline: the secrets known when it was written, each as a keyed hash of rule id and secret.
 * It holds neither secrets nor paths, so moving a line or a file does not bring a finding back,
 * while a new secret, even on the same line, is still reported.
 */
export interface Baseline {
  version: 1;
  /** Random per baseline; without it the hashes cannot be tested against guesses elsewhere. */
  key: string;
  createdAt: string;
  entries: { hash: string; rule: string }[];
}

/** The hash a baseline stores for a secret found by a rule. */
export function baselineHash(key: string, ruleId: string, secret: string): string {
  return keyedHash(key, ruleId, secret);
}

/** Creates a baseline from (rule id, secret) pairs; duplicates collapse. */
export function createBaseline(
  found: Iterable<{ ruleId: string; secret: string }>,
  now = new Date(),
): Baseline {
  const key = randomBytes(32).toString('hex');
  const entries = new Map<string, { hash: string; rule: string }>();
  for (const f of found) {
    const hash = baselineHash(key, f.ruleId, f.secret);
    entries.set(hash, { hash, rule: f.ruleId });
  }
  return {
    version: 1,
    key,
    createdAt: now.toISOString(),
    entries: [...entries.values()].sort(
      (a, b) => a.rule.localeCompare(b.rule) || a.hash.localeCompare(b.hash),
    ),
  };
}

/** A loaded baseline, ready to test findings against. */
export interface BaselineIndex {
  path: string;
  size: number;
  has(ruleId: string, secret: string): boolean;
}

const REGENERATE = 'Regenerate it with devsecops secrets baseline.';

/** Reads and checks a baseline file; every problem is a ConfigurationError naming the file. */
export async function readBaseline(path: string, shown: string = path): Promise<BaselineIndex> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(
      `Cannot read baseline file "${shown}" (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check the baseline path or ${REGENERATE.toLowerCase()}`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const line = jsonErrorLine(text, error as Error);
    throw new ConfigurationError(
      `Baseline file "${shown}" is not valid JSON${line ? ` (line ${line})` : ''}. ${REGENERATE}`,
    );
  }
  const b = doc as Partial<Baseline>;
  if (
    typeof doc !== 'object' ||
    doc === null ||
    b.version !== 1 ||
    typeof b.key !== 'string' ||
    b.key.length < 16 ||
    !Array.isArray(b.entries) ||
    b.entries.some((e) => typeof e?.hash !== 'string' || typeof e?.rule !== 'string')
  ) {
    throw new ConfigurationError(
      `Baseline file "${shown}" is not a devsecops secrets baseline (version 1). ${REGENERATE}`,
    );
  }
  const hashes = new Set(b.entries.map((e) => e.hash));
  const key = b.key;
  return {
    path,
    size: hashes.size,
    has: (ruleId, secret) => hashes.has(baselineHash(key, ruleId, secret)),
  };
}

/** Writes a baseline as stable, reviewable JSON. */
export async function writeBaselineFile(path: string, baseline: Baseline): Promise<void> {
  await writeFile(path, JSON.stringify(baseline, null, 2) + '\n', 'utf8');
}

/** The 1-based line of a JSON syntax error: from the message when it says, else by scanning. */
function jsonErrorLine(text: string, error: Error): number | undefined {
  const line = /line (\d+)/.exec(error.message);
  if (line) return Number(line[1]);
  const pos = /position (\d+)/.exec(error.message);
  const at = pos ? Number(pos[1]) : findJsonError(text);
  return text.slice(0, at).split('\n').length;
}

/** The offset of the first JSON syntax error (Node 20's messages do not always give one). */
function findJsonError(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (c === '"') {
      string();
    } else {
      const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
      if (!m) fail();
      i += m![0].length;
    }
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    ws();
    return i;
  } catch (at) {
    return typeof at === 'number' ? at : 0;
  }
}
