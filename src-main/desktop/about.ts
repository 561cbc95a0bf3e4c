// The About dialog's contents: the app's version and the runtime's (Electron, Chromium, Node, V8)
// and the OS, which is what a bug report needs. Its Copy button puts the same text on the clipboard.

export interface RuntimeVersions {
  electron?: string;
  chrome?: string;
  node?: string;
  v8?: string;
}

export interface AboutFacts {
  appName: string;
  appVersion: string;
  /** `process.versions` in Electron's main process. */
  versions: RuntimeVersions;
  platform: string;
  arch: string;
  osRelease: string;
}

export interface AboutDialog {
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  /** The button whose answer copies `detail` to the clipboard. */
  copyButton: number;
}

const unknown = 'unknown';

export function aboutDialog(facts: AboutFacts): AboutDialog {
  const { versions } = facts;
  const detail = [
    `Version: ${facts.appVersion}`,
    `Electron: ${versions.electron ?? unknown}`,
    `Chromium: ${versions.chrome ?? unknown}`,
    `Node: ${versions.node ?? unknown}`,
    `V8: ${versions.v8 ?? unknown}`,
    `OS: ${facts.platform} ${facts.arch} ${facts.osRelease}`,
  ].join('\n');
  return {
    title: `About ${facts.appName}`,
    message: `${facts.appName} ${facts.appVersion}`,
    detail,
    buttons: ['OK', 'Copy'],
    defaultId: 0,
    cancelId: 0,
    copyButton: 1,
  };
}
