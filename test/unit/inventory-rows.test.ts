// The inventory's rows and its search box: configs joined to their credentials, unused credentials
// as rows of their own, and a search that finds what the table shows, the same with its text
// cache as without, however the query is typed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportRecord, toCsv, toJson } from '../../src-shared/inventory-export';
import {
  credentialDetailsText,
  emptyFilters,
  filterRows,
  inventoryRows,
  rowSearchText,
  searchWords,
  type InventoryRow,
} from '../../src-shared/inventory-rows';
import { acme, beta, config, credential, gamma, inventory, state } from './drift-fixtures';

function fixture() {
  const acmeState = state(
    inventory(
      acme,
      [
        config('a-1', 'Support GPT', 'openai', 'gpt-4o-mini', { credentialId: 'ca-1' }),
        config('a-2', 'Search embeddings', 'openai', 'text-embedding-3-small', {
          credentialId: 'ca-1',
          isEmbedding: true,
          dimensions: 1536,
        }),
        config('a-b', 'GPT-5', 'openai', 'gpt-5-2025-08-07', { credentialId: null, builtIn: true }),
      ],
      {
        credentials: [
          credential('ca-1', 'OpenAI team', 'openai'),
          credential('ca-2', 'Spare vLLM', 'openai', { base_url: 'https://llm.internal.example.com/v1' }),
        ],
        preference: { defaultLlmConfigId: 'a-1', defaultEmbeddingConfigId: 'a-2', hideDefaultModels: false },
        overrides: [{ featureType: 'DEFAULT_AGENT', featureKey: 'sql_query_agent', configId: 'a-1' }],
        agents: [
          { id: 'ag-1', name: 'Revenue analyst', configId: 'a-1' },
          { id: 'ag-2', name: 'Ticket triage', configId: 'a-1' },
          { id: 'ag-3', name: 'Unconfigured', configId: null },
        ],
      },
    ),
    {
      sweep: {
        tenantId: acme.id,
        sweptAt: '2026-03-02T10:00:00.000Z',
        credentials: [
          {
            credentialId: 'ca-1',
            status: 'rejected',
            provider: 'openai',
            providerAssumed: false,
            modelCount: null,
            missingModels: [],
            listedModels: [],
            message: 'Unauthorized',
            advice: null,
          },
        ],
      },
    },
  );
  const betaState = state(
    inventory(
      beta,
      [config('b-1', 'Claude for analysts', 'bedrock_us-west-2', 'anthropic.claude-3-5-sonnet-20240620-v1:0', { credentialId: 'cb-1' })],
      {
        credentials: [credential('cb-1', 'Bedrock EU', 'aws', { aws_region: 'eu-central-1' })],
      },
    ),
    { stale: true },
  );
  return inventoryRows([acmeState, betaState], [acme, beta]);
}

const names = (rows: readonly InventoryRow[]) => rows.map((r) => r.config?.name ?? `(unused) ${r.credential?.name}`);

