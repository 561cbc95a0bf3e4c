// The one provider catalog: every variant the guide describes, with its fields (the guide's labels),
// required flags and hints, creds_type, and the provider values for validation and for configs.
// The form, the zod schemas, the request payloads, the warnings and the in-app help all read this.

export type CredsType = 'API_KEY' | 'AWS' | 'AZURE' | 'GCP';
export type ValidateProvider = 'openai' | 'anthropic' | 'bedrock' | 'azure_openai' | 'google';

export type FieldKind = 'text' | 'secret' | 'url' | 'region' | 'service-account-json';

export interface ProviderField {
  /** The request body's field name. */
  key: string;
  /** The label the guide uses. */
  label: string;
  required: boolean;
  kind: FieldKind;
  hint?: string;
  placeholder?: string;
  /** Not a secret, but replaced with the secret when a key is rotated (an AWS key pair's access key ID). */
  rotatesWithSecret?: boolean;
}

export type ProviderId =
  'openai' | 'anthropic' | 'openai_compatible' | 'bedrock' | 'azure_api_key' | 'azure_service_principal' | 'gemini' | 'vertex';

export interface ProviderVariant {
  id: ProviderId;
  /** As shown in the provider picker. */
  label: string;
  /** The guide's heading for this provider family. */
  family: string;
  description: string;
  credsType: CredsType;
  /** `provider` sent to .../validate. */
  validateProvider: ValidateProvider;
  /** How `provider` is named when creating configs: `bedrock_<region>` for Bedrock, else the validate value. */
  configProviderFrom: 'validateProvider' | 'bedrockRegion';
  fields: ProviderField[];
  /** The guide's tip or note for this provider, shown beside the form. */
  note?: string;
}

// Stryker disable all: the catalog's data (labels, hints, examples, which field is which kind). It is
// mutated through the rules that read it (isSecretField, the credential schemas, rotation matching),
// which are tested; mutating every label would test the copy, not a rule.
const nameField = (example: string): ProviderField => ({
  key: 'name',
  label: 'Name',
  required: true,
  kind: 'text',
  hint: `Display name (e.g., “${example}”)`,
});

const azureCommon: ProviderField[] = [
  {
    key: 'azure_endpoint',
    label: 'Endpoint',
    required: true,
    kind: 'url',
    placeholder: 'https://myresource.openai.azure.com/',
    hint: 'Azure OpenAI endpoint (e.g., https://myresource.openai.azure.com/)',
  },
  {
    key: 'api_version',
    label: 'API Version',
    required: true,
    kind: 'text',
    placeholder: '2024-10-21',
    hint: 'API version (e.g., 2024-10-21)',
  },
];

