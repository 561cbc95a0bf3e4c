// The drift functions: which tenant has which model, and how tenants are set up, each compared with
// a baseline tenant. Configs are compared by the model they run, never by id.
import { describe, expect, it } from 'vitest';
import {
  coverageDiffers,
  coverageMatrix,
  deletionImpact,
  modelKey,
  settingDiffers,
  settingsMatrix,
  type SettingsRow,
} from '../../src-shared/drift';
import type { InventoryConfig } from '../../src-shared/inventory';
import { agentMoveTargets } from '../../src-shared/inventory-actions';
import type { InventoryTenant } from '../../src-shared/inventory-rows';
import { acme, beta, config, gamma, inventory, state } from './drift-fixtures';

/** The system-provided configs every tenant lists, with ids of its own. */
const builtIns = (prefix: string): InventoryConfig[] => [
  config(`${prefix}-builtin-gpt5`, 'GPT-5', 'openai', 'gpt-5-2025-08-07', { builtIn: true, credentialId: null }),
  config(`${prefix}-builtin-claude`, 'Claude Sonnet 4.5', 'bedrock_us-west-2', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', {
    builtIn: true,
    credentialId: null,
  }),
];

/**
 * Acme and Beta both run GPT-4o (Beta through Azure, spelled `azure` by the tenant), Gemini and an
 * embedding model; Gamma has no GPT-4o. Defaults point at the same models through different ids.
 */
function threeTenants() {
  const acmeInv = inventory(
    acme,
    [
      ...builtIns('a'),
      config('a-1', 'GPT-4o mine', 'azure_openai', 'gpt-4o'),
      config('a-2', 'Gemini Flash', 'google', 'gemini-2.5-flash'),
      config('a-3', 'Small embeddings', 'openai', 'text-embedding-3-small', { isEmbedding: true, dimensions: 1536 }),
    ],
    {
      preference: { defaultLlmConfigId: 'a-1', defaultEmbeddingConfigId: 'a-3', hideDefaultModels: true },
      overrides: [{ featureType: 'DEFAULT_AGENT', featureKey: 'sql_query_agent', configId: 'a-2' }],
    },
  );
  const betaInv = inventory(
    beta,
    [
      ...builtIns('b'),
      config('b-7', 'GPT-4o (EU)', 'azure', 'gpt-4o'),
      config('b-8', 'GPT-4o backup', 'azure_openai', 'gpt-4o'),
      config('b-9', 'Gemini', 'gemini', 'gemini-2.5-flash'),
      config('b-10', 'Embeddings', 'openai', 'text-embedding-3-small', { isEmbedding: true, dimensions: 1536 }),
    ],
    {
      preference: { defaultLlmConfigId: 'b-7', defaultEmbeddingConfigId: 'b-10', hideDefaultModels: true },
      overrides: [{ featureType: 'DEFAULT_AGENT', featureKey: 'sql_query_agent', configId: 'b-9' }],
    },
  );
  const gammaInv = inventory(
    gamma,
    [
      ...builtIns('g'),
      config('g-1', 'Flash', 'vertexai', 'gemini-2.5-flash'),
      config('g-2', 'Embeddings', 'openai', 'text-embedding-3-small', { isEmbedding: true, dimensions: 1536 }),
    ],
    {
      preference: { defaultLlmConfigId: 'g-builtin-gpt5', defaultEmbeddingConfigId: 'g-2', hideDefaultModels: false },
      overrides: [{ featureType: 'PRODUCT_AREA', featureKey: 'catalog_search', configId: 'g-1' }],
    },
  );
  return { tenants: [acme, beta, gamma], states: [state(acmeInv), state(betaInv), state(gammaInv)], acmeInv, betaInv, gammaInv };
}

const rowOf = (rows: SettingsRow[], key: string) => {
  const row = rows.find((r) => r.key === key);
  if (!row) throw new Error(`no row ${key}`);
  return row;
};

