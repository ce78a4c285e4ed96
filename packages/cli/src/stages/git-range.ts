import { ConfigurationError } from '@devsecops/action-kit';

/** A commit range as git rev-list takes it: reachable from `include`, not from `exclude`. */
export interface RevisionRange {
  include: string[];
  exclude: string[];
}

/**
 * Parses `--range`: `A..B` (commits in B not in A), `A..` and `..B` (HEAD on the empty side),
 * or a single revision (everything reachable from it).
 */
export function parseRange(value: string): RevisionRange {
  const text = value.trim();
  if (text === '' || text.includes('...') || /\s/.test(text) || text.startsWith('-')) {
    throw new ConfigurationError(
      `--range must be A..B (the commits in B that are not in A) or a single revision; got "${value}".`,
    );
  }
  const at = text.indexOf('..');
  if (at === -1) return { include: [text], exclude: [] };
  const from = text.slice(0, at) || 'HEAD';
  const to = text.slice(at + 2) || 'HEAD';
  if (to.includes('..')) {
    throw new ConfigurationError(`--range must contain one "..": got "${value}".`);
  }
  return { include: [to], exclude: [from] };
}
