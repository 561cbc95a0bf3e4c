/** A stored file that could not be read as it was: shown to the user once, with where the original went. */
export interface StoreNoticeView {
  kind: 'corrupt' | 'partially-read' | 'newer-version' | 'migrated';
  message: string;
}