describe('modelKey', () => {
  it('reads every spelling of a provider as one provider', () => {
    expect(modelKey({ provider: 'azure', modelName: 'gpt-4o' })).toBe(modelKey({ provider: 'azure_openai', modelName: 'gpt-4o' }));
    expect(modelKey({ provider: 'gemini', modelName: 'gemini-2.5-flash' })).toBe(
      modelKey({ provider: 'google', modelName: 'gemini-2.5-flash' }),
    );
    expect(modelKey({ provider: 'VertexAI', modelName: 'gemini-2.5-flash' })).toBe('google:gemini-2.5-flash');
    // Bedrock regions are different places to run a model: kept apart.
    expect(modelKey({ provider: 'bedrock_us-west-2', modelName: 'm' })).not.toBe(
      modelKey({ provider: 'bedrock_eu-west-1', modelName: 'm' }),
    );
  });
});

describe('coverageMatrix', () => {
  it('lists each model the tenants have, sorted, and which tenant is missing one', () => {
    const { states, tenants } = threeTenants();
    const m = coverageMatrix(states, tenants);
    expect(m.tenants.map((t) => t.name)).toEqual(['Acme', 'Beta', 'Gamma']);
    expect(m.models).toEqual([
      { key: 'azure_openai:gpt-4o', provider: 'azure_openai', modelName: 'gpt-4o', isEmbedding: false },
      { key: 'google:gemini-2.5-flash', provider: 'google', modelName: 'gemini-2.5-flash', isEmbedding: false },
      { key: 'openai:text-embedding-3-small', provider: 'openai', modelName: 'text-embedding-3-small', isEmbedding: true },
    ]);
    expect(m.cells['azure_openai:gpt-4o']).toEqual({
      [acme.id]: { present: true, names: ['GPT-4o mine'] },
      // `azure` and `azure_openai` are the same provider: both of Beta's configs count for one model.
      [beta.id]: { present: true, names: ['GPT-4o (EU)', 'GPT-4o backup'] },
      [gamma.id]: { present: false, names: [] },
    });
    // `google`, `gemini` and `vertexai`: one model, present on all three.
    expect(Object.values(m.cells['google:gemini-2.5-flash']!).map((c) => c.names)).toEqual([['Gemini Flash'], ['Gemini'], ['Flash']]);
  });

  it('leaves built-ins out, and configs that name no model', () => {
    const { states, tenants } = threeTenants();
    const inv = states[0]!.inventory!;
    inv.configs.push(config('a-x', 'Half-made', 'openai', null));
    const keys = coverageMatrix(states, tenants).models.map((m) => m.key);
    expect(keys).not.toContain('openai:gpt-5-2025-08-07');
    expect(keys.some((k) => k.startsWith('bedrock_'))).toBe(false);
    expect(keys).not.toContain('openai:');
  });

  it('highlights the cells whose presence is not the baseline tenant’s', () => {
    const { states, tenants } = threeTenants();
    const m = coverageMatrix(states, tenants);
    const gpt = 'azure_openai:gpt-4o';
    expect(coverageDiffers(m, gpt, gamma.id, acme.id)).toBe(true);
    expect(coverageDiffers(m, gpt, beta.id, acme.id)).toBe(false);
    expect(coverageDiffers(m, gpt, acme.id, acme.id)).toBe(false);
    expect(coverageDiffers(m, gpt, gamma.id, null)).toBe(false);
    // Against Gamma, it is the two tenants that have the model that differ.
    expect(tenants.filter((t) => coverageDiffers(m, gpt, t.id, gamma.id)).map((t) => t.name)).toEqual(['Acme', 'Beta']);
    expect(tenants.some((t) => coverageDiffers(m, 'google:gemini-2.5-flash', t.id, acme.id))).toBe(false);
  });

  it('compares only tenants that have been read, in the order given', () => {
    const { states, tenants } = threeTenants();
    const never: InventoryTenant = {
      id: '4c3d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f',
      name: 'Delta',
      environment: { label: 'dev', color: '#1a7f37' },
    };
    const m = coverageMatrix([...states.reverse(), { tenantId: never.id, status: 'never', stale: false }], [gamma, never, acme, beta]);
    expect(m.tenants.map((t) => t.name)).toEqual(['Gamma', 'Acme', 'Beta']);
    expect(m.cells['azure_openai:gpt-4o']![never.id]).toBeUndefined();
    // A baseline that was never read makes nothing differ.
    expect(coverageDiffers(m, 'azure_openai:gpt-4o', gamma.id, never.id)).toBe(false);
    // Nor is a tenant never read marked against a baseline that was.
    expect(coverageDiffers(m, 'azure_openai:gpt-4o', never.id, gamma.id)).toBe(false);
    expect(coverageMatrix([], tenants)).toEqual({ tenants: [], models: [], cells: {} });
    // Nor does a model no tenant has (a row kept from an earlier read).
    expect(coverageDiffers(m, 'openai:gone', gamma.id, acme.id)).toBe(false);
  });

  it('takes a model’s kind from the first tenant that has it, when tenants disagree', () => {
    const asEmbedding = state(inventory(acme, [config('x-1', 'Vectors', 'openai', 'nomic-embed-text', { isEmbedding: true })]));
    const asCompletion = state(inventory(beta, [config('y-1', 'Nomic', 'openai', 'nomic-embed-text')]));
    expect(coverageMatrix([asEmbedding, asCompletion], [acme, beta]).models.map((m) => m.isEmbedding)).toEqual([true]);
    expect(coverageMatrix([asEmbedding, asCompletion], [beta, acme]).models.map((m) => m.isEmbedding)).toEqual([false]);
  });

  it('sorts models by provider, then by model within a provider', () => {
    const one = state(
      inventory(acme, [
        config('x-1', 'Z', 'openai', 'gpt-4o'),
        config('x-2', 'Y', 'anthropic', 'claude-3'),
        config('x-3', 'X', 'openai', 'gpt-4.1'),
      ]),
    );
    expect(coverageMatrix([one], [acme]).models.map((m) => m.key)).toEqual(['anthropic:claude-3', 'openai:gpt-4.1', 'openai:gpt-4o']);
  });
});

