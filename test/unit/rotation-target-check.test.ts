// Main's check of a rotation target against the credential as the tenant lists it now (defect
// 2.9), by the same rule that found the matches, and the key a retry expects once a refused new key
// was set in place: only what a listing shows of it (its last 4 characters).
import { describe, expect, it } from 'vitest';
import type { InventoryCredential } from '../../src-shared/inventory';
import {
  isRotationOutcome,
  keyAfterRotation,
  keyOf,
  rotationFields,
  rotationKeySchema,
  rotationOutcomeLabels,
  rotationOutcomes,
  startRotationInputSchema,
  targetMismatch,
} from '../../src-shared/rotation';

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
    // The creds type as another tenant version spells it is still the same type.
    expect(targetMismatch('openai_compatible', key, { ...groq, credsType: 'api_key' }, [])).toBeNull();
    const aws = listed('AWS', { aws_access_key_id: 'AKIAEXAMPLE1111' }, {});
    expect(targetMismatch('bedrock', keyOf(aws), { ...aws, details: {} }, [])).toBe(
      'its Access Key ID is not shown now, not AKIAEXAMPLE1111',
    );
    // And the other way: the listing the key was chosen from showed no access key ID, the tenant lists one now.
    expect(targetMismatch('bedrock', keyOf({ ...aws, details: {} }), aws, [])).toBe(
      'its Access Key ID is AKIAEXAMPLE1111 now, not unknown',
    );
  });

  it('skips a plain key whose configs now make it another provider’s', () => {
    const plain = listed('API_KEY', {}, { api_key: '****a1b2' });
    expect(targetMismatch('openai', keyOf(plain), plain, ['openai'])).toBeNull();
    expect(targetMismatch('openai', keyOf(plain), plain, ['anthropic'])).toBe('it is a Anthropic key now, not OpenAI');
  });

  it('compares a secret the catalog does not know yet by its visible end, named as the listing names it', () => {
    const withExtra = listed('API_KEY', {}, { api_key: '****a1b2', org_key: '****1111' });
    expect(targetMismatch('openai', keyOf(withExtra), { ...withExtra, masked: { api_key: '****a1b2', org_key: '****2222' } }, [])).toBe(
      'its org_key ends 2222 now, not 1111',
    );
  });
});

describe('rotationFields', () => {
  it('asks for every secret of the type and what rotates with it, never a setting such as the region', () => {
    expect(rotationFields('bedrock').map((f) => f.key)).toEqual(['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token']);
    expect(rotationFields('openai_compatible').map((f) => f.key)).toEqual(['api_key']);
    expect(rotationFields('azure_service_principal').map((f) => f.key)).toEqual(['azure_client_secret']);
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
    const inClear = rotationKeySchema.safeParse({ ...after, masked: { aws_secret_access_key: 'new-secret-access-key-3333' } });
    expect(inClear.success).toBe(false);
    expect(inClear.error?.issues[0]?.message).toBe('only a masked value (****abcd)');
  });

  it('expects an access key ID listed in clear to be the new one, as typed without its spaces', () => {
    const clear = keyOf(listed('AWS', { aws_access_key_id: 'AKIAOLDOLDOLD1111' }, { aws_secret_access_key: '****oldd' }));
    expect(
      keyAfterRotation('bedrock', clear, { aws_access_key_id: '  AKIANEWNEWNEW2222 ', aws_secret_access_key: ' new-secret-3333  ' }),
    ).toEqual({ credsType: 'AWS', details: { aws_access_key_id: 'AKIANEWNEWNEW2222' }, masked: { aws_secret_access_key: '****3333' } });
  });

  it('expects no mask where the listing showed none, and the whole of a secret as short as the mask', () => {
    const plain = keyOf(listed('API_KEY', {}, {}));
    expect(keyAfterRotation('openai', plain, { api_key: 'sk-new-key-4444' })).toEqual({ credsType: 'API_KEY', details: {}, masked: {} });
    const masked = keyOf(listed('API_KEY', {}, { api_key: '****a1b2' }));
    expect(keyAfterRotation('openai', masked, { api_key: 'wxyz' }).masked).toEqual({ api_key: '****wxyz' });
  });
});

describe('a rotation request from the page', () => {
  const target = {
    tenantId: '0b6f4f4e-8a61-4c1e-9f5e-2d2b1b7f3c11',
    credentialId: 'cred-1',
    key: { credsType: 'API_KEY', details: {}, masked: { api_key: '****a1b2' } },
  };
  const request = { providerId: 'openai', values: { api_key: 'sk-new' }, targets: [target], confirmations: {}, fallback: false };

  it('is accepted as the Rotate screen sends it, and refused without a target, with a message', () => {
    expect(startRotationInputSchema.safeParse(request).success).toBe(true);
    expect(
      startRotationInputSchema.safeParse({ ...request, expiresAt: '2027-03-01T00:00:00.000Z', confirmations: { p: 'Prod' } }).success,
    ).toBe(true);
    const none = startRotationInputSchema.safeParse({ ...request, targets: [] });
    expect(none.success).toBe(false);
    expect(none.error?.issues[0]?.message).toBe('choose at least one credential to rotate');
  });
});

describe('the rotation report’s words', () => {
  it('names every outcome in words of its own, and reads back only the words it writes', () => {
    const labels = rotationOutcomes.map((o) => rotationOutcomeLabels[o]);
    expect(labels.every((l) => l.length > 0)).toBe(true);
    expect(new Set(labels).size).toBe(rotationOutcomes.length);
    expect(rotationOutcomes.every(isRotationOutcome)).toBe(true);
    expect(isRotationOutcome('Rotated')).toBe(false);
  });
});
