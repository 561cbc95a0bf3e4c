// @vitest-environment jsdom
// The extra-config fields as a person uses them, all drawn from the one definition: a control per
// field by its kind, errors at the field, a field the model is not known to take collapsed but
// reachable; and the Setup store sends exactly what the form builds, and nothing while it is invalid.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ExtraConfigDisclosure, ExtraConfigFields } from '../../src-renderer/components/ExtraConfigFields';
import { useSetupStore, type ModelChoice } from '../../src-renderer/features/setup/setup-store';
import type { BridgeApi } from '../../src-shared/contract';
import { buildExtraConfig, extraConfigFields, type ExtraConfigForm, type ExtraConfigType } from '../../src-shared/providers/extra-config';
import type { CreateSetupConfigInput, SetupAttemptOutcome } from '../../src-shared/setup';

afterEach(() => {
  cleanup();
  useSetupStore.getState().reset();
});

/** The component as a page holds it: the form in state, errors from the definition's builder. */
function Harness({
  type,
  modelId,
  initial = {},
  disclosure = false,
}: {
  type: ExtraConfigType;
  modelId: string;
  initial?: ExtraConfigForm;
  disclosure?: boolean;
}) {
  const [form, setForm] = useState<ExtraConfigForm>(initial);
  const built = buildExtraConfig(type, form);
  const props = { type, modelId, form, onChange: setForm, idPrefix: 'row-0', ...(built.ok ? {} : { errors: built.errors }) };
  return (
    <>
      {disclosure ? <ExtraConfigDisclosure {...props} /> : <ExtraConfigFields {...props} />}
      <output data-testid="form">{JSON.stringify(form)}</output>
    </>
  );
}
const formNow = () => JSON.parse(screen.getByTestId('form').textContent ?? '{}') as ExtraConfigForm;

describe('ExtraConfigFields', () => {
  it('renders every field of the definition by its kind, labelled and hinted from it', () => {
    render(<Harness type="bedrock_config" modelId="eu.anthropic.claude-sonnet-4-5-20250929-v1:0" />);
    const group = screen.getByRole('group', { name: 'Extra config for eu.anthropic.claude-sonnet-4-5-20250929-v1:0' });
    const tag = { choice: 'SELECT', integer: 'INPUT', text: 'INPUT', boolean: 'INPUT' } as const;
    const inputType = { choice: undefined, integer: 'number', text: 'text', boolean: 'checkbox' } as const;
    for (const field of extraConfigFields.bedrock_config) {
      const control = within(group).getByLabelText(field.label) as HTMLInputElement | HTMLSelectElement;
      expect(control.tagName, field.key).toBe(tag[field.kind]);
      if (inputType[field.kind]) expect(control.getAttribute('type'), field.key).toBe(inputType[field.kind]);
      expect(control.id).toBe(`row-0-${field.key}`);
      expect(control.getAttribute('aria-describedby')).toBe(`${control.id}-hint`);
      expect(document.getElementById(`${control.id}-hint`)?.textContent).toBe(field.hint);
      if (field.kind === 'choice')
        expect([...(control as HTMLSelectElement).options].map((o) => o.text)).toEqual(['Default', ...(field.choices ?? [])]);
    }
  });

  it('keeps only what is set in the form, and shows each error at its field', () => {
    render(<Harness type="bedrock_config" modelId="anthropic.claude-sonnet-4-5-20250929-v1:0" />);
    fireEvent.input(screen.getByLabelText('Thinking budget (tokens)'), { target: { value: '512' } });
    fireEvent.input(screen.getByLabelText('Guardrail ID'), { target: { value: 'gr-7' } });
    fireEvent.click(screen.getByLabelText('Cache messages'));
    expect(formNow()).toEqual({ thinking_budget_tokens: '512', guardrail_identifier: 'gr-7', cache_messages: true });
    const budget = screen.getByLabelText('Thinking budget (tokens)');
    expect(budget.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('row-0-thinking_budget_tokens-error')?.textContent).toMatch(/at least 1024/);
    expect(budget.getAttribute('aria-describedby')).toContain('row-0-thinking_budget_tokens-error');
    expect(document.getElementById('row-0-guardrail_version-error')?.textContent).toMatch(/version/);

    fireEvent.input(budget, { target: { value: '' } });
    fireEvent.click(screen.getByLabelText('Cache messages'));
    fireEvent.input(screen.getByLabelText('Guardrail version'), { target: { value: 'DRAFT' } });
    expect(formNow()).toEqual({ guardrail_identifier: 'gr-7', guardrail_version: 'DRAFT' });
    expect(document.querySelectorAll('[aria-invalid="true"]')).toHaveLength(0);
  });

  it('collapses a field the model is not known to take, with a note, and lets it be set anyway', () => {
    render(<Harness type="openai_config" modelId="gpt-4o" />);
    expect(screen.queryByLabelText('Reasoning effort')).toBeNull();
    expect(screen.getByText(/Reasoning effort: not known to apply to gpt-4o/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Set anyway: Reasoning effort' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Reasoning effort'));
    fireEvent.change(screen.getByLabelText('Reasoning effort'), { target: { value: 'low' } });
    expect(formNow()).toEqual({ reasoning_effort: 'low' });
    expect(screen.getByText(/Not known to apply to gpt-4o: the tenant may refuse it/)).toBeTruthy();
    cleanup();
    // An o-series model shows it in full, with no note.
    render(<Harness type="openai_config" modelId="o3-mini" />);
    expect((screen.getByLabelText('Reasoning effort') as HTMLSelectElement).value).toBe('');
    expect(screen.queryByText(/not known to apply/i)).toBeNull();
  });

  it('the disclosure sums up what is set, or how much is to fix', () => {
    render(<Harness type="bedrock_config" modelId="m" disclosure initial={{ thinking_budget_tokens: '4096', cache_instructions: true }} />);
    const summary = () => document.querySelector('summary')?.textContent;
    expect(summary()).toBe('Extra config… thinking 4096 · cache instructions');
    fireEvent.change(screen.getByLabelText('Guardrail trace'), { target: { value: 'enabled' } });
    expect(summary()).toBe('Extra config… 2 fields to fix');
  });
});

