// A roll back, one undo at a time, against a tenant held in memory: each undo checks what it can
// first, so a default or an override someone changed since is kept, something already gone is what
// was asked for, and the words in the report and the audit log say what was taken back.
import { describe, expect, it } from 'vitest';
import type { AlationClient } from '../../src-main/alation/client';
import { completeUndo, describeUndo, leftOnTenant, runUndo, undoSchema, type Undo } from '../../src-main/tenant-ops/undo';
import { AppError } from '../../src-shared/errors';

interface Override {
  feature_type: 'DEFAULT_AGENT' | 'PRODUCT_AREA';
  feature_key: string;
  llm_config_id: string | null;
}

/** A tenant's defaults, overrides and configs, and every write an undo made to them. */
function tenant(state: {
  preference?: { default_llm_config_id: string | null; default_embedding_config_id: string | null; hide_default_models: boolean | null };
  overrides?: Override[];
  configIds?: string[];
  missing?: boolean;
}) {
  const writes: string[] = [];
  const notFound = () => new AppError('not_found', 'not found');
  const write = async (what: string) => {
    writes.push(what);
    if (state.missing) throw notFound();
  };
  const client = {
    deleteCredential: (id: string) => write(`delete credential ${id}`),
    deleteLlmConfig: (id: string) => write(`delete config ${id}`),
    patchLlmConfig: (id: string, body: Record<string, unknown>) => write(`patch config ${id} ${JSON.stringify(body)}`),
    getLlmPreference: async () =>
      state.preference ?? { default_llm_config_id: null, default_embedding_config_id: null, hide_default_models: null },
    putLlmPreference: async (body: unknown) => writes.push(`put preference ${JSON.stringify(body)}`),
    listFeatureOverrides: async () => state.overrides ?? [],
    deleteFeatureOverride: (type: string, key: string) => write(`clear override ${type}/${key}`),
    putFeatureOverride: async (body: Override) =>
      writes.push(`put override ${body.feature_type}/${body.feature_key} ${body.llm_config_id}`),
    listLlmConfigs: async () => (state.configIds ?? []).map((id) => ({ id })),
    patchAgentLlmConfig: async (id: string, body: { llm_config_id: string }) => writes.push(`move agent ${id} to ${body.llm_config_id}`),
  };
  return { client: client as unknown as AlationClient, writes };
}

// Called inside tests only: an undo the schema refused at a describe's level would stop the file from loading, and Stryker
// counts a file that does not load as no test run.
const undo = (u: Undo) => undoSchema.parse(u);

describe('taking back a change to the defaults', () => {
  const set: Undo = {
    kind: 'put-preference',
    previous: { llm: 'old-llm', embedding: null },
    set: { llm: 'new-llm', embedding: 'new-emb' },
  };

  it('puts back each default the step set while it is still what the step set', async () => {
    const t = tenant({
      preference: { default_llm_config_id: 'new-llm', default_embedding_config_id: 'new-emb', hide_default_models: false },
    });
    expect(await runUndo(t.client, set)).toBe('done');
    expect(t.writes).toEqual([
      'put preference {"default_llm_config_id":"old-llm","default_embedding_config_id":null,"hide_default_models":false}',
    ]);
  });

  it('keeps a default someone changed since, and still puts back the other', async () => {
    const t = tenant({
      preference: { default_llm_config_id: 'theirs', default_embedding_config_id: 'new-emb', hide_default_models: null },
    });
    expect(await runUndo(t.client, set)).toBe('done');
    expect(t.writes).toEqual([
      'put preference {"default_llm_config_id":"theirs","default_embedding_config_id":null,"hide_default_models":false}',
    ]);
    const both = tenant({
      preference: { default_llm_config_id: 'theirs', default_embedding_config_id: 'mine', hide_default_models: null },
    });
    expect(await runUndo(both.client, set)).toBe('kept');
    expect(both.writes).toEqual([]);
  });

  it('writes nothing when the defaults are already back, and hides the built-in models again only if it showed them', async () => {
    const back = tenant({
      preference: { default_llm_config_id: 'old-llm', default_embedding_config_id: null, hide_default_models: false },
    });
    expect(await runUndo(back.client, set)).toBe('done');
    expect(back.writes).toEqual([]);
    const hide = undo({ kind: 'put-preference', previous: {}, set: { hide: true } });
    const hidden = tenant({ preference: { default_llm_config_id: 'x', default_embedding_config_id: null, hide_default_models: true } });
    expect(await runUndo(hidden.client, hide)).toBe('done');
    expect(hidden.writes).toEqual([
      'put preference {"default_llm_config_id":"x","default_embedding_config_id":null,"hide_default_models":false}',
    ]);
    // A default the step did not set is no one's change to keep, whatever it is now.
    const llmOnly = undo({ kind: 'put-preference', previous: { llm: 'old-llm' }, set: { llm: 'new-llm' } });
    const llmBack = tenant({
      preference: { default_llm_config_id: 'old-llm', default_embedding_config_id: 'emb', hide_default_models: true },
    });
    expect(await runUndo(llmBack.client, llmOnly)).toBe('done');
    expect(llmBack.writes).toEqual([]);
  });
});

