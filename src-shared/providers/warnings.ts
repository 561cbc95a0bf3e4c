// Warnings inform and never block: provider formats change, and the admin may know better.
import { isLoopbackHost } from '../tenant-url';
import type { ProviderVariant } from './catalog';

export interface ProviderWarning {
  /** The field it is about. */
  field: string;
  message: string;
}

/** AWS commercial, GovCloud and China regions (Bedrock is in a subset; an unknown one is a warning only). */
// Stryker disable all: a list of AWS's region names (data, not a rule; the rule that reads it is tested)
export const awsRegions = new Set([
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'mx-central-1',
  'sa-east-1',
  'us-gov-east-1',
  'us-gov-west-1',
  'cn-north-1',
  'cn-northwest-1',
]);

// Stryker restore all

const keyPrefixes: Partial<Record<ProviderVariant['id'], { expected: string; name: string; admin?: string }>> = {
  openai: { expected: 'sk-', name: 'OpenAI', admin: 'sk-admin-' },
  anthropic: { expected: 'sk-ant-', name: 'Anthropic', admin: 'sk-ant-admin' },
};

function isPrivateHost(hostname: string): boolean {
  // Stryker disable next-line Regex: a URL's hostname has brackets only around an IPv6 address, at its two ends
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  // The tenant's own machine or network: loopback, any *.localhost name, or a private range.
  if (isLoopbackHost(host) || host.endsWith('.localhost') || host === '0.0.0.0') return true;
  // Stryker disable next-line Regex: the ^ adds nothing, the URL parser refusing a name that ends in a number unless it is an IPv4 address
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  return /^f[cd][0-9a-f]{2}:/.test(host) || host.startsWith('fe80:');
}

function parseUrl(value: string | undefined): URL | null {
  // Stryker disable next-line ConditionalExpression: the URL parser refuses an absent or empty value as well
  if (!value) return null;
  return URL.canParse(value) ? new URL(value) : null;
}

export function providerWarnings(variant: ProviderVariant, values: Record<string, string | undefined>): ProviderWarning[] {
  const warnings: ProviderWarning[] = [];
  const apiKey = values.api_key?.trim();
  const prefix = keyPrefixes[variant.id];
  if (apiKey && prefix) {
    if (prefix.admin && apiKey.startsWith(prefix.admin)) {
      warnings.push({
        field: 'api_key',
        message: `This looks like a ${prefix.name} admin key (${prefix.admin}…); admin keys cannot run models.`,
      });
    } else if (!apiKey.startsWith(prefix.expected)) {
      warnings.push({
        field: 'api_key',
        message: `${prefix.name} keys usually start with ${prefix.expected}; check that this key is for ${prefix.name}.`,
      });
    }
  }
  if (apiKey && variant.id !== 'openai' && variant.id !== 'openai_compatible' && /^sk-(proj-|svcacct-)/.test(apiKey)) {
    warnings.push({ field: 'api_key', message: 'This looks like an OpenAI key; check that it is for this provider.' });
  }
  const baseUrl = parseUrl(values.base_url);
  if (variant.id === 'openai_compatible' && baseUrl) {
    if (baseUrl.hostname === 'api.groq.com' && apiKey && !apiKey.startsWith('gsk_')) {
      warnings.push({ field: 'api_key', message: 'Groq keys usually start with gsk_.' });
    }
    if (isPrivateHost(baseUrl.hostname)) {
      warnings.push({
        field: 'base_url',
        message:
          `The tenant calls this URL, not this computer: ${baseUrl.hostname} ` +
          `means the tenant's own network, which is rarely what you want.`,
      });
    }
    if (baseUrl.protocol === 'http:') {
      warnings.push({ field: 'base_url', message: 'This base URL uses plain http: the API key would travel unencrypted.' });
    }
  }
  if (variant.credsType === 'AWS') {
    const keyId = values.aws_access_key_id?.trim();
    if (keyId?.startsWith('ASIA') && !values.aws_session_token?.trim()) {
      warnings.push({ field: 'aws_session_token', message: 'ASIA… keys are temporary (STS) credentials and need their Session Token.' });
    }
    const region = values.aws_region?.trim();
    if (region && !awsRegions.has(region)) {
      warnings.push({ field: 'aws_region', message: `AWS has no region called ${region}; check the spelling (for example us-west-2).` });
    }
  }
  const endpoint = parseUrl(values.azure_endpoint);
  if (
    variant.credsType === 'AZURE' &&
    endpoint &&
    !(endpoint.protocol === 'https:' && /^[a-z0-9][a-z0-9-]*\.openai\.azure\.com$/i.test(endpoint.hostname))
  ) {
    warnings.push({ field: 'azure_endpoint', message: 'Azure OpenAI endpoints look like https://<resource>.openai.azure.com/.' });
  }
  return warnings;
}
