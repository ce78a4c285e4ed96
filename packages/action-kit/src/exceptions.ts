import { z } from 'zod';

/** The last day an exception holds, written YYYY-MM-DD (UTC), as every policy section takes it. */
export const ExpiryDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(
    (value) =>
      !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
      new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    'is not a calendar date',
  );

/** Today's date as policies write it (UTC). */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** True when an exception whose last day is `expires` no longer holds on `date` (YYYY-MM-DD). */
export function hasExpired(expires: string, date: string): boolean {
  return expires < date;
}