describe('settingsMatrix', () => {
  it('has the defaults, hide_default_models and one row per override key, sorted', () => {
    const { states, tenants } = threeTenants();
    const { rows, tenants: read } = settingsMatrix(states, tenants);
    expect(read).toEqual(tenants);
    expect(rows.map((r) => [r.key, r.label])).toEqual([
      ['defaultLlm', 'Default LLM'],
      ['defaultEmbedding', 'Default embedding'],
      ['hideDefaultModels', 'Hide built-in models'],
      ['agents', 'Agents'],
      ['override:DEFAULT_AGENT/sql_query_agent', 'Override DEFAULT_AGENT/sql_query_agent'],
      ['override:PRODUCT_AREA/catalog_search', 'Override PRODUCT_AREA/catalog_search'],
    ]);
    const llm = rowOf(rows, 'defaultLlm');
    expect(llm.values[acme.id]!.text).toBe('GPT-4o mine (gpt-4o)');
    expect(llm.values[gamma.id]!.text).toBe('GPT-5 (gpt-5-2025-08-07, built-in)');
    expect(rowOf(rows, 'hideDefaultModels').values[acme.id]!.text).toBe('yes');
    expect(rowOf(rows, 'hideDefaultModels').values[gamma.id]!.text).toBe('no');
    expect(rowOf(rows, 'override:PRODUCT_AREA/catalog_search').values[acme.id]).toEqual({ text: 'not set', compare: 'none' });
    expect(rowOf(rows, 'override:PRODUCT_AREA/catalog_search').values[gamma.id]!.text).toBe('Flash (gemini-2.5-flash)');
  });

  it('lists the override rows by name, whichever tenant comes first', () => {
    const { states, tenants } = threeTenants();
    // Gamma, first here, has the only PRODUCT_AREA override.
    const { rows } = settingsMatrix([...states].reverse(), [...tenants].reverse());
    expect(rows.filter((r) => r.key.startsWith('override:')).map((r) => r.label)).toEqual([
      'Override DEFAULT_AGENT/sql_query_agent',
      'Override PRODUCT_AREA/catalog_search',
    ]);
  });

  it('leaves out a tenant not read yet, as the coverage does', () => {
    const { states, tenants } = threeTenants();
    const unread = [...states.slice(0, 2), { tenantId: gamma.id, status: 'never' as const, stale: false }];
    const { rows, tenants: read } = settingsMatrix(unread, tenants);
    expect(read.map((t) => t.name)).toEqual(['Acme', 'Beta']);
    expect(rowOf(rows, 'defaultLlm').values[gamma.id]).toBeUndefined();
    expect(settingDiffers(rowOf(rows, 'defaultLlm'), gamma.id, acme.id)).toBe(false);
    expect(settingDiffers(rowOf(rows, 'defaultLlm'), acme.id, gamma.id)).toBe(false);
  });

  it('compares defaults by provider and model, not by id', () => {
    const { states, tenants } = threeTenants();
    const { rows } = settingsMatrix(states, tenants);
    const llm = rowOf(rows, 'defaultLlm');
    // Acme's a-1 (azure_openai) and Beta's b-7 (azure): different ids, same model.
    expect(settingDiffers(llm, beta.id, acme.id)).toBe(false);
    expect(settingDiffers(llm, gamma.id, acme.id)).toBe(true);
    expect(settingDiffers(llm, gamma.id, null)).toBe(false);
    expect(tenants.some((t) => settingDiffers(rowOf(rows, 'defaultEmbedding'), t.id, acme.id))).toBe(false);
    expect(settingDiffers(rowOf(rows, 'hideDefaultModels'), gamma.id, acme.id)).toBe(true);
    expect(settingDiffers(rowOf(rows, 'hideDefaultModels'), beta.id, acme.id)).toBe(false);
  });

  it('tells a built-in default from a BYOM one on the same model: one runs on Alation’s key', () => {
    const withBuiltIn = state(
      inventory(acme, [...builtIns('a')], {
        preference: { defaultLlmConfigId: 'a-builtin-gpt5', defaultEmbeddingConfigId: null, hideDefaultModels: false },
      }),
    );
    const own = config('b-9', 'Our GPT-5', 'openai', 'gpt-5-2025-08-07');
    const withOwn = state(
      inventory(beta, [...builtIns('b'), own], {
        preference: { defaultLlmConfigId: 'b-9', defaultEmbeddingConfigId: null, hideDefaultModels: false },
      }),
    );
    const row = settingsMatrix([withBuiltIn, withOwn], [acme, beta]).rows.find((r) => r.key === 'defaultLlm')!;
    expect(settingDiffers(row, beta.id, acme.id)).toBe(true);
  });

  it('tells two built-in defaults apart by their model, and takes the same one on two tenants for the same', () => {
    const builtInDefault = (tenant: InventoryTenant, prefix: string, model: 'gpt5' | 'claude') =>
      state(
        inventory(tenant, builtIns(prefix), {
          preference: { defaultLlmConfigId: `${prefix}-builtin-${model}`, defaultEmbeddingConfigId: null, hideDefaultModels: false },
        }),
      );
    const { rows } = settingsMatrix(
      [builtInDefault(acme, 'a', 'gpt5'), builtInDefault(beta, 'b', 'claude'), builtInDefault(gamma, 'g', 'gpt5')],
      [acme, beta, gamma],
    );
    const llm = rowOf(rows, 'defaultLlm');
    expect(settingDiffers(llm, beta.id, acme.id)).toBe(true);
    expect(settingDiffers(llm, gamma.id, acme.id)).toBe(false);
  });

  it('compares overrides by the model they use, and an unset one with a set one', () => {
    const { states, tenants } = threeTenants();
    const { rows } = settingsMatrix(states, tenants);
    const sql = rowOf(rows, 'override:DEFAULT_AGENT/sql_query_agent');
    expect(settingDiffers(sql, beta.id, acme.id)).toBe(false); // google vs gemini: the same model
    expect(settingDiffers(sql, gamma.id, acme.id)).toBe(true); // not set on Gamma
    const search = rowOf(rows, 'override:PRODUCT_AREA/catalog_search');
    expect(tenants.filter((t) => settingDiffers(search, t.id, beta.id)).map((t) => t.name)).toEqual(['Gamma']);
  });

  it('shows Alation’s default, and a default the inventory does not list', () => {
    const { states, tenants, acmeInv, betaInv } = threeTenants();
    acmeInv.preference.defaultLlmConfigId = null;
    betaInv.preference.defaultLlmConfigId = null;
    states[2]!.inventory!.preference.defaultLlmConfigId = 'deleted-config';
    const llm = rowOf(settingsMatrix(states, tenants).rows, 'defaultLlm');
    expect(llm.values[acme.id]).toEqual({ text: 'Alation’s default', compare: 'none' });
    expect(settingDiffers(llm, beta.id, acme.id)).toBe(false);
    expect(llm.values[gamma.id]!.text).toBe('a config not in the inventory (deleted-config)');
    expect(settingDiffers(llm, gamma.id, acme.id)).toBe(true);
  });

  it('never takes two defaults the inventories do not list for the same: nothing says what either runs', () => {
    const { states, tenants, acmeInv } = threeTenants();
    acmeInv.preference.defaultLlmConfigId = 'deleted-on-acme';
    states[2]!.inventory!.preference.defaultLlmConfigId = 'deleted-on-gamma';
    const llm = rowOf(settingsMatrix(states, tenants).rows, 'defaultLlm');
    expect(llm.values[acme.id]!.text).toBe('a config not in the inventory (deleted-on-acme)');
    expect(settingDiffers(llm, gamma.id, acme.id)).toBe(true);
  });
});

