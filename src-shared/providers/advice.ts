// The guide's troubleshooting table, brought to the moment the error happens.
import type { ProviderVariant } from './catalog';

export interface Advice {
  cause: string;
  solution: string;
}

export interface FailureFacts {
  /** HTTP status of the validate call, when it failed at that level. */
  status?: number;
  /** The tenant's error text (`error` of a validate answer, or `detail`). */
  message?: string;
}

export function adviceFor(variant: ProviderVariant, facts: FailureFacts): Advice | null {
  const text = facts.message ?? '';
  if (facts.status === 401 || /\b401\b|unauthori[sz]ed|invalid api key|incorrect api key/i.test(text)) {
    return { cause: 'Invalid API key or credentials', solution: 'Verify the key is correct and active.' };
  }
  if (facts.status === 403 || /\b403\b|forbidden|permission|access denied/i.test(text)) {
    return {
      cause: 'Insufficient permissions',
      solution:
        variant.credsType === 'AWS'
          ? 'Check the IAM policy: the user needs bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream.'
          : variant.credsType === 'AZURE'
            ? 'Check the role assignments on the Azure OpenAI resource.'
            : 'Check the permissions of the key or account.',
    };
  }
  if (/model not found/i.test(text)) {
    return {
      cause: 'The model name does not match the provider',
      solution: 'Check the exact model ID (e.g., anthropic.claude-sonnet-4-5-20250929-v1:0 for Bedrock).',
    };
  }
  if (/aws_region is required/i.test(text)) return { cause: 'Region missing for Bedrock', solution: 'Provide the Region.' };
  if (/api_key is required/i.test(text)) return { cause: 'Missing API key', solution: 'Enter the API Key.' };
  if (/azure_endpoint and api_version are required/i.test(text)) {
    return { cause: 'Missing Azure fields', solution: 'Provide both Endpoint and API Version.' };
  }
  return null;
}
