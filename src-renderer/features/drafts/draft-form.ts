// The draft editor's form, as pure functions: a form from a draft, and a save from a form. The form
// holds text as typed (dimensions, an expiry) and each model's extra config flat, as the shared
// definition's form does; typed secrets live here only until the save lands.
import type { DraftContent, DraftView, SaveDraftInput } from '../../../src-shared/drafts';
import { nonSecretValues } from '../../../src-shared/drafts';
import { configProviderFor, providerVariant, type ProviderId } from '../../../src-shared/providers/catalog';
import { secretFieldKeys } from '../../../src-shared/providers/credential-schema';
import { buildExtraConfig, extraConfigForm, extraConfigTypeFor, type ExtraConfigForm } from '../../../src-shared/providers/extra-config';
import { knownEmbeddingDimensions, looksLikeEmbeddingModel } from '../../../src-shared/providers/embeddings';
import { toLocalInput } from '../../components/time';

export interface ModelRow {
  /** Stable key for React while ids are being typed. */
  key: string;
  modelId: string;
  name: string;
  isEmbedding: boolean;
  dimensions: string;
  extra: ExtraConfigForm;
}

export interface DraftForm {
  title: string;
  providerId: ProviderId;
  /** Every field as typed, secrets included (until saved). */
  values: Record<string, string>;
  models: ModelRow[];
  defaultLlm: string;
  defaultEmbedding: string;
  /** `datetime-local` text, in the computer's time zone; blank: no expiry. */
  expiresAt: string;
  notes: string;
  clearSecrets: string[];
}

let nextKey = 1;
export const newRowKey = () => `row-${nextKey++}`;

export function emptyForm(providerId: ProviderId = 'openai'): DraftForm {
  return {
    title: '',
    providerId,
    values: {},
    models: [],
    defaultLlm: '',
    defaultEmbedding: '',
    expiresAt: '',
    notes: '',
    clearSecrets: [],
  };
}

export function formOf(draft: DraftView): DraftForm {
  return {
    title: draft.title,
    providerId: draft.providerId,
    values: { ...draft.values },
    models: draft.models.map((m) => ({
      key: newRowKey(),
      modelId: m.modelId,
      name: m.name,
      isEmbedding: m.isEmbedding,
      dimensions: m.dimensions ? String(m.dimensions) : '',
      extra: extraConfigForm(m.extraConfig),
    })),
    defaultLlm: draft.defaults.llmModelId ?? '',
    defaultEmbedding: draft.defaults.embeddingModelId ?? '',
    expiresAt: draft.expiresAt ? toLocalInput(draft.expiresAt) : '',
    notes: draft.notes,
    clearSecrets: [],
  };
}

/** A model row for an ID: embedding and dimensions guessed from the ID, as Setup does. */
export function rowFor(modelId: string, isEmbedding = looksLikeEmbeddingModel(modelId)): ModelRow {
  const dims = isEmbedding ? knownEmbeddingDimensions(modelId) : undefined;
  return { key: newRowKey(), modelId, name: '', isEmbedding, dimensions: dims ? String(dims) : '', extra: {} };
}

export type FormErrors = Record<string, string>;

/** The save for a form, or the errors that stop it (keyed `models.<key>.dimensions`, `models.<key>.extra.<field>`, `expiresAt`). */
export function saveInputOf(
  form: DraftForm,
  draft: DraftView | null,
): { ok: true; input: SaveDraftInput } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  const variant = providerVariant(form.providerId);
  const extraType = extraConfigTypeFor(configProviderFor(variant, form.values));
  const models: DraftContent['models'] = [];
  for (const row of form.models) {
    const dims = row.dimensions.trim();
    if (row.isEmbedding && dims && !/^[1-9]\d{0,4}$/.test(dims))
      errors[`models.${row.key}.dimensions`] = 'Dimensions must be a whole number, such as 1536.';
    let extraConfig: DraftContent['models'][number]['extraConfig'] = null;
    if (extraType && !row.isEmbedding) {
      const built = buildExtraConfig(extraType, row.extra);
      if (!built.ok) for (const [k, v] of Object.entries(built.errors)) errors[`models.${row.key}.extra.${k}`] = v;
      else extraConfig = built.value;
    }
    if (!row.modelId.trim()) errors[`models.${row.key}.modelId`] = 'Enter a model ID, or remove the row.';
    models.push({
      modelId: row.modelId.trim(),
      name: row.name.trim(),
      isEmbedding: row.isEmbedding,
      dimensions: row.isEmbedding && dims ? Number(dims) : null,
      extraConfig,
    });
  }
  let expiresAt: string | null = null;
  if (form.expiresAt.trim()) {
    const at = new Date(form.expiresAt);
    if (Number.isNaN(at.getTime())) errors.expiresAt = 'Enter the date and time it expires.';
    else expiresAt = at.toISOString();
  }
  if (!form.title.trim()) errors.title = 'Give the draft a title, such as “EU Bedrock rollout”.';
  if (Object.keys(errors).length) return { ok: false, errors };

  const secretKeys = secretFieldKeys(providerVariant(form.providerId));
  const secrets = Object.fromEntries(secretKeys.filter((k) => (form.values[k] ?? '').trim() !== '').map((k) => [k, form.values[k]!]));
  const content: DraftContent = {
    title: form.title.trim(),
    providerId: form.providerId,
    values: nonSecretValues(form.providerId, form.values),
    models,
    defaults: { llmModelId: form.defaultLlm || null, embeddingModelId: form.defaultEmbedding || null },
    expiresAt,
    notes: form.notes,
  };
  return {
    ok: true,
    input: {
      ...(draft ? { id: draft.id, revision: draft.revision } : {}),
      content,
      secrets,
      clearSecrets: form.clearSecrets.filter((k) => secretKeys.includes(k)),
    },
  };
}

/** The form after a save: the secrets typed are gone from the page (main has them). */
export function withoutSecrets(form: DraftForm): DraftForm {
  return { ...form, values: nonSecretValues(form.providerId, form.values), clearSecrets: [] };
}