export const providerCatalog: readonly ProviderVariant[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    family: 'OpenAI',
    description: 'OpenAI’s own API with an API key.',
    credsType: 'API_KEY',
    validateProvider: 'openai',
    configProviderFrom: 'validateProvider',
    fields: [
      nameField('My OpenAI Account'),
      {
        key: 'api_key',
        label: 'API Key',
        required: true,
        kind: 'secret',
        placeholder: 'sk-proj-...',
        hint: 'Your OpenAI API key (sk-proj-...)',
      },
    ],
    note: 'If you encounter errors with the OpenAI provider, try Custom (OpenAI-Compatible) with the base URL https://api.openai.com/v1.',
  },
  {
    id: 'anthropic',
    label: 'Anthropic',
    family: 'Anthropic',
    description: 'Anthropic’s API with an API key.',
    credsType: 'API_KEY',
    validateProvider: 'anthropic',
    configProviderFrom: 'validateProvider',
    fields: [
      nameField('My Anthropic Account'),
      {
        key: 'api_key',
        label: 'API Key',
        required: true,
        kind: 'secret',
        placeholder: 'sk-ant-...',
        hint: 'Your Anthropic API key (sk-ant-...)',
      },
    ],
  },
  {
    id: 'openai_compatible',
    label: 'Custom (OpenAI-Compatible)',
    family: 'OpenAI-compatible',
    description: 'DeepSeek, Groq, Together AI, Fireworks, SambaNova, Cerebras, or self-hosted vLLM / Ollama.',
    credsType: 'API_KEY',
    validateProvider: 'openai',
    configProviderFrom: 'validateProvider',
    fields: [
      nameField('Groq'),
      { key: 'api_key', label: 'API Key', required: true, kind: 'secret', hint: 'Provider API key' },
      {
        key: 'base_url',
        label: 'Base URL',
        required: true,
        kind: 'url',
        placeholder: 'https://api.groq.com/openai/v1',
        hint: 'Provider’s API base URL',
      },
    ],
    note: 'Some OpenAI-compatible providers do not list their models; you can then enter model IDs by hand.',
  },
  {
    id: 'bedrock',
    label: 'AWS Bedrock',
    family: 'AWS Bedrock',
    description: 'Amazon Bedrock with IAM access keys.',
    credsType: 'AWS',
    validateProvider: 'bedrock',
    configProviderFrom: 'bedrockRegion',
    fields: [
      nameField('AWS Bedrock US West'),
      {
        key: 'aws_access_key_id',
        label: 'Access Key ID',
        required: true,
        kind: 'text',
        placeholder: 'AKIA...',
        hint: 'AWS IAM access key (AKIA...)',
        rotatesWithSecret: true,
      },
      { key: 'aws_secret_access_key', label: 'Secret Access Key', required: true, kind: 'secret', hint: 'AWS IAM secret key' },
      {
        key: 'aws_region',
        label: 'Region',
        required: true,
        kind: 'region',
        placeholder: 'us-west-2',
        hint: 'AWS region (e.g., us-west-2)',
      },
      { key: 'aws_session_token', label: 'Session Token', required: false, kind: 'secret', hint: 'For temporary STS credentials only' },
    ],
    note:
      'The IAM user needs bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream. ' +
      'Temporary (STS or Vault-managed) credentials must be replaced before they expire.',
  },
  {
    id: 'azure_api_key',
    label: 'Azure OpenAI (API Key)',
    family: 'Azure OpenAI',
    description: 'Azure OpenAI with an API key.',
    credsType: 'AZURE',
    validateProvider: 'azure_openai',
    configProviderFrom: 'validateProvider',
    fields: [
      nameField('Azure OpenAI'),
      ...azureCommon,
      { key: 'api_key', label: 'API Key', required: true, kind: 'secret', hint: 'Azure API key' },
    ],
  },
  {
    id: 'azure_service_principal',
    label: 'Azure OpenAI (Service Principal)',
    family: 'Azure OpenAI',
    description: 'Azure OpenAI with an Azure AD application (service principal).',
    credsType: 'AZURE',
    validateProvider: 'azure_openai',
    configProviderFrom: 'validateProvider',
    fields: [
      nameField('Azure OpenAI SP'),
      ...azureCommon,
      { key: 'azure_client_id', label: 'Client ID', required: true, kind: 'text', hint: 'Azure AD application (client) ID' },
      { key: 'azure_client_secret', label: 'Client Secret', required: true, kind: 'secret', hint: 'Azure AD client secret' },
      {
        key: 'azure_token_url',
        label: 'Token URL',
        required: true,
        kind: 'url',
        placeholder: 'https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/token',
        hint: 'https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/token',
      },
    ],
  },
  {
    id: 'gemini',
    label: 'Google Gemini (API Key)',
    family: 'Google (Gemini / Vertex AI)',
    description: 'Google AI Studio with an API key.',
    credsType: 'GCP',
    validateProvider: 'google',
    configProviderFrom: 'validateProvider',
    fields: [
      nameField('Gemini'),
      {
        key: 'api_key',
        label: 'API Key',
        required: true,
        kind: 'secret',
        placeholder: 'AIza...',
        hint: 'Google AI Studio API key (AIza...)',
      },
    ],
  },
  {
    id: 'vertex',
    label: 'Google Vertex AI (Service Account)',
    family: 'Google (Gemini / Vertex AI)',
    description: 'Vertex AI with a service account key.',
    credsType: 'GCP',
    validateProvider: 'google',
    configProviderFrom: 'validateProvider',
    fields: [
      nameField('Vertex AI'),
      {
        key: 'gcp_project',
        label: 'Project ID',
        required: true,
        kind: 'text',
        placeholder: 'my-project-id',
        hint: 'Google Cloud project ID',
      },
      {
        key: 'gcp_location',
        label: 'Location',
        required: true,
        kind: 'text',
        placeholder: 'us-central1',
        hint: 'Region (e.g., us-central1)',
      },
      {
        key: 'gcp_service_account',
        label: 'Service Account JSON',
        required: true,
        kind: 'service-account-json',
        hint: 'Full service account key JSON',
      },
    ],
  },
];