describe('the agents of each tenant', () => {
  it('counts them in the settings matrix, with those stranded on a config that is gone, and never marks a count as drift', () => {
    const { states, tenants, acmeInv, betaInv } = threeTenants();
    acmeInv.agents = [
      { id: 'x1', name: 'Sales', configId: 'a-1' },
      { id: 'x2', name: 'Orphan', configId: 'deleted-config' },
      { id: 'x3', name: 'Old', configId: 'deleted-long-ago' },
      // An agent that names no config is not stranded: it had no config to lose.
      { id: 'x4', name: 'Unset', configId: null },
    ];
    betaInv.agents = null;
    const agents = rowOf(settingsMatrix(states, tenants).rows, 'agents');
    expect(agents.values[acme.id]!.text).toBe('4 agents, 2 on a config that is gone');
    expect(agents.values[beta.id]!.text).toBe('not listed (the tenant has no agent API)');
    expect(agents.values[gamma.id]!.text).toBe('not read yet: refresh');
    // A tenant whose agents all name configs it has: the count alone.
    const settled = threeTenants();
    settled.gammaInv.agents = [{ id: 'g-a', name: 'Search helper', configId: 'g-1' }];
    expect(rowOf(settingsMatrix(settled.states, settled.tenants).rows, 'agents').values[gamma.id]!.text).toBe('1 agent');
    expect(tenants.some((t) => settingDiffers(agents, t.id, acme.id))).toBe(false);
  });

  it('offers, as where a deleted config’s agents may go, the tenant’s other configs of the same kind that stay', () => {
    const { acmeInv, gammaInv } = threeTenants();
    // Acme hides built-ins from agents: only its own completion config that stays.
    expect(agentMoveTargets(acmeInv, 'a-1', new Set(['a-1'])).map((c) => c.id)).toEqual(['a-2']);
    expect(agentMoveTargets(acmeInv, 'a-1', new Set(['a-1', 'a-2']))).toEqual([]);
    expect(agentMoveTargets(acmeInv, 'a-3', new Set(['a-3']))).toEqual([]);
    // Gamma shows built-ins to agents: its own first, then the built-ins.
    expect(agentMoveTargets(gammaInv, 'g-1', new Set(['g-1'])).map((c) => c.name)).toEqual(['Claude Sonnet 4.5', 'GPT-5']);
    expect(agentMoveTargets(gammaInv, 'g-2', new Set())).toEqual([]);
  });
});

describe('deletionImpact', () => {
  it('names the defaults that fall back and the overrides dropped', () => {
    const { acmeInv } = threeTenants();
    expect(deletionImpact(acmeInv, new Set(['a-1', 'a-2']))).toEqual({
      defaults: ['default LLM'],
      overrides: ['DEFAULT_AGENT/sql_query_agent'],
    });
    expect(deletionImpact(acmeInv, new Set(['a-3']))).toEqual({ defaults: ['default embedding'], overrides: [] });
    expect(deletionImpact(acmeInv, new Set(['a-builtin-gpt5', 'unknown']))).toEqual({ defaults: [], overrides: [] });
  });

  it('does not take Alation’s default for a deleted config', () => {
    const { gammaInv } = threeTenants();
    gammaInv.preference.defaultEmbeddingConfigId = null;
    expect(deletionImpact(gammaInv, new Set(['g-1', 'g-2']))).toEqual({ defaults: [], overrides: ['PRODUCT_AREA/catalog_search'] });
  });
});
