// The secrets a setup run holds, and when a retry may use them. A secret left blank on a retry is
// the one given before, for the same provider. A change of provider drops them, as drafts do: a key
// is never sent as another provider's. The one exception is the guide's tip after an OpenAI failure,
// asked for by name (`carryOpenAiKey`): the OpenAI key goes on to OpenAI-compatible, and only with
// the base URL the guide names, so a held key never goes to a host of the caller's choosing.
import { AppError } from '../../src-shared/errors';
import { openAiTipBaseUrl, type ProviderVariant } from '../../src-shared/providers/catalog';
import { secretFieldKeys } from '../../src-shared/providers/credential-schema';
import type { StartProviderSetupInput } from '../../src-shared/setup';

/** What a run holds from its last attempt: the provider, and the values (its secrets among them). */
export interface HeldValues {
  variant: ProviderVariant;
  values: Record<string, string | undefined>;
}

/**
 * The values for this attempt: the ones given, with blank secrets filled from `held` where that is
 * allowed. On a change of provider (not the tip) the held secrets are dropped from `held` itself.
 */
export function withHeldSecrets(variant: ProviderVariant, input: StartProviderSetupInput, held: HeldValues | undefined) {
  const values: Record<string, string> = { ...input.values };
  if (!held) return { values, carried: false };
  const tip = input.carryOpenAiKey === true && held.variant.id === 'openai' && variant.id === 'openai_compatible';
  if (held.variant.id !== variant.id && !tip) {
    for (const key of secretFieldKeys(held.variant)) delete held.values[key];
    return { values, carried: false };
  }
  let carried = false;
  for (const key of secretFieldKeys(variant)) {
    const earlier = held.values[key];
    if ((values[key] ?? '').trim() === '' && earlier) {
      values[key] = earlier;
      carried ||= tip;
    }
  }
  return { values, carried };
}

/** The tip's key goes only to the guide's base URL: anywhere else it must be typed. */
export function checkCarriedKey(carried: boolean, checked: Record<string, string | undefined>): void {
  if (!carried || checked.base_url?.replace(/\/+$/, '') === openAiTipBaseUrl) return;
  const message = `Type the key: the OpenAI key goes on only to ${openAiTipBaseUrl}`;
  throw new AppError('validation', `The OpenAI key goes on only to ${openAiTipBaseUrl}: type the API key for this base URL.`, {
    fields: [{ path: 'api_key', message }],
  });
}
