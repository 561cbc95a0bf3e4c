// @vitest-environment jsdom
// The page never holds a provider secret after submitting it: not when main refuses the call, not
// after the user leaves the Setup screen, and not across a switch of provider.
import { afterEach, describe, expect, it } from 'vitest';
import { useSetupStore } from '../../src-renderer/features/setup/setup-store';
import type { BridgeApi } from '../../src-shared/contract';
import type { SetupAttemptOutcome } from '../../src-shared/setup';

const tenantId = '8d6f3c1e-7a2b-4c5d-9e0f-1a2b3c4d5e6f';

function installBridge(api: Partial<BridgeApi>) {
  Object.defineProperty(window, 'byomDesk', { value: api, configurable: true });
}

afterEach(() => useSetupStore.getState().reset());

/** What main answers when the provider refuses the key. */
const refused: SetupAttemptOutcome = {
  runId: '0b9f5d2e-1111-4222-8333-444455556666',
  status: 'invalid',
  credentialId: null,
  credentialName: 'Team OpenAI',
  keptFailedCredential: false,
  models: [],
  configProvider: 'openai',
  failure: { message: 'Invalid API key', advice: null, offerOpenAiCompatible: true, stage: 'validate', cause: 'refused' },
};

function typeOpenAi(key = 'sk-proj-typed-secret-1') {
  const s = useSetupStore.getState();
  s.chooseTenant(tenantId);
  s.chooseProvider('openai');
  s.setValue('name', 'Team OpenAI');
  s.setValue('api_key', key);
}

describe('the setup store', () => {
  it('drops the typed secret when main refuses the call, and keeps what is not secret', async () => {
    installBridge({
      startProviderSetup: async () => Promise.reject({ code: 'network', message: 'The BYOM Desk harness is not answering.' }),
    });
    typeOpenAi();
    await useSetupStore.getState().validateAndContinue();
    const s = useSetupStore.getState();
    expect(s.error?.code).toBe('network');
    expect(s.values).toEqual({ name: 'Team OpenAI', api_key: '' });
    expect(JSON.stringify(s)).not.toContain('sk-proj-typed-secret-1');
  });

  it('drops the typed secret once main has it, and remembers only which fields main holds', async () => {
    installBridge({ startProviderSetup: async () => refused });
    typeOpenAi();
    await useSetupStore.getState().validateAndContinue();
    expect(useSetupStore.getState()).toMatchObject({ values: { name: 'Team OpenAI', api_key: '' }, heldSecrets: ['api_key'] });
  });

  it('drops a secret still typed in the form when the user leaves the screen', () => {
    typeOpenAi('sk-proj-never-sent-2');
    useSetupStore.getState().dropSecrets();
    expect(useSetupStore.getState().values).toEqual({ name: 'Team OpenAI', api_key: '' });
  });

  it('clears the old provider’s failure when the provider changes, keeping the run', async () => {
    installBridge({ startProviderSetup: async () => refused });
    typeOpenAi();
    await useSetupStore.getState().validateAndContinue();
    useSetupStore.getState().chooseProvider('anthropic');
    const s = useSetupStore.getState();
    expect(s.outcome?.runId).toBe(refused.runId);
    expect(s.outcome?.failure).toBeUndefined();
    expect(s.heldSecrets).toEqual([]);
  });

  it('blocks Complete until the tenant’s configs are read, and says so when they cannot be', async () => {
    let answer: () => Promise<never[]> = () => Promise.reject({ code: 'timeout', message: 'The tenant did not answer in 30 s.' });
    installBridge({ listTenantConfigs: () => answer() });
    useSetupStore.getState().chooseTenant(tenantId);
    await useSetupStore.getState().toNames();
    expect(useSetupStore.getState().namesCheck).toEqual({
      status: 'failed',
      error: { code: 'timeout', message: 'The tenant did not answer in 30 s.' },
    });
    answer = async () => [];
    await useSetupStore.getState().checkNames();
    expect(useSetupStore.getState().namesCheck).toEqual({ status: 'ok' });
  });
});
