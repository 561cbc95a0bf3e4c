// Telling embedding models from completion models by id. Providers' listings do not say which is
// which, so this is a best guess the user can always override with the embedding toggle.

const embeddingPatterns = [/embed/i, /^text-similarity/i, /\bbge[-_]/i, /m2-bert.*retrieval/i, /^e5[-_]/i];

export function looksLikeEmbeddingModel(modelId: string): boolean {
  const base = modelId.split('/').pop() ?? modelId;
  return embeddingPatterns.some((p) => p.test(modelId) || p.test(base));
}

/** Output sizes of well-known embedding models, to prefill the dimensions field. */
const knownDimensions: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
  'amazon.titan-embed-text-v2:0': 1024,
  'cohere.embed-english-v3': 1024,
  'cohere.embed-multilingual-v3': 1024,
  'gemini-embedding-001': 3072,
  'text-embedding-004': 768,
  'nomic-embed-text': 768,
  'BAAI/bge-m3': 1024,
};

export function knownEmbeddingDimensions(modelId: string): number | undefined {
  return knownDimensions[modelId] ?? knownDimensions[modelId.split('/').pop() ?? ''];
}