describe('taking back an override', () => {
  const put: Undo = {
    kind: 'put-override',
    featureType: 'DEFAULT_AGENT',
    featureKey: 'sql',
    configId: 'before',
    configName: 'Before',
    setTo: 'after',
  };
  const clear: Undo = { kind: 'clear-override', featureType: 'PRODUCT_AREA', featureKey: 'search', setTo: 'made' };

  it('puts it back on the config it named while it still names what the step set, else keeps it', async () => {
    const t = tenant({ overrides: [{ feature_type: 'DEFAULT_AGENT', feature_key: 'sql', llm_config_id: 'after' }] });
    expect(await runUndo(t.client, put)).toBe('done');
    expect(t.writes).toEqual(['put override DEFAULT_AGENT/sql before']);
    const changed = tenant({
      overrides: [
        { feature_type: 'PRODUCT_AREA', feature_key: 'sql', llm_config_id: 'after' },
        { feature_type: 'DEFAULT_AGENT', feature_key: 'chat', llm_config_id: 'after' },
        { feature_type: 'DEFAULT_AGENT', feature_key: 'sql', llm_config_id: 'theirs' },
      ],
    });
    expect(await runUndo(changed.client, put)).toBe('kept');
    expect(changed.writes).toEqual([]);
  });

  it('clears one the step made, and an override already gone is what was asked for', async () => {
    const t = tenant({ overrides: [{ feature_type: 'PRODUCT_AREA', feature_key: 'search', llm_config_id: 'made' }] });
    expect(await runUndo(t.client, clear)).toBe('done');
    expect(t.writes).toEqual(['clear override PRODUCT_AREA/search']);
    const gone = tenant({ overrides: [{ feature_type: 'PRODUCT_AREA', feature_key: 'search', llm_config_id: 'made' }], missing: true });
    expect(await runUndo(gone.client, clear)).toBe('gone');
    expect(await runUndo(tenant({}).client, clear)).toBe('kept');
  });
});

