// Drafts as the page holds them: the list from main (never a secret: only whether each is stored)
// and which one is open. Secrets typed in the editor go to main
// with `saveDraft` and the form forgets them once the save lands.
import type { BridgeApi } from '../../../src-shared/contract';
import { create } from 'zustand';
import type { DraftView, SaveDraftInput } from '../../../src-shared/drafts';
import { asAppError, bridge } from '../../bridge';
import { useAppStore } from '../../app/app-store';

interface DraftsState {
  drafts: DraftView[];
  loaded: boolean;
  /** The draft open in the editor; null for a new one not yet saved. */
  openId: string | null;
  /** A new draft is being written (the editor is open with no id). */
  creating: boolean;
  /** Each draft's latest plan and apply, kept while the page lives, so leaving the screen loses neither. */
  runs: Record<string, DraftRun>;
  setRun(draftId: string, run: DraftRun): void;
  load(): Promise<void>;
  open(id: string | null): void;
  startNew(): void;
  save(input: SaveDraftInput): Promise<DraftView>;
  duplicate(id: string): Promise<{ draft: DraftView; secretsCopied: boolean }>;
  remove(id: string): Promise<void>;
  importFile(text: string): Promise<DraftView>;
  /** "Make a draft from this": answers where it was read from. */
  makeFromCredential(tenantId: string, credentialId: string): Promise<'tenant' | 'cache'>;
  /** The draft as a file, without its secrets. */
  exportDraft: BridgeApi['exportDraft'];
  /** Plans and applies: jobs in main, followed through the jobs store. */
  startPlan: BridgeApi['startPlan'];
  startApply: BridgeApi['startApply'];
}

export interface DraftRun {
  plan: { planId: string; jobId: string; revision: number } | null;
  applyJobId: string | null;
}

/** The store, made with the bridge passed in (a test gives it a fake one). */
export function createDraftsStore(api: () => BridgeApi = bridge) {
  return create<DraftsState>((set, get) => {
    const put = (draft: DraftView) => set((s) => ({ drafts: [draft, ...s.drafts.filter((d) => d.id !== draft.id)] }));
    return {
      exportDraft: (input) => api().exportDraft(input),
      startPlan: (input) => api().startPlan(input),
      startApply: (input) => api().startApply(input),
      drafts: [],
      loaded: false,
      openId: null,
      creating: false,
      runs: {},
      setRun: (draftId, run) => set((s) => ({ runs: { ...s.runs, [draftId]: run } })),
      async load() {
        try {
          const drafts = await api().listDrafts();
          set({ drafts, loaded: true, openId: get().openId ?? drafts[0]?.id ?? null });
        } catch (error) {
          set({ loaded: true });
          useAppStore.getState().showError(asAppError(error));
        }
      },
      open: (id) => set({ openId: id, creating: false }),
      startNew: () => set({ openId: null, creating: true }),
      async save(input) {
        const draft = await api().saveDraft(input);
        put(draft);
        set({ openId: draft.id, creating: false });
        return draft;
      },
      async duplicate(id) {
        const result = await api().duplicateDraft({ id });
        put(result.draft);
        set({ openId: result.draft.id, creating: false });
        return result;
      },
      async remove(id) {
        await api().deleteDraft({ id });
        set((s) => {
          const drafts = s.drafts.filter((d) => d.id !== id);
          return { drafts, openId: s.openId === id ? (drafts[0]?.id ?? null) : s.openId };
        });
      },
      async importFile(text) {
        const draft = await api().importDraft({ text, secrets: {} });
        put(draft);
        set({ openId: draft.id, creating: false });
        return draft;
      },
      async makeFromCredential(tenantId, credentialId) {
        const { draft, source } = await api().makeDraftFromCredential({ tenantId, credentialId });
        put(draft);
        set({ openId: draft.id, creating: false });
        return source;
      },
    };
  });
}

export const useDraftsStore = createDraftsStore();