// Stryker restore all
export const providerIds = providerCatalog.map((p) => p.id) as [ProviderId, ...ProviderId[]];

export function providerVariant(id: ProviderId): ProviderVariant {
  const variant = providerCatalog.find((p) => p.id === id);
  if (!variant) throw new Error(`No provider variant ${id}`);
  return variant;
}

/** The guide's tip for OpenAI errors: OpenAI-compatible with this base URL, the same key. */
// Stryker disable next-line StringLiteral: the guide's address, data like the catalog above
export const openAiTipBaseUrl = 'https://api.openai.com/v1';

/** The guide's base-URL presets for OpenAI-compatible providers. */
export const openAiCompatiblePresets = [
  { label: 'DeepSeek', baseUrl: 'https://api.deepseek.com/v1' },
  { label: 'Together AI', baseUrl: 'https://api.together.xyz/v1' },
  { label: 'Groq', baseUrl: 'https://api.groq.com/openai/v1' },
  { label: 'SambaNova', baseUrl: 'https://api.sambanova.ai/v1' },
  { label: 'Cerebras', baseUrl: 'https://api.cerebras.ai/v1' },
  { label: 'Fireworks', baseUrl: 'https://api.fireworks.ai/inference/v1' },
  { label: 'Self-hosted (vLLM/Ollama)', baseUrl: 'http://llm-service:8000/v1' },
] as const;

/** The provider value for configs made from a credential of this variant. */
export function configProviderFor(variant: ProviderVariant, values: Record<string, string | undefined>): string {
  if (variant.configProviderFrom === 'bedrockRegion') return `bedrock_${(values.aws_region ?? '').trim()}`;
  return variant.validateProvider;
}

/**
 * The provider family a config's `provider` names. Alation's sources spell them differently (the
 * guide: `azure_openai`, `google`; its client's notes: `azure`, `gemini`, `vertexai`, plain
 * `bedrock`): all are read as the same providers. Bedrock keeps its region, which matters.
 */
export function normalizeConfigProvider(provider: string): string {
  const p = provider.trim().toLowerCase();
  // The guide's own names, azure_openai and google, are the families' names already.
  if (p === 'azure') return 'azure_openai';
  if (p === 'gemini' || p === 'vertexai' || p === 'vertex') return 'google';
  return p;
}

/** The `provider` to validate a credential of this creds type with, from one of its configs' providers. */
export function validateProviderFor(credsType: string, configProvider: string | undefined): ValidateProvider | undefined {
  const family = configProvider ? normalizeConfigProvider(configProvider) : undefined;
  if (credsType === 'AWS') return 'bedrock';
  if (credsType === 'AZURE') return 'azure_openai';
  if (credsType === 'GCP') return 'google';
  if (credsType === 'API_KEY') return family === 'anthropic' ? 'anthropic' : family === 'openai' ? 'openai' : undefined;
  return undefined;
}
