// @vitest-environment jsdom
// The drift views as a person uses them: the coverage matrix marks a missing model and, once a
// baseline is chosen, what differs from it; a tenant's settings panel offers the keys a tenant
// accepts when it refuses one, and warns about the index rebuild before changing the embedding.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CoverageMatrix } from '../../src-renderer/features/inventory/CoverageMatrix';
import { SettingsMatrix } from '../../src-renderer/features/inventory/SettingsMatrix';
import { TenantSettings } from '../../src-renderer/features/inventory/TenantSettings';
import { useInventoryStore } from '../../src-renderer/features/inventory/inventory-store';
import type { BridgeApi } from '../../src-shared/contract';
import type { AppErrorShape } from '../../src-shared/errors';
import type { InventoryConfig, TenantInventory, TenantInventoryState } from '../../src-shared/inventory';
import type { InventoryTenant } from '../../src-shared/inventory-rows';
import { acme, beta, config, gamma, inventory, state as stateOf } from './drift-fixtures';

const embedding = (id: string, name: string, modelName: string) =>
  config(id, name, 'openai', modelName, { isEmbedding: true, dimensions: 1536 });
const builtIn = (id: string) => config(id, 'GPT-5', 'openai', 'gpt-5-2025-08-07', { builtIn: true, credentialId: null });

function state(tenant: InventoryTenant, configs: InventoryConfig[], more: Partial<TenantInventory> = {}): TenantInventoryState {
  return stateOf(inventory(tenant, configs, more));
}

/** Acme and Beta run GPT-4o (Beta twice, spelled `azure`); Gamma does not; Acme has no Gemini but a second embedding. */
const acmeState = state(
  acme,
  [
    builtIn('a-b1'),
    config('a-1', 'GPT-4o mine', 'azure_openai', 'gpt-4o'),
    embedding('a-3', 'Small embeddings', 'text-embedding-3-small'),
    embedding('a-4', 'Large embeddings', 'text-embedding-3-large'),
  ],
  {
    preference: { defaultLlmConfigId: 'a-1', defaultEmbeddingConfigId: 'a-3', hideDefaultModels: false },
    overrides: [{ featureType: 'PRODUCT_AREA', featureKey: 'catalog_search', configId: 'a-1' }],
  },
);
const betaState = state(beta, [
  builtIn('b-b1'),
  config('b-7', 'GPT-4o (EU)', 'azure', 'gpt-4o'),
  config('b-8', 'GPT-4o backup', 'azure_openai', 'gpt-4o'),
  config('b-9', 'Gemini', 'gemini', 'gemini-2.5-flash'),
  embedding('b-10', 'Embeddings', 'text-embedding-3-small'),
]);
const gammaState = state(
  gamma,
  [builtIn('g-b1'), config('g-1', 'Flash', 'google', 'gemini-2.5-flash'), embedding('g-2', 'Embeddings', 'text-embedding-3-small')],
  {
    preference: { defaultLlmConfigId: 'g-b1', defaultEmbeddingConfigId: 'g-2', hideDefaultModels: true },
  },
);
const states = [acmeState, betaState, gammaState];
const tenants = [acme, beta, gamma];

function installBridge(api: Partial<BridgeApi>) {
  Object.defineProperty(window, 'byomDesk', { value: api, configurable: true });
}

// jsdom has no modal dialogs: open and close them as the browser does, by the `open` attribute.
const dialog = HTMLDialogElement.prototype;
const original = { showModal: dialog.showModal, close: dialog.close };
beforeAll(() => {
  dialog.showModal = function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  dialog.close = function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});
afterAll(() => Object.assign(dialog, original));

afterEach(() => {
  cleanup();
  useInventoryStore.setState({ tenants: {}, loaded: false });
});

/** The page's part: it holds the baseline (in the address, in the app). */
function CoverageHarness({ states: s }: { states: TenantInventoryState[] }) {
  const [baseline, setBaseline] = useState<string | null>(null);
  return <CoverageMatrix states={s} tenants={tenants} baseline={baseline} onBaseline={setBaseline} />;
}

/** The cell of a model's row that a screen reader reads as `text`. */
const cellOf = (model: string, text: string) => {
  const row = screen.getByRole('rowheader', { name: new RegExp(` ${model} `) }).closest('tr')!;
  return within(row).getByText(text, { selector: '.visually-hidden' }).closest('td')!;
};

