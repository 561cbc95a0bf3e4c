// Drafts as the page edits them: saved, copied, removed, exported and imported, and made from a
// credential of the inventory.
import type { HandlerSlice } from '../ipc/handlers';
import type { DraftStore } from './draft-store';
import { makeDraftFromCredential } from './make-draft';

export function draftHandlers(drafts: DraftStore, fromTenant: Omit<Parameters<typeof makeDraftFromCredential>[0], 'drafts'>) {
  return {
    listDrafts: () => drafts.list(),
    saveDraft: (input) => drafts.save(input),
    duplicateDraft: ({ id }) => drafts.duplicate(id),
    deleteDraft: ({ id }) => drafts.remove(id),
    exportDraft: ({ id }) => drafts.exportFile(id),
    importDraft: ({ text, secrets }) => drafts.importFile(text, secrets),
    makeDraftFromCredential: (input) => makeDraftFromCredential({ ...fromTenant, drafts }, input),
  } satisfies HandlerSlice;
}
