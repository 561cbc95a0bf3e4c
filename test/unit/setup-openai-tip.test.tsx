// @vitest-environment jsdom
// The guide's OpenAI tip carries the key already given to OpenAI-compatible, and says so to main
// (`carryOpenAiKey`): main drops held secrets on any other change of provider, so a plain switch
// must ask for the key again and never ask main to carry it.
import { afterEach, describe, expect, it } from 'vitest';
import { useSetupStore } from '../../src-renderer/features/setup/setup-store';
import type { BridgeApi } from '../../src-shared/contract';
import type { SetupAttemptOutcome, StartProviderSetupInput } from '../../src-shared/setup';

const tenantId = '8d6f3c1e-7a2b-4c5d-9e0f-1a2b3c4d5e6f';
const runId = '0b9f5d2e-1111-4222-8333-444455556666';

const refused: SetupAttemptOutcome = {
  runId,
  status: 'invalid',
  credentialId: null,
  credentialName: 'Team OpenAI',
  keptFailedCredential: false,
  models: [],
  configProvider: 'openai',
  failure: { message: 'Invalid API key', advice: null, offerOpenAiCompatible: true, stage: 'validate', cause: 'refused' },
};

/** Every startProviderSetup call the page makes, as sent. */
function recordCalls(): StartProviderSetupInput[] {
  const calls: StartProviderSetupInput[] = [];
  const api: Partial<BridgeApi> = {
    startProviderSetup: async (input) => {
      calls.push(input);
      return refused;
    },
  };
  Object.defineProperty(window, 'byomDesk', { value: api, configurable: true });
  return calls;
}

async function refusedOpenAi() {
  const s = useSetupStore.getState();
  s.chooseTenant(tenantId);
  s.chooseProvider('openai');
  s.setValue('name', 'Team OpenAI');
  s.setValue('api_key', 'sk-proj-typed-once');
  await s.validateAndContinue();
}

afterEach(() => useSetupStore.getState().reset());

describe('the OpenAI tip', () => {
  it('asks main by name to carry the key to OpenAI-compatible with api.openai.com, once; a plain switch never does', async () => {
    const calls = recordCalls();
    await refusedOpenAi();
    useSetupStore.getState().switchToOpenAiCompatible();
    await useSetupStore.getState().validateAndContinue();
    expect(calls[1]).toMatchObject({
      providerId: 'openai_compatible',
      runId,
      carryOpenAiKey: true,
      values: { name: 'Team OpenAI', api_key: '', base_url: 'https://api.openai.com/v1' },
    });
    // Main holds the key as OpenAI-compatible's now: a retry is a retry of the same provider.
    await useSetupStore.getState().validateAndContinue();
    expect(calls[2]).not.toHaveProperty('carryOpenAiKey');

    // A plain change of provider after the tip asks for the key again, and never to carry it.
    useSetupStore.getState().chooseProvider('anthropic');
    useSetupStore.getState().chooseProvider('openai_compatible');
    useSetupStore.getState().setValue('base_url', 'https://api.openai.com/v1');
    await useSetupStore.getState().validateAndContinue();
    expect(useSetupStore.getState().fieldErrors).toHaveProperty('api_key');
    expect(calls).toHaveLength(3);
  });
});
