import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigurationError } from './errors.js';

/** The policy sections of the stages this version implements. */
export const POLICY_SECTIONS = ['secrets', 'deps'] as const;

/** Where the policy file lives in a repository unless told otherwise. */
export const DEFAULT_POLICY_PATH = '.github/devsecops.yml';

/** A policy file after `extends` is resolved: one raw object per top-level key. */
export interface PolicyDocument {
  /** The files read, the given one first, then what it extends. */
  files: string[];
  /** The merged document; each stage parses its own section with its own schema. */
  data: Record<string, unknown>;
}

/**
 * Reads a policy file and what it `extends` (a path relative to the file). The extending file
 * wins key by key; lists are replaced, not concatenated. Returns an empty policy when the
 * default file does not exist; a missing explicit file is a configuration error.
 */
export async function loadPolicy(
  path: string | undefined,
  cwd: string,
  seen: Set<string> = new Set(),
): Promise<PolicyDocument> {
  const explicit = path !== undefined;
  const file = resolve(cwd, path ?? DEFAULT_POLICY_PATH);
  if (seen.has(file)) {
    throw new ConfigurationError(
      `Policy file "${file}" extends itself through a cycle; remove one extends.`,
    );
  }
  seen.add(file);

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return { files: [], data: {} };
    throw new ConfigurationError(
      `Cannot read policy file "${path ?? DEFAULT_POLICY_PATH}" (${code ?? 'error'}). Check the path given to config.`,
    );
  }

  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const line = text.slice(0, first.pos[0]).split('\n').length;
    throw new ConfigurationError(
      `Policy file "${path ?? DEFAULT_POLICY_PATH}" is not valid YAML${line ? ` (line ${line})` : ''}: ${first.message.split('\n')[0]}`,
    );
  }
  const value: unknown = doc.toJS() ?? {};
  if (typeof value !== 'object' || Array.isArray(value) || value === null) {
    throw new ConfigurationError(
      `Policy file "${path ?? DEFAULT_POLICY_PATH}" must be a mapping with a section per stage (secrets, deps, sbom, sast, dast).`,
    );
  }
  const data = { ...(value as Record<string, unknown>) };
  const unknown = Object.keys(data).filter(
    (key) => key !== 'extends' && !(POLICY_SECTIONS as readonly string[]).includes(key),
  );
  if (unknown.length > 0) {
    throw new ConfigurationError(
      `Policy file "${path ?? DEFAULT_POLICY_PATH}" has an unknown section "${unknown[0]}"; the sections are ${POLICY_SECTIONS.join(', ')} (and extends).`,
    );
  }
  const parent = data['extends'];
  delete data['extends'];
  if (parent === undefined) return { files: [file], data };
  if (typeof parent !== 'string') {
    throw new ConfigurationError(`"extends" in "${file}" must be a path to another policy file.`);
  }
  const base = await loadPolicy(
    isAbsolute(parent) ? parent : resolve(dirname(file), parent),
    cwd,
    seen,
  );
  return { files: [file, ...base.files], data: mergeDeep(base.data, data) };
}

function mergeDeep(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prior = out[key];
    out[key] = isPlainObject(prior) && isPlainObject(value) ? mergeDeep(prior, value) : value;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses one stage's section with its schema, listing every problem with its path as users
 * type it (`deps.exceptions[0].expires: ...`).
 */
export function parsePolicySection<S extends z.ZodType>(
  doc: PolicyDocument,
  section: string,
  schema: S,
): z.infer<S> {
  const result = schema.safeParse(doc.data[section] ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = [section, ...issue.path]
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
      .join('');
    return `${where}: ${issue.message}`;
  });
  const file = doc.files[0] ?? DEFAULT_POLICY_PATH;
  throw new ConfigurationError(`Policy file "${file}" is invalid: ${problems.join('; ')}.`);
}
