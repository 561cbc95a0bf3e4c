// Main's check of a rotation target against the credential as the tenant lists it now (defect
// 2.9), by the same rule that found the matches, and the key a retry expects once a refused new key
// was set in place: only what a listing shows of it (its last 4 characters).
import { describe, expect, it } from 'vitest';
import type { InventoryCredential } from '../../src-shared/inventory';
import { keyAfterRotation, keyOf, rotationKeySchema, targetMismatch } from '../../src-shared/rotation';

const listed = (credsType: string, details: InventoryCredential['details'], masked: Record<string, string>): InventoryCredential => ({
  id: 'c1',
  name: 'Key',
  credsType,
  details,
  masked,
  createdAt: null,
  updatedAt: null,
});

describe('targetMismatch', () => {
  const groq = listed('API_KEY', { base_url: 'https://api.groq.com/openai/v1' }, { api_key: '****a1b2' });
  const key = keyOf(groq);

  it('accepts the credential that still holds the key, and names what differs on one that does not', () => {
    expect(targetMismatch('openai_compatible', key, groq, ['openai'])).toBeNull();
    expect(targetMismatch('openai_compatible', key, { ...groq, masked: { api_key: '****zz99' } }, ['openai'])).toBe(
      'its API Key ends zz99 now, not a1b2',
    );
    expect(targetMismatch('openai_compatible', key, { ...groq, details: { base_url: 'https://api.together.xyz/v1' } }, [])).toBe(
      'its Base URL is https://api.together.xyz/v1 now, not https://api.groq.com/openai/v1',
    );
    expect(targetMismatch('openai_compatible', key, { ...groq, credsType: 'AWS' }, [])).toBe('it is a AWS credential now, not API_KEY');
  });
});

describe('keyAfterRotation', () => {
  it('expects the visible end of what was sent: an AWS key pair with a new access key ID, its old session token cleared', () => {
    const sts = keyOf(
      listed(
        'AWS',
        { aws_region: 'us-west-2' },
        { aws_access_key_id: '****1111', aws_secret_access_key: '****oldd', aws_session_token: '****9999' },
      ),
    );
    const after = keyAfterRotation('bedrock', sts, {
      aws_access_key_id: 'AKIANEWNEWNEWNEW2222',
      aws_secret_access_key: 'new-secret-access-key-3333',
    });
    expect(after).toEqual({
      credsType: 'AWS',
      details: { aws_region: 'us-west-2' },
      masked: { aws_access_key_id: '****2222', aws_secret_access_key: '****3333' },
    });
    // Only masked values cross to main: never a secret in full.
    expect(rotationKeySchema.safeParse(after).success).toBe(true);
    expect(rotationKeySchema.safeParse({ ...after, masked: { aws_secret_access_key: 'new-secret-access-key-3333' } }).success).toBe(false);
  });
});
