// What a setup attempt says when it fails: the tenant's or the provider's message, the guide's advice
// for it, and whether the tenant could not be reached, refused, or failed itself.
import { isAppErrorShape } from '../../src-shared/errors';
import { adviceFor, type FailureFacts } from '../../src-shared/providers/advice';
import type { ProviderVariant } from '../../src-shared/providers/catalog';
import { knownEmbeddingDimensions, looksLikeEmbeddingModel } from '../../src-shared/providers/embeddings';
import type { SetupFailure } from '../../src-shared/setup';

/** A failure from what the tenant said: its message, and the HTTP status when there was one. */
export function setupFailure(
  variant: ProviderVariant,
  facts: FailureFacts & { message: string },
  stage: SetupFailure['stage'],
  cause: SetupFailure['cause'],
): SetupFailure {
  return { message: facts.message, advice: adviceFor(variant, facts), offerOpenAiCompatible: variant.id === 'openai', stage, cause };
}

export function failureFromError(variant: ProviderVariant, error: unknown, stage: SetupFailure['stage']): SetupFailure {
  if (!isAppErrorShape(error)) return setupFailure(variant, { message: 'The tenant refused the credential.' }, stage, 'tenant-error');
  const status = error.details?.status;
  const facts = { message: error.message, ...(typeof status === 'number' ? { status } : {}) };
  const failure = setupFailure(variant, facts, stage, causeOf(error.code));
  // Only the tenant rejecting the request body speaks of the provider's fields. Its own failures (our
  // token refused, 403 for this account, unreachable, failing) say nothing of the provider's key.
  return error.code === 'validation' ? failure : { ...failure, advice: null };
}

function causeOf(code: string): SetupFailure['cause'] {
  if (code === 'network' || code === 'timeout' || code === 'tls' || code === 'cancelled') return 'unreachable';
  if (code === 'server' || code === 'bad_response' || code === 'internal') return 'tenant-error';
  return 'refused';
}

/** A model the provider lists, as the picker shows it: an embedding one with its known dimensions. */
export function modelEntry(id: string) {
  const embedding = looksLikeEmbeddingModel(id);
  const dimensions = embedding ? knownEmbeddingDimensions(id) : undefined;
  return dimensions === undefined ? { id, embedding } : { id, embedding, dimensions };
}
