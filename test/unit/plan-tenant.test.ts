// What a plan says of one tenant, from its state as read: what exists and matches, what conflicts
// (and why, in words), which defaults change; and a fingerprint that any change behind the app's
// back moves, and a mere reordering of the lists does not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planTenant, stateFingerprint, type TenantState } from '../../src-main/apply/plan-tenant';
import { llmConfigSchema, llmCredentialSchema, llmPreferenceSchema } from '../../src-main/alation/types';
import type { DraftContent } from '../../src-shared/drafts';

const draft: DraftContent = {
  title: 'Bedrock EU',
  providerId: 'bedrock',
  values: { name: 'Bedrock EU', aws_access_key_id: 'AKIAEXAMPLE9876WXYZ', aws_region: 'eu-west-1' },
  models: [
    {
      modelId: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
      name: 'Sonnet',
      isEmbedding: false,
      dimensions: null,
      extraConfig: { extra_config_type: 'bedrock_config', cache_messages: true },
    },
    { modelId: 'amazon.titan-embed-text-v2:0', name: 'Titan', isEmbedding: true, dimensions: 1024, extraConfig: null },
  ],
  defaults: { llmModelId: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0', embeddingModelId: null },
  expiresAt: null,
  notes: '',
};

const credential = (id: string, more: Record<string, unknown> = {}) =>
  llmCredentialSchema.parse({
    id,
    name: 'Bedrock EU',
    creds_type: 'AWS',
    aws_access_key_id: '****WXYZ',
    aws_secret_access_key: '****abcd',
    aws_region: 'eu-west-1',
    ...more,
  });
const config = (id: string, name: string, model: string, credentialId: string | null, more: Record<string, unknown> = {}) =>
  llmConfigSchema.parse({ id, name, provider: 'bedrock_eu-west-1', model_name: model, llm_credentials_id: credentialId, ...more });
const state = (s: Partial<TenantState>): TenantState => ({ credentials: [], configs: [], preference: llmPreferenceSchema.parse({}), ...s });
const plan = (s: TenantState) => planTenant(draft, s, { tenantId: 't', readAt: '2026-12-01T08:00:00.000Z' });

describe('a tenant plan', () => {
  it('creates everything on an empty tenant and sets the default, from Alation’s', () => {
    const p = plan(state({}));
    expect(p.status).toBe('changes');
    expect(p.credential.action).toBe('create');
    expect(p.configs.map((c) => [c.name, c.action])).toEqual([
      ['Sonnet', 'create'],
      ['Titan', 'create'],
    ]);
    expect(p.configs[0]!.extraConfig).toBe('cache messages');
    expect(p.defaults).toEqual([{ kind: 'llm', modelId: draft.models[0]!.modelId, action: 'set', from: null }]);
  });

  it(
    'adopts a credential whose masked access key ID fits, and a config ' +
      'with the same name and model; a differing extra config is an update',
    () => {
      const p = plan(
        state({
          credentials: [credential('c1')],
          configs: [
            config('k1', 'Sonnet', draft.models[0]!.modelId, 'c1'),
            config('k2', 'Titan', 'amazon.titan-embed-text-v2:0', 'c1', { is_embedding: true }),
          ],
          preference: llmPreferenceSchema.parse({ default_llm_config_id: 'k1' }),
        }),
      );
      expect(p.credential).toMatchObject({ action: 'exists', existingId: 'c1' });
      expect(p.configs.map((c) => c.action)).toEqual(['update', 'exists']);
      expect(p.configs[0]!.message).toBe('Its extra config changes from “none” to “cache messages”');
      expect(p.defaults[0]!.action).toBe('unchanged');
      // And the other way: a drafted model with no extra config clears the tenant's.
      const cleared = plan(
        state({
          credentials: [credential('c1')],
          configs: [
            config('k2', 'Titan', 'amazon.titan-embed-text-v2:0', 'c1', {
              is_embedding: true,
              llm_extra_config: { extra_config_type: 'bedrock_config', cache_messages: true },
            }),
          ],
        }),
      );
      expect(cleared.configs[1]).toMatchObject({ action: 'update', message: 'Its extra config changes from “cache messages” to “none”' });
    },
  );

  it('is in sync when the tenant has it all, as drafted', () => {
    const p = plan(
      state({
        credentials: [credential('c1')],
        configs: [
          config('k1', 'Sonnet', draft.models[0]!.modelId, 'c1', {
            llm_extra_config: { extra_config_type: 'bedrock_config', cache_messages: true, thinking: null },
          }),
          config('k2', 'Titan', 'amazon.titan-embed-text-v2:0', 'c1', { is_embedding: true }),
        ],
        preference: llmPreferenceSchema.parse({ default_llm_config_id: 'k1' }),
      }),
    );
    expect(p.status).toBe('in-sync');
  });

  it('names what conflicts: a credential of that name in another region, a display name another model has, another key', () => {
    const otherRegion = plan(state({ credentials: [credential('c1', { aws_region: 'us-east-1' })] }));
    expect(otherRegion.status).toBe('conflict');
    expect(otherRegion.credential.differences).toEqual(['Region: us-east-1 on the tenant, eu-west-1 in the draft']);
    const otherKey = plan(state({ credentials: [credential('c1', { aws_access_key_id: '****ABCD' })] }));
    expect(otherKey.credential.differences).toEqual(['Access Key ID: ****ABCD on the tenant, AKIAEXAMPLE9876WXYZ in the draft']);
    const takenName = plan(state({ credentials: [credential('c1')], configs: [config('k9', 'Titan', 'cohere.embed-english-v3', 'c1')] }));
    expect(takenName.configs[1]).toMatchObject({
      action: 'conflict',
      message: 'The name “Titan” is taken by a config for model cohere.embed-english-v3 on Bedrock EU',
    });
  });

  it('only warns about a built-in config of the same name', () => {
    const p = plan(state({ configs: [config('b1', 'Sonnet', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', null)] }));
    expect(p.status).toBe('changes');
    expect(p.configs[0]).toMatchObject({ action: 'create', message: expect.stringContaining('built-in') });
  });

  it('fingerprints the state so that any change moves it and a reordering does not', () => {
    const base = state({
      credentials: [credential('c1'), credential('c2', { name: 'Other' })],
      configs: [config('k1', 'Sonnet', 'm1', 'c1'), config('k2', 'Titan', 'm2', 'c2'), config('k3', 'Third', 'm3', 'c1')],
      preference: llmPreferenceSchema.parse({ default_llm_config_id: 'k1' }),
    });
    const print = stateFingerprint(base);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(base.configs, { minLength: 3, maxLength: 3 }),
        fc.shuffledSubarray(base.credentials, { minLength: 2, maxLength: 2 }),
        (configs, credentials) => {
          expect(stateFingerprint({ ...base, configs, credentials })).toBe(print);
        },
      ),
    );
    const changes: TenantState[] = [
      { ...base, configs: base.configs.map((c, i) => (i === 1 ? { ...c, name: 'Renamed' } : c)) },
      { ...base, configs: base.configs.slice(1) },
      { ...base, credentials: base.credentials.map((c, i) => (i === 0 ? { ...c, aws_secret_access_key: '****zzzz' } : c)) },
      { ...base, preference: { ...base.preference!, hide_default_models: true } },
      { ...base, credentials: base.credentials.map((c, i) => (i === 1 ? { ...c, aws_region: 'us-east-1' } : c)) },
    ];
    for (const changed of changes) expect(stateFingerprint(changed)).not.toBe(print);
    // A field the tenant updates on its own (when a key was last used) does not make a plan stale.
    expect(
      stateFingerprint({
        ...base,
        credentials: base.credentials.map((c) => ({ ...c, last_used_at: '2026-12-01T10:00:00Z', updated_at: 'later' })),
      }),
    ).toBe(print);
  });

  it(
    'counts the tenant’s agents, names those on a config it finds, warns ' +
      'of those on one it changes in place, and keeps them out of the digest',
    () => {
      const base = state({
        credentials: [credential('c1')],
        configs: [
          config('k1', 'Sonnet', draft.models[0]!.modelId, 'c1'),
          config('k2', 'Titan', 'amazon.titan-embed-text-v2:0', 'c1', { is_embedding: true }),
        ],
      });
      const agents = [
        { id: 'a1', name: 'Sales helper', configId: 'k1' },
        { id: 'a2', name: 'SQL bot', configId: 'k1' },
        { id: 'a3', name: 'Elsewhere', configId: 'other' },
      ];
      const p = plan({ ...base, agents });
      expect(p.agents).toEqual({ total: 3, onConfigs: { k1: ['Sales helper', 'SQL bot'] } });
      // Sonnet's extra config changes in place: its agents run with the new one.
      expect(p.warnings).toContain('“Sonnet” changes in place: its 2 agents (“Sales helper”, “SQL bot”) run with the new extra config.');
      expect(plan({ ...base, agents: null }).agents).toBeNull();
      expect(stateFingerprint({ ...base, agents })).toBe(stateFingerprint(base));
    },
  );

  it('adopts the credential whatever spaces its name has, and the one of several same-named credentials that fits', () => {
    const p = plan(
      state({
        credentials: [credential('c0', { aws_region: 'us-east-1' }), credential('c1', { name: '  Bedrock EU ' })],
      }),
    );
    expect(p.credential).toEqual({ action: 'exists', name: 'Bedrock EU', existingId: 'c1', knownIds: ['c0', 'c1'], differences: [] });
    // The draft keeps its values as typed, spaces and all; the tenant may list its own with spaces too.
    const typedWithSpaces: DraftContent = { ...draft, values: { ...draft.values, name: ' Bedrock EU ', aws_region: ' eu-west-1' } };
    const tenantWithSpaces = state({ credentials: [credential('c1', { aws_region: 'eu-west-1 ' })] });
    expect(planTenant(typedWithSpaces, tenantWithSpaces, { tenantId: 't', readAt: '2026-12-01T08:00:00.000Z' }).credential).toMatchObject({
      action: 'exists',
      name: 'Bedrock EU',
      existingId: 'c1',
    });
    // A name that differs only in case is another credential: Alation's names are case-sensitive.
    expect(plan(state({ credentials: [credential('c1', { name: 'bedrock eu' })] })).credential).toMatchObject({
      action: 'create',
      knownIds: [],
    });
  });

  it('names a credential of another type, a field the tenant left blank, and a clear access key ID that differs', () => {
    const apiKey = plan(state({ credentials: [credential('c1', { creds_type: 'API_KEY', aws_region: null })] }));
    expect(apiKey.credential).toMatchObject({ action: 'conflict', existingId: 'c1' });
    expect(apiKey.credential.differences).toEqual([
      'Type: API_KEY on the tenant, AWS in the draft',
      'Region: none on the tenant, eu-west-1 in the draft',
    ]);
    const noType = plan(state({ credentials: [credential('c1', { creds_type: '' })] }));
    expect(noType.credential.differences).toEqual(['Type: none on the tenant, AWS in the draft']);
    // A value the tenant lists as a number is shown as listed, not as "none".
    const numeric = plan(state({ credentials: [credential('c1', { aws_access_key_id: 12345 })] }));
    expect(numeric.credential.differences).toEqual(['Access Key ID: 12345 on the tenant, AKIAEXAMPLE9876WXYZ in the draft']);
    const clear = plan(state({ credentials: [credential('c1', { aws_access_key_id: 'AKIAEXAMPLE9876WXYZ' })] }));
    expect(clear.credential.action).toBe('exists');
    const otherClear = plan(state({ credentials: [credential('c1', { aws_access_key_id: 'AKIAOTHER0000WXYZ' })] }));
    expect(otherClear.credential.differences).toEqual(['Access Key ID: AKIAOTHER0000WXYZ on the tenant, AKIAEXAMPLE9876WXYZ in the draft']);
  });

  it('refuses a config of the same name on another provider, or on another credential, and says whose', () => {
    const otherProvider = plan(
      state({
        credentials: [credential('c1')],
        configs: [config('k1', 'Sonnet', draft.models[0]!.modelId, 'c1', { provider: 'bedrock_us-east-1' })],
      }),
    );
    expect(otherProvider.status).toBe('conflict');
    expect(otherProvider.configs[0]).toMatchObject({
      action: 'conflict',
      existingId: 'k1',
      message: '“Sonnet” on the tenant runs on provider bedrock_us-east-1, the draft on bedrock_eu-west-1',
    });
    const otherCredential = plan(
      state({
        credentials: [credential('c1'), credential('c2', { name: 'Team key' })],
        configs: [config('k2', ' titan ', 'amazon.titan-embed-text-v2:0', 'c2', { is_embedding: true })],
      }),
    );
    expect(otherCredential.configs[1]).toMatchObject({
      action: 'conflict',
      existingId: 'k2',
      message: 'The name “Titan” is taken by a config on Team key',
    });
    // The credential of the draft's name has other settings: a config on it is not the draft's, whatever it runs.
    const onConflictingCredential = plan(
      state({
        credentials: [credential('c1', { aws_region: 'us-east-1' })],
        configs: [config('k1', 'Sonnet', draft.models[0]!.modelId, 'c1')],
      }),
    );
    expect(onConflictingCredential.configs[0]).toMatchObject({
      action: 'conflict',
      existingId: 'k1',
      message: 'The name “Sonnet” is taken by a config on Bedrock EU',
    });
    const unknown = plan(state({ configs: [config('k3', 'Titan', null as unknown as string, 'gone')] }));
    expect(unknown.configs[1]!.message).toBe('The name “Titan” is taken by a config for model unknown on another credential');
    // The credential it would go on is new: no config on the tenant can be its twin.
    const fresh = plan(
      state({ configs: [config('k1', 'Sonnet', draft.models[0]!.modelId, null, { provider: 'bedrock_eu-west-1', is_embedding: false })] }),
    );
    expect(fresh.configs[0]!.action).toBe('create');
  });

  it('finds a config’s twin only with the same model, kind and credential', () => {
    const embeddingTwin = plan(
      state({
        credentials: [credential('c1')],
        configs: [config('k2', 'Titan', 'amazon.titan-embed-text-v2:0', 'c1', { is_embedding: false })],
      }),
    );
    expect(embeddingTwin.configs[1]).toMatchObject({ action: 'conflict', existingId: 'k2' });
    const otherModel = plan(
      state({
        credentials: [credential('c1')],
        configs: [config('k1', 'Sonnet', 'anthropic.claude-3-haiku-20240307-v1:0', 'c1')],
      }),
    );
    expect(otherModel.configs[0]).toMatchObject({
      action: 'conflict',
      existingId: 'k1',
      message: 'The name “Sonnet” is taken by a config for model anthropic.claude-3-haiku-20240307-v1:0 on Bedrock EU',
    });
  });

  it('warns that a new default embedding model rebuilds the search indexes, and names the default it replaces', () => {
    const withEmbedding: DraftContent = { ...draft, defaults: { llmModelId: null, embeddingModelId: 'amazon.titan-embed-text-v2:0' } };
    const planOf = (s: TenantState) => planTenant(withEmbedding, s, { tenantId: 't', readAt: '2026-12-01T08:00:00.000Z' });
    const rebuild = 'Changing the default embedding model deletes and rebuilds the tenant’s search indexes.';
    const replaced = planOf(
      state({
        configs: [
          config('l0', 'Chat', 'anthropic.claude-3-haiku-20240307-v1:0', null),
          config('e0', 'Old embeddings', 'cohere.embed', null, { is_embedding: true }),
        ],
        preference: llmPreferenceSchema.parse({ default_embedding_config_id: 'e0' }),
      }),
    );
    expect(replaced.defaults).toEqual([
      { kind: 'embedding', modelId: 'amazon.titan-embed-text-v2:0', action: 'set', from: { id: 'e0', name: 'Old embeddings' } },
    ]);
    expect(replaced.warnings).toEqual([rebuild]);
    const unlisted = planOf(state({ preference: llmPreferenceSchema.parse({ default_embedding_config_id: 'e9' }) }));
    expect(unlisted.defaults[0]!.from).toEqual({ id: 'e9', name: 'e9' });
    /** The drafted embedding config on the tenant already (k2), with this default embedding. */
    const titanThereWithDefault = (defaultId: string) =>
      planOf(
        state({
          credentials: [credential('c1')],
          configs: [config('k2', 'Titan', 'amazon.titan-embed-text-v2:0', 'c1', { is_embedding: true })],
          preference: llmPreferenceSchema.parse({ default_embedding_config_id: defaultId }),
        }),
      );
    const kept = titanThereWithDefault('k2');
    expect(kept.defaults[0]!.action).toBe('unchanged');
    expect(kept.warnings).toEqual([]);
    // The same model on another config than the default: the default moves.
    expect(titanThereWithDefault('other').defaults[0]!.action).toBe('set');
    // The default has the drafted name but another model: it is not the drafted config, so the default moves.
    const sameNameOtherModel = planOf(
      state({
        credentials: [credential('c1')],
        configs: [config('k9', 'Titan', 'cohere.embed-english-v3', 'c1', { is_embedding: true })],
        preference: llmPreferenceSchema.parse({ default_embedding_config_id: 'k9' }),
      }),
    );
    expect(sameNameOtherModel.configs[1]).toMatchObject({ action: 'conflict', existingId: 'k9' });
    expect(sameNameOtherModel.defaults[0]).toMatchObject({ action: 'set', from: { id: 'k9', name: 'Titan' } });
  });

  it('is a conflict when anything conflicts, and in sync only when everything exists and no default moves', () => {
    const tenantHasAll = {
      credentials: [credential('c1')],
      configs: [
        config('k1', 'Sonnet', draft.models[0]!.modelId, 'c1', {
          llm_extra_config: { extra_config_type: 'bedrock_config', cache_messages: true },
        }),
        config('k2', 'Titan', 'amazon.titan-embed-text-v2:0', 'c1', { is_embedding: true }),
      ],
    };
    expect(plan(state({ ...tenantHasAll, preference: llmPreferenceSchema.parse({ default_llm_config_id: 'k1' }) })).status).toBe('in-sync');
    expect(plan(state({ ...tenantHasAll, preference: llmPreferenceSchema.parse({}) })).status).toBe('changes');
    const planWithDefaults = (defaults: DraftContent['defaults'], preference: Record<string, unknown>) =>
      planTenant({ ...draft, defaults }, state({ ...tenantHasAll, preference: llmPreferenceSchema.parse(preference) }), {
        tenantId: 't',
        readAt: '2026-12-01T08:00:00.000Z',
      });
    // A draft that sets no default leaves the tenant's alone.
    expect(planWithDefaults({ llmModelId: null, embeddingModelId: null }, {}).status).toBe('in-sync');
    // One default in place and the other to set: still a change.
    const bothDefaults = { llmModelId: draft.models[0]!.modelId, embeddingModelId: 'amazon.titan-embed-text-v2:0' };
    expect(planWithDefaults(bothDefaults, { default_llm_config_id: 'k1', default_embedding_config_id: 'k2' }).status).toBe('in-sync');
    expect(planWithDefaults(bothDefaults, { default_llm_config_id: 'k1' }).status).toBe('changes');
    const oneMissing = plan(
      state({
        ...tenantHasAll,
        configs: tenantHasAll.configs.slice(0, 1),
        preference: llmPreferenceSchema.parse({ default_llm_config_id: 'k1' }),
      }),
    );
    expect(oneMissing.status).toBe('changes');
    const noCredential = plan(state({ configs: [], preference: llmPreferenceSchema.parse({ default_llm_config_id: 'k1' }) }));
    expect(noCredential.status).toBe('changes');
    const oneConflict = plan(state({ ...tenantHasAll, configs: [tenantHasAll.configs[0]!, config('k2', 'Titan', 'other-model', 'c1')] }));
    expect(oneConflict.status).toBe('conflict');
    // A built-in of the same name is a warning on a config the plan creates, not a conflict.
    const builtIn = plan(state({ configs: [config('b1', 'Titan', 'x', null)] }));
    expect(builtIn.warnings).toEqual(['A built-in config is also named “Titan”: agents will list both.']);
    expect(plan(state({})).agents).toBeUndefined();
    expect('agents' in plan(state({}))).toBe(false);
  });

  it('warns only of agents on a config changed in place, and shows a step’s own message on the step, not among the warnings', () => {
    // Sonnet (k1) changes in place but no agent uses it; Titan (k2) is kept as is and has an agent.
    const p = plan({
      ...state({
        credentials: [credential('c1')],
        configs: [
          config('k1', 'Sonnet', draft.models[0]!.modelId, 'c1'),
          config('k2', 'Titan', 'amazon.titan-embed-text-v2:0', 'c1', { is_embedding: true }),
        ],
      }),
      agents: [{ id: 'a1', name: 'Search helper', configId: 'k2' }],
    });
    expect(p.configs.map((c) => c.action)).toEqual(['update', 'exists']);
    expect(p.configs[0]!.message).toBe('Its extra config changes from “none” to “cache messages”');
    expect(p.warnings).toEqual([]);
    // A config in conflict changes nothing either: no warning for the agents on the config that holds its name.
    const conflicting = plan({
      ...state({ credentials: [credential('c1')], configs: [config('k1', 'Sonnet', 'anthropic.claude-3-haiku-20240307-v1:0', 'c1')] }),
      agents: [{ id: 'a1', name: 'Sales helper', configId: 'k1' }],
    });
    expect(conflicting.configs[0]!.action).toBe('conflict');
    expect(conflicting.warnings).toEqual([]);
  });

  it('warns of the one agent on a config changed in place, in the singular', () => {
    const p = plan({
      ...state({ credentials: [credential('c1')], configs: [config('k1', 'Sonnet', draft.models[0]!.modelId, 'c1')] }),
      agents: [{ id: 'a1', name: 'Sales helper', configId: 'k1' }],
    });
    expect(p.warnings).toContain('“Sonnet” changes in place: its agent (“Sales helper”) runs with the new extra config.');
    expect(p.agents).toEqual({ total: 1, onConfigs: { k1: ['Sales helper'] } });
  });

  it('keeps the fingerprint whatever order the tenant lists a credential’s fields in', () => {
    // Read twice, the tenant may send the same credential's fields in another order: the plan is not stale for that.
    const listed = {
      id: 'c1',
      name: 'Bedrock EU',
      creds_type: 'AWS',
      aws_access_key_id: '****WXYZ',
      aws_secret_access_key: '****abcd',
      aws_session_token: '****tok1',
      aws_region: 'eu-west-1',
    };
    const printOf = (fields: [string, unknown][]) =>
      stateFingerprint(state({ credentials: [llmCredentialSchema.parse(Object.fromEntries(fields))] }));
    const print = printOf(Object.entries(listed));
    fc.assert(
      fc.property(fc.shuffledSubarray(Object.entries(listed), { minLength: 7, maxLength: 7 }), (fields) => {
        expect(printOf(fields)).toBe(print);
      }),
    );
  });

  it('moves the fingerprint when a config’s model, credential, kind, dimensions or extra config changes, or a default', () => {
    const base = state({
      credentials: [credential('c1')],
      configs: [config('k1', 'Sonnet', 'm1', 'c1')],
      preference: llmPreferenceSchema.parse({ default_llm_config_id: 'k1' }),
    });
    const print = stateFingerprint(base);
    const withConfig = (more: Record<string, unknown>) => ({
      ...base,
      configs: [{ ...base.configs[0]!, ...more }] as TenantState['configs'],
    });
    for (const changed of [
      withConfig({ model_name: 'm2' }),
      withConfig({ llm_credentials_id: 'c9' }),
      withConfig({ is_embedding: true }),
      withConfig({ embedding_dimensions: 512 }),
      withConfig({ llm_extra_config: { extra_config_type: 'bedrock_config', cache_messages: true } }),
      withConfig({ provider: 'bedrock_us-east-1' }),
      { ...base, preference: llmPreferenceSchema.parse({ default_llm_config_id: 'k1', default_embedding_config_id: 'k1' }) },
      { ...base, preference: llmPreferenceSchema.parse({}) },
      { ...base, credentials: [{ ...base.credentials[0]!, creds_type: 'API_KEY' }] },
      { ...base, credentials: [{ ...base.credentials[0]!, aws_access_key_id: '****0000' }] },
    ])
      expect(stateFingerprint(changed)).not.toBe(print);
    // An absent preference reads as Alation's defaults.
    expect(stateFingerprint({ ...base, preference: undefined as unknown as TenantState['preference'] })).toBe(
      stateFingerprint({ ...base, preference: llmPreferenceSchema.parse({}) }),
    );
  });
});
