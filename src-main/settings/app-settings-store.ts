// The app's settings on disk (`settings.json`), checked with the shared schema on read and write.
// Listeners apply a change at once: the request caps, the sweep schedule, the typed-name rule.
import { appSettingsSchema, defaultAppSettings, type AppSettings, type AppSettingsChange } from '../../src-shared/app-settings';
import { AppError } from '../../src-shared/errors';
import type { EventSink } from '../ipc/events';
import type { Logger } from '../log/logger';
import type { DocumentFiles } from '../storage/document-file';
import { openVersionedDocument, type Migrations, type StoreNotice } from '../storage/versioned-document';

/** Format history of `settings.json`: none yet. */
const settingsMigrations: Migrations = {};

// Read leniently: a setting added in a later version, or one left out, takes its default.
const storedSchema = appSettingsSchema.partial().transform((stored) => ({ ...defaultAppSettings, ...stored }));

export class AppSettingsStore {
  private readonly doc;
  private current: AppSettings;
  readonly notices: StoreNotice[];
  private readonly listeners = new Set<(settings: AppSettings, before: AppSettings) => void>();

  constructor(private readonly deps: { files: DocumentFiles; log: Logger; events?: EventSink }) {
    this.doc = openVersionedDocument<AppSettings>({
      files: deps.files,
      name: 'settings',
      version: 1,
      migrations: settingsMigrations,
      schema: storedSchema,
      empty: () => structuredClone(defaultAppSettings),
      log: deps.log,
    });
    const { value, notices } = this.doc.load();
    this.current = value;
    this.notices = notices;
  }

  get(): AppSettings {
    return structuredClone(this.current);
  }

  /** Saves the change (all of it or none: a bad value is a validation error naming its field). */
  update(change: AppSettingsChange): AppSettings {
    const parsed = appSettingsSchema.safeParse({ ...this.current, ...change });
    if (!parsed.success) {
      throw new AppError('validation', `That setting cannot be saved: ${parsed.error.issues[0]?.message ?? 'it is not valid'}.`, {
        fields: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      });
    }
    const before = this.current;
    this.doc.save(parsed.data);
    this.current = parsed.data;
    this.deps.log.info('settings.changed', { keys: Object.keys(change).join(',') });
    for (const listener of this.listeners) listener(this.get(), before);
    this.deps.events?.emit('settings.changed', this.get());
    return this.get();
  }

  /** Calls `listener` after every change; answers the function that stops it. */
  subscribe(listener: (settings: AppSettings, before: AppSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
