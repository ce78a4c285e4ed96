import { readFile } from 'node:fs/promises';

/** One line of a `.gitleaksignore` file. */
export interface IgnoreEntry {
  commit?: string;
  path: string;
  ruleId: string;
  line: number;
}

/**
 * Parses `.gitleaksignore`: one gitleaks fingerprint a line, `commit:file:rule:line` for history
 * findings or `file:rule:line` for files; `#` starts a comment. Malformed lines are skipped.
 */
export function parseGitleaksIgnore(text: string): IgnoreEntry[] {
  const out: IgnoreEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const parts = line.split(':');
    if (parts.length < 3) continue;
    const lineNo = Number(parts.pop());
    const ruleId = parts.pop()!;
    if (!Number.isInteger(lineNo) || !ruleId) continue;
    let commit: string | undefined;
    if (parts.length > 1 && /^[0-9a-f]{7,64}$/i.test(parts[0]!)) commit = parts.shift();
    out.push({ commit, path: parts.join(':'), ruleId, line: lineNo });
  }
  return out;
}

/** Reads `.gitleaksignore` if present. */
export async function readGitleaksIgnore(path: string): Promise<IgnoreEntry[]> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return text === undefined ? [] : parseGitleaksIgnore(text);
}

/** True when an entry names this finding (an entry with a commit matches only that commit). */
export function isIgnored(
  entries: readonly IgnoreEntry[],
  f: { path: string; ruleId: string; line: number; commit?: string },
): boolean {
  return entries.some(
    (e) =>
      e.path === f.path &&
      e.ruleId === f.ruleId &&
      e.line === f.line &&
      (e.commit === undefined || (f.commit !== undefined && f.commit.startsWith(e.commit))),
  );
}