describe('inventory rows', () => {
  it(
    'joins configs to their credentials, shows an unused credential as ' +
      'its own row, and marks defaults, overrides, health and staleness',
    () => {
      const rows = fixture();
      expect(names(rows)).toEqual(['Support GPT', 'Search embeddings', 'GPT-5', '(unused) Spare vLLM', 'Claude for analysts']);
      const [support, search, builtIn, spare, claude] = rows;
      expect(support).toMatchObject({
        credential: { name: 'OpenAI team' },
        defaultFor: ['llm'],
        overrides: ['DEFAULT_AGENT/sql_query_agent'],
        health: { status: 'rejected' },
      });
      expect(search).toMatchObject({ defaultFor: ['embedding'], overrides: [] });
      expect(builtIn).toMatchObject({ credential: null, config: { builtIn: true } });
      expect(spare).toMatchObject({ unused: true, config: null });
      expect(claude).toMatchObject({ stale: true, credential: { credsType: 'aws' } });
    },
  );

  it('names the agents of each config, and says when a tenant’s agents are not known', () => {
    const [support, search, , spare, claude] = fixture();
    expect(support!.agents!.map((a) => a.name)).toEqual(['Revenue analyst', 'Ticket triage']);
    expect(search!.agents).toEqual([]);
    expect(spare!.agents).toBeNull();
    // Beta's inventory has no agents (its tenant has no agent API, or it was read before agents were).
    expect(claude!.agents).toBeNull();
    expect([support, search, claude].map((r) => exportRecord(r!).agents)).toEqual(['Revenue analyst; Ticket triage', '', '']);
  });

  it('finds what the table shows: details, kind, defaults, the health verdict as worded, but never a masked value', () => {
    const rows = fixture();
    const find = (query: string, more = {}) => names(filterRows(rows, { ...emptyFilters, query, ...more }));
    expect(find('internal.example')).toEqual(['(unused) Spare vLLM']);
    expect(find('eu-central')).toEqual(['Claude for analysts']);
    expect(find('key rejected')).toEqual(['Support GPT', 'Search embeddings']);
    expect(find('default embedding')).toEqual(['Search embeddings']);
    expect(find('sql_query_agent')).toEqual(['Support GPT']);
    // A config is found by the names of the agents that use it.
    expect(find('ticket triage')).toEqual(['Support GPT']);
    expect(find('unconfigured')).toEqual([]);
    expect(find('wxyz')).toEqual([]);
    // Built-ins only when asked for.
    expect(find('gpt-5')).toEqual([]);
    expect(find('gpt-5 built-in', { showBuiltIns: true })).toEqual(['GPT-5']);
    // Facets and the query together.
    expect(find('openai', { kind: 'embedding' })).toEqual(['Search embeddings']);
    expect(find('', { unusedOnly: true })).toEqual(['(unused) Spare vLLM']);
    expect(find('', { problemsOnly: true })).toEqual(['Support GPT', 'Search embeddings']);
  });

  it('gives the same rows with its text cache as without, keystroke after keystroke, for any query', () => {
    const rows = fixture();
    const vocabulary = [
      'gpt',
      '4o',
      'openai',
      'EU',
      'default',
      'key',
      'rejected',
      'embedding',
      'acme',
      'beta',
      'x',
      ' ',
      '  ',
      'claude',
      'completion',
      'unused',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...vocabulary), { maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (queries, showBuiltIns) => {
          const cache: (string | undefined)[] = [];
          for (const parts of queries) {
            const filters = { ...emptyFilters, query: parts.join(' '), showBuiltIns };
            const words = searchWords(filters.query);
            const expected = rows.filter((r) => (showBuiltIns || !r.config?.builtIn) && words.every((w) => rowSearchText(r).includes(w)));
            expect(filterRows(rows, filters, cache)).toEqual(expected);
          }
        },
      ),
    );
  });

  it('exports the rows as the table shows them, a column per field, and never a masked key', () => {
    const rows = fixture();
    const csv = toCsv(rows);
    expect(csv).not.toContain('wxyz');
    // One line per row, in CRLF, the last ended too; no cell here needs quoting.
    expect(csv.split('\r\n').map((line) => line.split(','))).toEqual([
      [
        'tenant',
        'environment',
        'credential',
        'credsType',
        'credentialDetails',
        'config',
        'provider',
        'model',
        'kind',
        'dimensions',
        'builtIn',
        'default',
        'overrides',
        'agents',
        'health',
        'modelListed',
        'readStale',
      ],
      [
        'Acme',
        'production',
        'OpenAI team',
        'openai',
        '',
        'Support GPT',
        'openai',
        'gpt-4o-mini',
        'completion',
        '',
        'false',
        'llm',
        'DEFAULT_AGENT/sql_query_agent',
        'Revenue analyst; Ticket triage',
        'rejected',
        '',
        'false',
      ],
      [
        'Acme',
        'production',
        'OpenAI team',
        'openai',
        '',
        'Search embeddings',
        'openai',
        'text-embedding-3-small',
        'embedding',
        '1536',
        'false',
        'embedding',
        '',
        '',
        'rejected',
        '',
        'false',
      ],
      ['Acme', 'production', '', '', '', 'GPT-5', 'openai', 'gpt-5-2025-08-07', 'completion', '', 'true', '', '', '', '', '', 'false'],
      [
        'Acme',
        'production',
        'Spare vLLM',
        'openai',
        'https://llm.internal.example.com/v1',
        '',
        '',
        '',
        'unused credential',
        '',
        'false',
        '',
        '',
        '',
        '',
        '',
        'false',
      ],
      [
        'Beta',
        'staging',
        'Bedrock EU',
        'aws',
        'eu-central-1',
        'Claude for analysts',
        'bedrock_us-west-2',
        'anthropic.claude-3-5-sonnet-20240620-v1:0',
        'completion',
        '',
        'false',
        '',
        '',
        '',
        '',
        '',
        'true',
      ],
      [''],
    ]);
    const json = toJson(rows, '2026-12-02T08:00:00.000Z');
    expect(json).not.toContain('wxyz');
    expect(JSON.parse(json)).toEqual({ exportedAt: '2026-12-02T08:00:00.000Z', rows: rows.map(exportRecord) });
    expect(JSON.parse(json).rows[1]).toMatchObject({ kind: 'embedding', dimensions: 1536, builtIn: false, readStale: false });
    expect(json.endsWith('}\n')).toBe(true);
    // Whether the model is still listed is known only where the key works.
    const healthy = { ...rows[0]!, health: { ...rows[0]!.health!, status: 'ok' as const } };
    expect(
      [exportRecord({ ...healthy, modelMissing: false }), exportRecord({ ...healthy, modelMissing: true })].map((r) => r.modelListed),
    ).toEqual([true, false]);
  });

  it('keeps, for each filter, only the rows it names; built-in configs only when asked for', () => {
    const rows = fixture();
    const shown = (f: Partial<typeof emptyFilters>) => names(filterRows(rows, { ...emptyFilters, ...f }));
    expect(shown({})).toEqual(['Support GPT', 'Search embeddings', '(unused) Spare vLLM', 'Claude for analysts']);
    expect(shown({ showBuiltIns: true })).toContain('GPT-5');
    expect(shown({ tenantIds: [beta.id] })).toEqual(['Claude for analysts']);
    expect(shown({ environments: ['production'] })).toEqual(['Support GPT', 'Search embeddings', '(unused) Spare vLLM']);
    // A provider or kind filter leaves out a credential no config uses; a creds type filter keeps it.
    expect(shown({ providers: ['bedrock_us-west-2'] })).toEqual(['Claude for analysts']);
    expect(shown({ kind: 'embedding' })).toEqual(['Search embeddings']);
    expect(shown({ kind: 'completion' })).toEqual(['Support GPT', 'Claude for analysts']);
    expect(shown({ credsTypes: ['openai'] })).toEqual(['Support GPT', 'Search embeddings', '(unused) Spare vLLM']);
    expect(shown({ credsTypes: ['openai'], showBuiltIns: true })).not.toContain('GPT-5');
    expect(shown({ unusedOnly: true })).toEqual(['(unused) Spare vLLM']);
    expect(shown({ defaultOnly: true })).toEqual(['Support GPT', 'Search embeddings']);
    expect(shown({ overrideOnly: true })).toEqual(['Support GPT']);
    expect(shown({ problemsOnly: true })).toEqual(['Support GPT', 'Search embeddings']);
    expect(shown({ labels: ['no-such-label'] })).toEqual([]);
    // The search box: every word, in any case, spaces around and between them aside.
    expect(shown({ query: '  SUPPORT   gpt ' })).toEqual(['Support GPT']);
    expect(shown({ query: '   ' })).toEqual(shown({}));
  });
});

