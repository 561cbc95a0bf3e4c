// The inventory's rows and its search box: configs joined to their credentials, unused credentials
// as rows of their own, and a search that finds what the table shows, the same with its text
// cache as without, however the query is typed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportRecord, toCsv, toJson } from '../../src-shared/inventory-export';
import { emptyFilters, filterRows, inventoryRows, rowSearchText, searchWords, type InventoryRow } from '../../src-shared/inventory-rows';
import { acme, beta, config, credential, inventory, state } from './drift-fixtures';

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
