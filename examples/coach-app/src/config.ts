// FLAW (secrets): an AWS key pair committed as the fallback for local runs. Synthetic values
// (the key id spells PLANTEDCOACHAPP); they grant nothing, but the scanner must treat them as real.
const FALLBACK_AWS_ACCESS_KEY_ID = 'AKIAPLANTEDCOACHAPP2';
const FALLBACK_AWS_SECRET_ACCESS_KEY = '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';

/** Settings read from the environment, with the defaults a hurried developer left in. */
export const config = {
  region: process.env.AWS_REGION ?? 'eu-west-1',
  exportsBucket: process.env.EXPORTS_BUCKET ?? 'coach-app-exports',
  awsAccessKeyId: process.env.AWS_ACCESS_KEY_ID ?? FALLBACK_AWS_ACCESS_KEY_ID,
  awsSecretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? FALLBACK_AWS_SECRET_ACCESS_KEY,
};