describe('the setup store and extra config', () => {
  const outcome: SetupAttemptOutcome = {
    runId: '0b9f5d2e-1111-4222-8333-444455556666',
    status: 'valid',
    credentialId: 'c-1',
    credentialName: 'Bedrock',
    keptFailedCredential: false,
    models: [],
    configProvider: 'bedrock_eu-central-1',
  };
  const choice = (id: string, more: Partial<ModelChoice> = {}): ModelChoice => ({
    id,
    embedding: false,
    dimensions: '',
    displayName: '',
    extraConfig: {},
    ...more,
  });

  function run(selected: ModelChoice[]) {
    const sent: CreateSetupConfigInput[] = [];
    const api: Partial<BridgeApi> = {
      createSetupConfig: async (input) => {
        sent.push(input);
        return { id: `cfg-${sent.length}`, name: input.modelName, modelName: input.modelName, provider: outcome.configProvider };
      },
    };
    Object.defineProperty(window, 'byomDesk', { value: api, configurable: true });
    useSetupStore.setState({ outcome, selected: Object.fromEntries(selected.map((c) => [c.id, c])) });
    return sent;
  }

  it('sends the built extra config with each completion model, none with an embedding or an empty form', async () => {
    const sent = run([
      choice('sonnet', {
        extraConfig: { thinking_budget_tokens: '2048', guardrail_identifier: 'gr', guardrail_version: '3', cache_instructions: true },
      }),
      choice('titan', { embedding: true, dimensions: '1024', extraConfig: { cache_messages: true } }),
      choice('nova', { extraConfig: { guardrail_trace: '' } }),
    ]);
    await useSetupStore.getState().createConfigs();
    const byModel = Object.fromEntries(sent.map((s) => [s.modelName, s.extraConfig]));
    expect(byModel).toEqual({
      sonnet: {
        extra_config_type: 'bedrock_config',
        thinking: { type: 'enabled', budget_tokens: 2048 },
        guardrail: { guardrail_identifier: 'gr', guardrail_version: '3' },
        cache_instructions: true,
      },
      titan: undefined,
      nova: undefined,
    });
    expect(sent.every((s) => !('extraConfig' in s) || s.extraConfig)).toBe(true);
  });

  it('creates nothing while an extra config is invalid, and says which model to fix', async () => {
    const sent = run([choice('sonnet', { extraConfig: { thinking_budget_tokens: '100' } }), choice('nova')]);
    await useSetupStore.getState().createConfigs();
    expect(sent).toEqual([]);
    expect(useSetupStore.getState()).toMatchObject({
      step: 'provider',
      error: { code: 'validation', message: expect.stringMatching(/extra config of sonnet/) },
    });
  });
});
