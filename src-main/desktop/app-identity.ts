// The app's identity, shared by the packager's configuration and the running app: Windows ties a
// notification to the Start menu shortcut whose AppUserModelID is this appId, so the two must match.
export const appId = 'com.byomdesk.app';
export const productName = 'BYOM Desk';