describe('CoverageMatrix', () => {
  it('marks the missing model, and what differs once a baseline is chosen', async () => {
    render(<CoverageHarness states={states} />);
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['Model', 'productionAcme', 'stagingBeta', 'devGamma']);
    expect(screen.getByRole('status').textContent).toBe('4 models across 3 tenants');

    const missing = cellOf('gpt-4o', 'Gamma: missing');
    expect(missing.classList.contains('drift-absent')).toBe(true);
    expect(missing.getAttribute('title')).toBe('missing');
    expect(missing.textContent).toContain('–');
    const twice = cellOf('gpt-4o', 'Beta: GPT-4o (EU), GPT-4o backup');
    expect(twice.textContent).toContain('✓ 2');
    expect(twice.getAttribute('title')).toBe('GPT-4o (EU), GPT-4o backup');
    expect(document.querySelectorAll('.drift-differs')).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('Baseline tenant'), { target: { value: acme.id } });

    // The choice shows at once; the cells follow once it has painted. GPT-4o on Gamma; Gemini on
    // Beta and Gamma (Acme has none); the large embedding only Acme has.
    expect(screen.getByLabelText<HTMLSelectElement>('Baseline tenant').value).toBe(acme.id);
    await waitFor(() => expect(document.querySelectorAll('.drift-differs')).toHaveLength(5));
    expect(screen.getByRole('status').textContent).toBe('4 models across 3 tenants; 5 differ from Acme');
    const differs = cellOf('gpt-4o', 'Gamma: missing; differs from Acme');
    expect(differs).toBe(missing);
    expect(differs.classList.contains('drift-differs')).toBe(true);
    expect(cellOf('gpt-4o', 'Beta: GPT-4o (EU), GPT-4o backup').classList.contains('drift-differs')).toBe(false);
    expect(within(screen.getAllByRole('columnheader')[1]!).getByText('baseline')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Baseline tenant'), { target: { value: '' } });
    await waitFor(() => expect(document.querySelectorAll('.drift-differs')).toHaveLength(0));
  });

  it('says what to do when there is nothing, or only one tenant, to compare', () => {
    const { rerender } = render(<CoverageHarness states={[]} />);
    expect(screen.getByText('Refresh the inventory to compare tenants.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    rerender(<CoverageHarness states={[acmeState, { tenantId: beta.id, status: 'never', stale: false }]} />);
    expect(screen.getByText(/Only Acme has been read/)).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });
});

describe('SettingsMatrix', () => {
  it('compares defaults by model and opens a tenant’s settings', () => {
    const onEdit = vi.fn();
    render(<SettingsMatrix states={states} tenants={tenants} baseline={acme.id} onBaseline={() => {}} onEdit={onEdit} />);
    const llm = screen.getByRole('rowheader', { name: 'Default LLM' }).closest('tr')!;
    const [acmeCell, betaCell, gammaCell] = within(llm).getAllByRole('cell');
    expect(acmeCell!.textContent).toBe('GPT-4o mine (gpt-4o)');
    // Beta has Alation's default, Gamma a built-in: both differ from Acme's GPT-4o.
    expect(betaCell!.classList.contains('drift-differs')).toBe(true);
    expect(gammaCell!.textContent).toContain('GPT-5 (gpt-5-2025-08-07, built-in)');
    expect(gammaCell!.textContent).toContain('differs from Acme');
    const embeddingRow = screen.getByRole('rowheader', { name: 'Default embedding' }).closest('tr')!;
    // a-3 and g-2: different ids, the same text-embedding-3-small: no difference.
    expect(within(embeddingRow).getAllByRole('cell')[2]!.classList.contains('drift-differs')).toBe(false);
    expect(screen.getByRole('rowheader', { name: 'Override PRODUCT_AREA/catalog_search' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Edit settings of Gamma' }));
    expect(onEdit).toHaveBeenCalledWith(gamma.id);
  });
});

/** The page's part: the panel shows the store's state, which each save updates. */
function SettingsHarness() {
  const current = useInventoryStore((s) => s.tenants[acme.id]);
  return current ? <TenantSettings tenant={acme} state={current} onClose={() => {}} /> : null;
}

function openSettings(api: Partial<BridgeApi>) {
  installBridge(api);
  useInventoryStore.setState({ tenants: { [acme.id]: acmeState } });
  render(<SettingsHarness />);
  return screen.getByRole('region', { name: 'Settings of Acme' });
}

describe('TenantSettings', () => {
  const refused: AppErrorShape = {
    code: 'validation',
    message: 'Acme refused the override: feature_key: unknown feature_key.',
    details: { fields: [{ path: 'feature_key', message: 'unknown feature_key', allowed: ['sql_query_agent', 'catalog_search_agent'] }] },
  };

  it('offers the keys the tenant accepts when it refuses one, and fills the key with the one chosen', async () => {
    let refuse: (error: AppErrorShape) => void = () => {};
    const setFeatureOverride = vi.fn(() => new Promise<TenantInventoryState>((_, reject) => (refuse = reject)));
    const panel = openSettings({ setFeatureOverride });
    const form = within(panel).getByRole('form', { name: 'Set a feature override' });
    const key = within(form).getByLabelText('Feature key') as HTMLInputElement;

    // Only completion configs can run a feature: no embedding config is offered.
    const configSelect = within(form).getByLabelText('Config') as HTMLSelectElement;
    expect([...configSelect.options].map((o) => o.text)).toEqual([
      'Choose a config',
      'GPT-5 · gpt-5-2025-08-07 (built-in)',
      'GPT-4o mine · gpt-4o',
    ]);

    fireEvent.input(key, { target: { value: 'sql_agent' } });
    fireEvent.change(configSelect, { target: { value: 'a-1' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Set override' }));
    expect(setFeatureOverride).toHaveBeenCalledWith({
      tenantId: acme.id,
      featureType: 'DEFAULT_AGENT',
      featureKey: 'sql_agent',
      configId: 'a-1',
    });
    expect(await within(form).findByRole('button', { name: 'Saving…' })).toBeTruthy();

    await act(async () => refuse(refused));
    expect(within(form).getByRole('alert').textContent).toBe(refused.message);
    expect(within(form).getByText('This tenant accepts:')).toBeTruthy();
    const suggestions = within(form).getAllByRole('button', { name: /^Use feature key/ });
    expect(suggestions.map((b) => b.textContent)).toEqual(['sql_query_agent', 'catalog_search_agent']);
    expect(within(form).getByRole('button', { name: 'Set override' })).toBeTruthy();

    fireEvent.click(within(form).getByRole('button', { name: 'Use feature key catalog_search_agent' }));
    expect(key.value).toBe('catalog_search_agent');
    expect(document.activeElement).toBe(key);
    expect(setFeatureOverride).toHaveBeenCalledTimes(1);
  });

  it('warns that the search indexes are rebuilt before sending a new default embedding', async () => {
    const setTenantPreference = vi.fn(async (change: { defaultEmbeddingConfigId?: string | null }) => {
      const inv = acmeState.inventory!;
      return {
        ...acmeState,
        inventory: { ...inv, preference: { ...inv.preference, defaultEmbeddingConfigId: change.defaultEmbeddingConfigId ?? null } },
      };
    });
    const panel = openSettings({ setTenantPreference: setTenantPreference as BridgeApi['setTenantPreference'] });
    const select = within(panel).getByLabelText('Default embedding') as HTMLSelectElement;
    expect([...select.options].map((o) => o.text)).toEqual([
      'Alation’s default',
      'Small embeddings · text-embedding-3-small',
      'Large embeddings · text-embedding-3-large',
    ]);
    expect(select.value).toBe('a-3');

    fireEvent.change(select, { target: { value: 'a-4' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Save default embedding' }));
    const warning = screen.getByRole('alertdialog', { name: 'Change the default embedding?' });
    expect(warning.textContent).toContain(
      'Changing the default embedding deletes and rebuilds Acme’s search indexes. Search results are incomplete until the rebuild ends.',
    );
    expect(setTenantPreference).not.toHaveBeenCalled();

    // Cancel sends nothing and keeps the choice for another try.
    fireEvent.click(within(warning).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(setTenantPreference).not.toHaveBeenCalled();

    fireEvent.click(within(panel).getByRole('button', { name: 'Save default embedding' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Change and rebuild indexes' }));
    expect(setTenantPreference).toHaveBeenCalledWith({ tenantId: acme.id, defaultEmbeddingConfigId: 'a-4' });
    expect(await within(panel).findByText('Default embedding saved.')).toBeTruthy();
    expect(select.value).toBe('a-4');
    expect(useInventoryStore.getState().tenants[acme.id]!.inventory!.preference.defaultEmbeddingConfigId).toBe('a-4');
  });

  it('saves the default LLM without asking, and hide_default_models on change', async () => {
    const setTenantPreference = vi.fn(async () => acmeState);
    const panel = openSettings({ setTenantPreference });
    const llm = within(panel).getByLabelText('Default LLM') as HTMLSelectElement;
    expect([...llm.options].map((o) => o.text)).toEqual([
      'Alation’s default',
      'GPT-5 · gpt-5-2025-08-07 (built-in)',
      'GPT-4o mine · gpt-4o',
    ]);
    fireEvent.change(llm, { target: { value: '' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Save default LLM' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(setTenantPreference).toHaveBeenCalledWith({ tenantId: acme.id, defaultLlmConfigId: null });
    await within(panel).findByText('Default LLM saved.');

    fireEvent.click(within(panel).getByRole('checkbox', { name: 'Hide built-in models from agents' }));
    expect(setTenantPreference).toHaveBeenLastCalledWith({ tenantId: acme.id, hideDefaultModels: true });
    await within(panel).findByText('Built-in models are hidden from agents.');
  });

  it('clears an override, and shows a refusal inline', async () => {
    const clearFeatureOverride = vi
      .fn()
      .mockRejectedValueOnce({ code: 'network', message: 'Acme did not answer.' })
      .mockResolvedValueOnce({ ...acmeState, inventory: { ...acmeState.inventory!, overrides: [] } });
    const panel = openSettings({ clearFeatureOverride });
    const clear = within(panel).getByRole('button', { name: 'Clear override PRODUCT_AREA/catalog_search' });
    fireEvent.click(clear);
    expect(await within(panel).findByText('Acme did not answer.')).toBeTruthy();
    expect(clearFeatureOverride).toHaveBeenCalledWith({ tenantId: acme.id, featureType: 'PRODUCT_AREA', featureKey: 'catalog_search' });
    fireEvent.click(clear);
    expect(await within(panel).findByText('Override PRODUCT_AREA/catalog_search cleared.')).toBeTruthy();
    await waitFor(() => expect(within(panel).queryByRole('button', { name: /^Clear override/ })).toBeNull());
    expect(within(panel).getByText(/No feature overrides/)).toBeTruthy();
  });
});