describe('taking back what a step made', () => {
  it('deletes what it created, by the id the create gave; what is gone already, or never got an id, is gone', async () => {
    const t = tenant({});
    expect(await runUndo(t.client, completeUndo(undo({ kind: 'delete-credential', name: 'Team' }), 'cred-1'))).toBe('done');
    expect(await runUndo(t.client, completeUndo(undo({ kind: 'delete-config', name: 'GPT' }), 'cfg-1'))).toBe('done');
    expect(await runUndo(t.client, undo({ kind: 'delete-config', name: 'GPT' }))).toBe('gone');
    expect(await runUndo(t.client, undo({ kind: 'delete-credential', name: null }))).toBe('gone');
    expect(t.writes).toEqual(['delete credential cred-1', 'delete config cfg-1']);
    const missing = tenant({ missing: true });
    expect(await runUndo(missing.client, undo({ kind: 'delete-config', configId: 'cfg-1', name: 'GPT' }))).toBe('gone');
    // An id the journal already has is not replaced, and other undos take no id.
    expect(completeUndo(undo({ kind: 'delete-config', configId: 'cfg-1', name: null }), 'cfg-2')).toMatchObject({ configId: 'cfg-1' });
    expect(completeUndo(undo({ kind: 'delete-config', name: null }), null)).toEqual({ kind: 'delete-config', name: null });
    const clear = undo({ kind: 'clear-override', featureType: 'PRODUCT_AREA', featureKey: 'search', setTo: 'x' });
    expect(completeUndo(clear, 'cfg-2')).toEqual(clear);
  });

  it('stops the roll back at a refusal other than not found', async () => {
    const refusing = tenant({});
    (refusing.client as unknown as { deleteLlmConfig: () => Promise<void> }).deleteLlmConfig = async () => {
      throw new AppError('conflict', 'in use');
    };
    await expect(runUndo(refusing.client, undo({ kind: 'delete-config', configId: 'cfg-1', name: 'GPT' }))).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('moves an agent back only while its config is there, and says why it stays otherwise', async () => {
    const move = undo({
      kind: 'move-agent',
      agentId: 'ag-1',
      agentName: 'Analyst',
      fromConfigId: 'now',
      fromConfigName: 'Now',
      toConfigId: 'before',
      toConfigName: null,
    });
    const t = tenant({ configIds: ['now', 'before'] });
    expect(await runUndo(t.client, move)).toBe('done');
    expect(t.writes).toEqual(['move agent ag-1 to before']);
    const gone = tenant({ configIds: ['now'] });
    expect(await runUndo(gone.client, move)).toBe('left');
    expect(leftOnTenant(move)).toBe('agent “Analyst” left on “Now”: config before, where it was, is gone');
    expect(leftOnTenant(undo({ kind: 'delete-config', name: 'GPT' }))).toBe('config left as it is');
  });

  it('patches a config’s fields back to what they were', async () => {
    const t = tenant({});
    expect(await runUndo(t.client, undo({ kind: 'patch-config', configId: 'cfg-1', name: 'GPT', fields: { name: 'Old name' } }))).toBe(
      'done',
    );
    expect(t.writes).toEqual(['patch config cfg-1 {"name":"Old name"}']);
  });
});

describe('the words for each undo', () => {
  it('name what was taken back, for the report and the audit log', () => {
    const cases: [Undo, string, string, string | null][] = [
      [
        { kind: 'delete-credential', credentialId: 'c1', name: 'Team' },
        'credential.delete',
        'Deleted the credential this run created, “Team”',
        'Team',
      ],
      [{ kind: 'delete-credential', name: null }, 'credential.delete', 'Deleted the credential this run created', null],
      [{ kind: 'delete-config', configId: 'g1', name: 'GPT' }, 'config.delete', 'Deleted config “GPT”', 'GPT'],
      [{ kind: 'delete-config', name: null }, 'config.delete', 'Deleted config the run created', null],
      [{ kind: 'put-preference', previous: {}, set: { llm: 'x' } }, 'preference.set', 'Put the defaults back', 'defaults put back'],
      [
        { kind: 'put-override', featureType: 'DEFAULT_AGENT', featureKey: 'sql', configId: 'g1', configName: 'GPT', setTo: 'g2' },
        'override.set',
        'Put override DEFAULT_AGENT/sql back on “GPT”',
        'DEFAULT_AGENT/sql',
      ],
      [
        { kind: 'clear-override', featureType: 'PRODUCT_AREA', featureKey: 'search', setTo: 'g2' },
        'override.clear',
        'Cleared override PRODUCT_AREA/search',
        'PRODUCT_AREA/search',
      ],
      [
        {
          kind: 'move-agent',
          agentId: 'a1',
          agentName: 'Analyst',
          fromConfigId: 'g2',
          fromConfigName: null,
          toConfigId: 'g1',
          toConfigName: 'GPT',
        },
        'agent.repoint',
        'Moved agent “Analyst” back to “GPT”',
        'Analyst',
      ],
      [{ kind: 'patch-config', configId: 'g1', name: null, fields: {} }, 'config.update', 'Changed config g1 back', null],
    ];
    for (const [u, action, label, name] of cases) {
      const d = describeUndo(undo(u));
      expect([d.action, d.label, d.object.name, d.step], label).toEqual([action, label, name, 'rollback']);
    }
    const moved = describeUndo(undo(cases[7]![0]));
    expect(moved.object).toEqual({ kind: 'agent', id: 'a1', name: 'Analyst' });
    expect(moved.alsoNames).toEqual([
      { kind: 'config', id: 'g2', name: null },
      { kind: 'config', id: 'g1', name: 'GPT' },
    ]);
    expect(describeUndo(undo(cases[0]![0])).object).toEqual({ kind: 'credential', id: 'c1', name: 'Team' });
    expect(describeUndo(undo(cases[3]![0])).object).toEqual({ kind: 'config', id: null, name: null });
    expect(describeUndo(undo(cases[6]![0])).object).toEqual({ kind: 'override', id: null, name: 'PRODUCT_AREA/search' });
    expect(describeUndo(undo(cases[8]![0])).object).toEqual({ kind: 'config', id: 'g1', name: null });
  });

  it('refuses an undo the journal cannot have written', () => {
    for (const bad of [
      { kind: 'delete-config', configId: '', name: null },
      { kind: 'put-override', featureType: 'SOMETHING', featureKey: 'k', configId: 'g', setTo: null },
      { kind: 'clear-override', featureType: 'PRODUCT_AREA', featureKey: '', setTo: 'g' },
      { kind: 'drop-table' },
    ])
      expect(undoSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
