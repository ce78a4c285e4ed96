export * from './finding.js';
export * from './expired-exception.js';
export * from './fingerprint.js';
export * from './redact.js';
export * from './sarif.js';
export * from './report.js';