/**
 * One tenant whose last sweep gave every verdict: a key that works (one of its configs' models no
 * longer listed), one refused, one forbidden, a provider that lists no models, a failed check, and a
 * refused key no config uses.
 */
function sweptTenant() {
  const verdicts = { k1: 'ok', k2: 'rejected', k3: 'forbidden', k4: 'unlisted', k5: 'error', k6: 'rejected' } as const;
  const inv = inventory(
    acme,
    [
      config('c1', 'Works', 'openai', 'gpt-4o', { credentialId: 'k1' }),
      config('c2', 'Retired model', 'openai', 'gpt-4-32k', { credentialId: 'k1' }),
      config('c3', 'Refused', 'openai', 'gpt-4o', { credentialId: 'k2' }),
      config('c4', 'Not allowed', 'openai', 'gpt-4o', { credentialId: 'k3' }),
      config('c5', 'No listing', 'openai', 'gpt-4o', { credentialId: 'k4' }),
      config('c6', 'Failing', 'openai', 'gpt-4o', { credentialId: 'k5' }),
      config('c7', 'Vectors', 'openai', 'nomic-embed-text', { credentialId: 'k1', isEmbedding: true, dimensions: 768 }),
    ],
    { credentials: ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot'].map((name, i) => credential(`k${i + 1}`, name, 'openai')) },
  );
  const sweep = {
    tenantId: acme.id,
    sweptAt: '2026-03-02T10:00:00.000Z',
    credentials: Object.entries(verdicts).map(([credentialId, status]) => ({
      credentialId,
      status,
      provider: 'openai',
      providerAssumed: false,
      modelCount: null,
      missingModels: credentialId === 'k1' ? ['gpt-4-32k'] : [],
      listedModels: [],
      message: null,
      advice: null,
    })),
  };
  return inventoryRows([state(inv, { sweep })], [acme]);
}

describe('what the sweep found, in the rows', () => {
  it('finds a credential by its health verdict as the Health column words it, in any case', () => {
    const rows = sweptTenant();
    const find = (query: string) => names(filterRows(rows, { ...emptyFilters, query }));
    expect(find('OK')).toEqual(['Works', 'Retired model', 'Vectors']);
    expect(find('key rejected')).toEqual(['Refused', '(unused) Foxtrot']);
    expect(find('forbidden')).toEqual(['Not allowed']);
    expect(find('models unlisted')).toEqual(['No listing']);
    expect(find('error')).toEqual(['Failing']);
    expect(find('not listed')).toEqual(['Retired model']);
  });

  it('shows as problems a refused or failing key and a model no longer listed, not a working key nor a provider that lists none', () => {
    const rows = sweptTenant();
    expect(rows.find((r) => r.config?.name === 'Retired model')!.modelMissing).toBe(true);
    expect(names(filterRows(rows, { ...emptyFilters, problemsOnly: true }))).toEqual([
      'Retired model',
      'Refused',
      'Not allowed',
      'Failing',
      // A refused key no config uses is a problem too.
      '(unused) Foxtrot',
    ]);
  });

  it('finds configs by their kind, and a credential no config uses by "unused"', () => {
    const rows = sweptTenant();
    const find = (query: string) => names(filterRows(rows, { ...emptyFilters, query }));
    expect(find('embedding')).toEqual(['Vectors']);
    expect(find('completion')).toEqual(['Works', 'Retired model', 'Refused', 'Not allowed', 'No listing', 'Failing']);
    expect(find('unused')).toEqual(['(unused) Foxtrot']);
  });
});

describe('rows, keys and the search box', () => {
  it('gives every row a key of its own, across tenants with the same ids, so a link to a row opens that row', () => {
    const same = (tenant: typeof acme) =>
      state(
        inventory(tenant, [config('1', 'GPT', 'openai', 'gpt-4o', { credentialId: 'k1' })], {
          credentials: ['k1', 'k2', 'k3'].map((id) => credential(id, 'Key', 'openai')),
        }),
      );
    const keys = inventoryRows([same(acme), same(beta)], [acme, beta]).map((r) => r.key);
    expect(keys).toHaveLength(6);
    expect(new Set(keys).size).toBe(6);
  });

  it('has no rows for a tenant not read yet, nor for one no longer in the tenant list', () => {
    const read = state(inventory(acme, [config('a-1', 'Support GPT', 'openai', 'gpt-4o')]));
    const rows = inventoryRows([read, { tenantId: beta.id, status: 'never', stale: false }, state(inventory(gamma, []))], [acme, beta]);
    expect(names(rows)).toEqual(['Support GPT']);
  });

  it('reads a credential’s details as one line, a version and a client id named as such', () => {
    const details = (d: Parameters<typeof credential>[3]) => credentialDetailsText(credential('k', 'Key', 'x', d));
    expect(details({ azure_endpoint: 'https://acme.openai.azure.com', api_version: '2024-10-21' })).toBe(
      'https://acme.openai.azure.com · api 2024-10-21',
    );
    expect(details({ azure_endpoint: 'https://acme.openai.azure.com', azure_client_id: 'app-1' })).toBe(
      'https://acme.openai.azure.com · client app-1',
    );
    expect(details({ gcp_project: 'acme-ai', gcp_location: 'us-central1' })).toBe('acme-ai · us-central1');
    expect(credentialDetailsText(null)).toBe('');
  });

  it('finds a word within one column, never across two: "lisa" finds the agent Lisa, not the tenant Hooli in sandbox', () => {
    const hooli = { id: 'hooli', name: 'Hooli', environment: { label: 'sandbox', color: '#1a7f37' } };
    const rows = inventoryRows(
      [
        state(inventory(hooli, [config('h-1', 'Support GPT', 'openai', 'gpt-4o', { credentialId: null })])),
        state(
          inventory(acme, [config('a-1', 'Sales GPT', 'openai', 'gpt-4o', { credentialId: null })], {
            agents: [{ id: 'ag-1', name: 'Lisa', configId: 'a-1' }],
          }),
        ),
      ],
      [hooli, acme],
    );
    expect(names(filterRows(rows, { ...emptyFilters, query: 'lisa' }))).toEqual(['Sales GPT']);
  });

  it('finds a credential by the day it expires, not by the time of day stored with it', () => {
    const inv = inventory(acme, [], { credentials: [credential('k1', 'Key', 'openai')] });
    const rows = inventoryRows([state(inv)], [acme], [{ tenantId: acme.id, credentialId: 'k1', expiresAt: '2026-03-10T17:30:00.000Z' }]);
    const find = (query: string) => names(filterRows(rows, { ...emptyFilters, query }));
    expect(find('expires 2026-03-10')).toEqual(['(unused) Key']);
    expect(find('17:30')).toEqual([]);
  });

  it('measures "expiring" against the time now when no clock is given', () => {
    const inv = inventory(acme, [], { credentials: [credential('k1', 'Old key', 'openai'), credential('k2', 'New key', 'openai')] });
    const rows = inventoryRows(
      [state(inv)],
      [acme],
      [
        { tenantId: acme.id, credentialId: 'k1', expiresAt: '2020-01-01T00:00:00.000Z' },
        { tenantId: acme.id, credentialId: 'k2', expiresAt: '2999-01-01T00:00:00.000Z' },
      ],
    );
    expect(names(filterRows(rows, { ...emptyFilters, expiringOnly: true }))).toEqual(['(unused) Old key']);
  });

  it('exports every default and override of a config, a space between them', () => {
    const inv = inventory(acme, [config('a-1', 'Everything', 'openai', 'gpt-4o')], {
      // What the tenant lists is exported as it is, one config named for both defaults too.
      preference: { defaultLlmConfigId: 'a-1', defaultEmbeddingConfigId: 'a-1', hideDefaultModels: false },
      overrides: [
        { featureType: 'DEFAULT_AGENT', featureKey: 'sql_query_agent', configId: 'a-1' },
        { featureType: 'PRODUCT_AREA', featureKey: 'catalog_search', configId: 'a-1' },
      ],
    });
    expect(exportRecord(inventoryRows([state(inv)], [acme])[0]!)).toMatchObject({
      default: 'llm embedding',
      overrides: 'DEFAULT_AGENT/sql_query_agent PRODUCT_AREA/catalog_search',
    });
  });
});
