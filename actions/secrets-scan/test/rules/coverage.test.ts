import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findWithRule } from './support/evaluate-rule.js';
import { loadRules, readRulesText, RULES_PATH } from './support/load-rules.js';

const { rules } = loadRules();
const byId = new Map(rules.map((r) => [r.id, r]));

/** Formats this toolkit's own stack depends on, and the rule that must cover each. */
const MUST_HAVE: [format: string, ruleId: string][] = [
  ['GitHub classic PAT (ghp_)', 'github-pat'],
  ['GitHub fine-grained PAT (github_pat_)', 'github-fine-grained-pat'],
  ['GitHub OAuth token (gho_)', 'github-oauth'],
  ['GitHub App user-to-server token (ghu_)', 'github-app-token'],
  ['GitHub App installation token (ghs_)', 'github-app-token'],
  ['GitHub refresh token (ghr_)', 'github-refresh-token'],
  ['AWS access key id', 'aws-access-token'],
  ['AWS secret access key', 'aws-secret-access-key'],
  ['Anthropic API key', 'anthropic-api-key'],
  ['Anthropic admin key', 'anthropic-admin-api-key'],
  ['Anthropic OAuth token', 'anthropic-oauth-token'],
  ['OpenAI project key', 'openai-api-key'],
  ['OpenAI service account key', 'openai-api-key'],
  ['OpenAI admin key', 'openai-api-key'],
  ['Slack bot token', 'slack-bot-token'],
  ['Slack user token', 'slack-user-token'],
  ['Slack app-level token', 'slack-app-token'],
  ['Slack configuration token', 'slack-config-access-token'],
  ['Slack webhook', 'slack-webhook-url'],
  ['Stripe live secret key', 'stripe-access-token'],
  ['Stripe restricted key', 'stripe-restricted-key'],
  ['Stripe webhook secret', 'stripe-webhook-secret'],
  ['npm token', 'npm-access-token'],
  ['.npmrc _authToken', 'npmrc-auth-token'],
  ['.npmrc _auth', 'npmrc-auth'],
  ['Google API key', 'gcp-api-key'],
  ['Google service account JSON', 'gcp-service-account'],
  ['Azure storage account key', 'azure-storage-account-key'],
  ['Azure AD client secret', 'azure-ad-client-secret'],
  ['Okta API token', 'okta-access-token'],
  ['Twilio API key', 'twilio-api-key'],
  ['Twilio account SID', 'twilio-account-sid'],
  ['SendGrid API key', 'sendgrid-api-token'],
  ['GitLab PAT', 'gitlab-pat'],
  ['GitLab deploy token', 'gitlab-deploy-token'],
  ['GitLab runner token', 'gitlab-runner-authentication-token'],
  ['GitLab pipeline trigger token', 'gitlab-ptt'],
  ['GitLab runner registration token', 'gitlab-rrt'],
  ['Hugging Face token', 'huggingface-access-token'],
  ['OpenRouter key', 'openrouter-api-key'],
  ['Vault service token', 'vault-service-token'],
  ['Vault batch token', 'vault-batch-token'],
  ['Vault legacy token', 'vault-legacy-token'],
  ['Doppler personal token', 'doppler-api-token'],
  ['Doppler service token', 'doppler-service-token'],
  ['DigitalOcean PAT', 'digitalocean-pat'],
  ['DigitalOcean OAuth token', 'digitalocean-access-token'],
  ['DigitalOcean refresh token', 'digitalocean-refresh-token'],
  ['Shopify access token', 'shopify-access-token'],
  ['Shopify custom app token', 'shopify-custom-access-token'],
  ['Shopify private app token', 'shopify-private-app-access-token'],
  ['Shopify shared secret', 'shopify-shared-secret'],
  ['Postman API key', 'postman-api-token'],
  ['Databricks token', 'databricks-api-token'],
  ['PyPI upload token', 'pypi-upload-token'],
  ['age secret key', 'age-secret-key'],
  ['JWT', 'jwt'],
  ['PEM private keys', 'private-key'],
  ['PostgreSQL URL', 'postgres-connection-url'],
  ['MySQL URL', 'mysql-connection-url'],
  ['MongoDB URL', 'mongodb-connection-url'],
  ['Redis URL', 'redis-connection-url'],
  ['AMQP URL', 'amqp-connection-url'],
  ['ADO.NET connection string', 'ado-net-connection-string'],
  ['Key/value connection string', 'libpq-connection-string'],
  ['Atlassian API token', 'atlassian-api-token'],
  ['Bitbucket app password', 'bitbucket-app-password'],
  ['Cloudflare API token', 'cloudflare-api-key'],
  ['Datadog API key', 'datadog-api-key'],
  ['Discord bot token', 'discord-bot-token'],
  ['Dropbox token', 'dropbox-long-lived-api-token'],
  ['Figma token', 'figma-pat'],
  ['Fastly token', 'fastly-api-token'],
  ['Heroku API key', 'heroku-api-key-v2'],
  ['Linear API key', 'linear-api-key'],
  ['Mailchimp API key', 'mailchimp-api-key'],
  ['Mailgun API key', 'mailgun-private-api-token'],
  ['New Relic user key', 'new-relic-user-api-key'],
  ['Notion token', 'notion-api-token'],
  ['Pulumi token', 'pulumi-api-token'],
  ['Sentry token', 'sentry-user-token'],
  ['Telegram bot token', 'telegram-bot-api-token'],
  ['Terraform Cloud token', 'hashicorp-tf-api-token'],
  ['Grafana token', 'grafana-service-account-token'],
  ['Square token', 'square-access-token'],
  ['Braintree token', 'braintree-access-token'],
  ['PayPal client secret', 'paypal-client-secret'],
  ['Alibaba access key', 'alibaba-access-key-id'],
  ['Tencent secret id', 'tencent-secret-id'],
  ['Twitch token', 'twitch-api-token'],
  ['Generic secret assignment', 'generic-api-key'],
];

describe('rule coverage', () => {
  it('has at least 150 rules', () => {
    expect(rules.length).toBeGreaterThanOrEqual(150);
  });

  it.each(MUST_HAVE)('covers %s with %s', (_format, ruleId) => {
    expect(byId.has(ruleId)).toBe(true);
  });

  it('rates the generic rule medium', () => {
    expect(byId.get('generic-api-key')?.severity).toBe('medium');
  });
});

describe('the rule files scan clean', () => {
  // The repository scans itself: rules.toml and its README must yield no finding of any rule.
  const files = [RULES_PATH, join(dirname(RULES_PATH), 'README.md')];

  it.each(files)('no rule reports anything in %s', (path) => {
    const text = path === RULES_PATH ? readRulesText() : readFileSync(path, 'utf8');
    const findings = rules.flatMap((rule) => {
      const whole = findWithRule(rule, text);
      const byLine = text.split('\n').flatMap((line) => findWithRule(rule, line));
      return [...whole, ...byLine].map((hit) => `${rule.id}: ${hit.match}`);
    });
    expect(findings).toEqual([]);
  });
});
