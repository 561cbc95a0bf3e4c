// The names of the IPC contract's channels and events, and nothing else: the sandboxed preload
// carries only this file (no zod, no schemas). `contract.ts` checks, at compile time, that its
// channels and events are exactly these.

export const channelNames = [
  'getAppInfo',
  'checkKeychain',
  'openExternalLink',
  'listTenantProfiles',
  'createTenantProfile',
  'updateTenantProfile',
  'deleteTenantProfile',
  'testTenantConnection',
  'startBrowserSignIn',
  'cancelBrowserSignIn',
  'cancelOperation',
  'startProviderSetup',
  'validateSetupModel',
  'createSetupConfig',
  'describeSetupCancel',
  'cancelProviderSetup',
  'finishProviderSetup',
  'listTenantConfigs',
  'listJobs',
  'cancelJob',
  'startConnectionTests',
  'listConnectionTests',
  'getInventory',
  'startInventoryRefresh',
  'startHealthSweep',
  'startInventoryDeletion',
  'setTenantPreference',
  'setFeatureOverride',
  'clearFeatureOverride',
  'listAuditEntries',
  'listDrafts',
  'saveDraft',
  'duplicateDraft',
  'deleteDraft',
  'exportDraft',
  'importDraft',
  'makeDraftFromCredential',
  'startPlan',
  'startApply',
  'listUnfinishedOperations',
  'resumeOperation',
  'rollBackOperation',
  'startRotation',
  'listCredentialExpiries',
  'setCredentialExpiry',
  'setReminderLeadHours',
  'getAppSettings',
  'updateAppSettings',
  'exportTenantList',
  'previewTenantListImport',
  'importTenantList',
  'listSweepAlerts',
  'dismissSweepAlerts',
] as const;
export type ChannelName = (typeof channelNames)[number];

export const eventNames = [
  'job.updated',
  'inventory.changed',
  'audit.appended',
  'expiry.changed',
  'expiry.open-rotation',
  'settings.changed',
  'signin.finished',
  'app.command',
  'sweep.alerts',
] as const;
export type EventName = (typeof eventNames)[number];

export function isChannelName(name: string): name is ChannelName {
  return (channelNames as readonly string[]).includes(name);
}

export function isEventName(name: string): name is EventName {
  return (eventNames as readonly string[]).includes(name);
}

/** The IPC channel string for a contract method. */
export function ipcChannel(name: ChannelName): string {
  return `byom-desk:${name}`;
}

/** The IPC channel string main sends an event on. */
export function ipcEventChannel(name: EventName): string {
  return `byom-desk-event:${name}`;
}
