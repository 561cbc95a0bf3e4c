// What the README's screenshots show (tools/docs-screenshots.ts): four tenants in three
// environments, each a fake tenant with its own seeded credentials, configs and defaults, and two
// drafts. Every secret here is made up; the fake tenants accept any.
import type { FakeTenantOptions } from '../test/fake-tenant/server';

export interface ShownTenant {
  name: string;
  environment: { label: string; color: string };
  labels: string[];
  fake: FakeTenantOptions;
}

// The colours the tenant form offers for these environments (src-shared/tenant-profile.ts).
const production = { label: 'production', color: '#cf222e' };
const staging = { label: 'staging', color: '#bf8700' };
const sandbox = { label: 'sandbox', color: '#1a7f37' };

/**
 * Seeded credentials cycle through the guide's eight variants with the same secrets on every
 * tenant, so "My OpenAI Account #1" holds one key on all four: the Rotate keys screen finds it there.
 */
export const shownTenants: ShownTenant[] = [
  {
    name: 'Acme Production',
    environment: production,
    labels: ['eu-west', 'finance'],
    fake: { tls: true, seedCredentials: 6, seedConfigs: 9, seedPreference: true, seedAgents: 2 },
  },
  {
    name: 'Acme Staging',
    environment: staging,
    labels: ['eu-west', 'finance'],
    fake: { tls: true, seedCredentials: 3, seedConfigs: 4, seedPreference: true },
  },
  {
    name: 'Globex Sandbox',
    environment: sandbox,
    labels: ['us-east', 'trial'],
    fake: { tls: true, seedCredentials: 2, seedConfigs: 2 },
  },
  {
    name: 'Initech Production',
    environment: production,
    labels: ['us-east'],
    fake: { tls: true, seedCredentials: 8, seedConfigs: 12, seedPreference: true, seedAgents: 3 },
  },
];

/** The tenant the Setup screen runs on: a staging one, so no name has to be typed. */
export const setupTenant = 'Acme Staging';
/** The credential the Rotate keys screen starts from, and the tenant whose row it is picked on. */
export const rotationSource = { credential: 'My OpenAI Account #1', tenant: 'Acme Staging' };
/** The key of that credential on every tenant (made up). */
export const sharedOpenAiKey = 'sk-proj-Tm4vQ9xZ2bL7wR1kP8sD3fA6';

/** Inputs of `window.byomDesk.saveDraft`: one complete draft, one still missing its key. */
export const shownDrafts = [
  {
    content: {
      title: 'EU Bedrock rollout',
      providerId: 'bedrock',
      values: { name: 'Bedrock EU', aws_access_key_id: 'AKIA4EXAMPLE7Q2XRZ3N', aws_region: 'eu-central-1' },
      models: [
        {
          modelId: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
          name: 'Claude Sonnet 4.5 (EU)',
          isEmbedding: false,
          dimensions: null,
          extraConfig: null,
        },
        {
          modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
          name: 'Claude Haiku 3.5',
          isEmbedding: false,
          dimensions: null,
          extraConfig: null,
        },
        { modelId: 'amazon.titan-embed-text-v2:0', name: 'Titan embeddings v2', isEmbedding: true, dimensions: 1024, extraConfig: null },
      ],
      defaults: { llmModelId: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0', embeddingModelId: 'amazon.titan-embed-text-v2:0' },
      expiresAt: null,
      notes: 'For the EU tenants, once the data-residency review is signed off. Keys from the shared AWS account.',
    },
    secrets: { aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    clearSecrets: [],
  },
  {
    content: {
      title: 'Team OpenAI rollout',
      providerId: 'openai',
      values: { name: 'Team OpenAI' },
      models: [
        { modelId: 'gpt-4o', name: 'GPT-4o (team)', isEmbedding: false, dimensions: null, extraConfig: null },
        { modelId: 'gpt-4o-mini', name: '', isEmbedding: false, dimensions: null, extraConfig: null },
        { modelId: 'text-embedding-3-small', name: 'Team embeddings', isEmbedding: true, dimensions: 1536, extraConfig: null },
      ],
      defaults: { llmModelId: 'gpt-4o', embeddingModelId: 'text-embedding-3-small' },
      expiresAt: null,
      notes: '',
    },
    secrets: {},
    clearSecrets: [],
  },
];

/** The draft shown open on the Drafts screen. */
export const openDraftTitle = 'EU Bedrock rollout';
