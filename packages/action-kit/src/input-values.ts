import { parseSeverity, type Severity } from '@devsecops/findings';
import { ConfigurationError } from './errors.js';

/** When to comment on a pull request. */
export type CommentMode = 'always' | 'on-failure' | 'never';

/** Parses a severity threshold, naming the input or flag when it is not one. */
export function parseThreshold(value: string, name: string): Severity {
  const severity = parseSeverity(value);
  if (!severity) {
    throw new ConfigurationError(
      `${name} must be one of critical, high, medium, low, info; got "${value}".`,
    );
  }
  return severity;
}

/** Parses the `comment-on-pr` input. */
export function parseCommentMode(value: string | undefined): CommentMode {
  const v = (value ?? 'on-failure').trim();
  if (v === 'always' || v === 'on-failure' || v === 'never') return v;
  if (v === 'true') return 'always';
  if (v === 'false') return 'never';
  throw new ConfigurationError(
    `Input "comment-on-pr" must be always, on-failure or never; got "${v}".`,
  );
}
