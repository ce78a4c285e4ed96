import { z } from 'zod';

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** Says "is required" for a missing key, rather than which type was expected. */
const REQUIRED = {
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : undefined),
};

/** The last day an exception holds, written YYYY-MM-DD (UTC), as every policy section takes it. */
export const ExpiryDateSchema = z
  .string(REQUIRED)
  .regex(DATE_SHAPE, 'must be a date written YYYY-MM-DD')
  // One problem per value: a date of the wrong shape is not also said to be no calendar date.
  .refine(
    (value) =>
      !DATE_SHAPE.test(value) ||
      (!Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
        new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)),
    'is not a calendar date',
  );

/** Text that must say something: required, and not blank. */
export function requiredText(): z.ZodString {
  return z.string(REQUIRED).trim().min(1, 'must not be empty');
}

/** Today's date as policies write it (UTC). */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** True when an exception whose last day is `expires` no longer holds on `date` (YYYY-MM-DD). */
export function hasExpired(expires: string, date: string): boolean {
  return expires < date;
}
