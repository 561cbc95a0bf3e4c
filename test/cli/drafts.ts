// The draft the command-line tests plan and apply, and its file as the app exports it.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DraftContent } from '../../src-shared/drafts';
import type { CliInstall } from './cli-process';

export const rollout: DraftContent = {
  title: 'OpenAI rollout',
  providerId: 'openai',
  values: { name: 'Team OpenAI' },
  models: [
    { modelId: 'gpt-4o', name: 'GPT-4o (team)', isEmbedding: false, dimensions: null, extraConfig: null },
    { modelId: 'text-embedding-3-small', name: 'Team embeddings', isEmbedding: true, dimensions: 1536, extraConfig: null },
  ],
  defaults: { llmModelId: 'gpt-4o', embeddingModelId: 'text-embedding-3-small' },
  expiresAt: null,
  notes: '',
};

/** A draft file as the app exports it: no secret in it. */
export function writeDraftFile(cli: CliInstall, content: DraftContent, name = 'draft.json'): string {
  const path = join(cli.dataDir, '..', `${randomUUID()}-${name}`);
  writeFileSync(
    path,
    JSON.stringify({ format: 'byom-desk-draft', version: 1, exportedAt: new Date().toISOString(), draft: content }, null, 2),
  );
  return path;
}
