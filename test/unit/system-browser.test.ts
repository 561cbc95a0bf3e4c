// The desktop app's door to the system browser for a sign-in page: https, or http on this computer
// (a local tenant), and nothing else reaches shell.openExternal.
import { describe, expect, it } from 'vitest';
import { createSignInPageOpener, isSignInPageUrl } from '../../src-main/electron/system-browser';
import { memoryLogger } from '../support/memory-logger';

describe('the sign-in page opener', () => {
  it('opens https and loopback http sign-in pages, and refuses every other address', async () => {
    const opened: string[] = [];
    const log = memoryLogger();
    const open = createSignInPageOpener(async (url) => void opened.push(url), log);
    const allowed = [
      'https://acme.alationcloud.com/oauth/v1/authorize/?state=x',
      'http://127.0.0.1:8080/oauth/v1/authorize/',
      'http://localhost:9/authorize',
    ];
    const refused = [
      'http://acme.alationcloud.com/oauth/v1/authorize/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://user:pw@acme.com/',
      'not a url',
    ];
    for (const url of allowed) expect(await open(url)).toBe(true);
    for (const url of refused) {
      expect(isSignInPageUrl(url)).toBe(false);
      expect(await open(url)).toBe(false);
    }
    expect(opened).toEqual(allowed);
    expect(log.entries.filter((e) => e.event === 'shell.signin_page_refused')).toHaveLength(refused.length);
  });

  it('answers false when the OS cannot open it, so the page offers the link instead', async () => {
    const open = createSignInPageOpener(async () => Promise.reject(new Error('no browser')), memoryLogger());
    expect(await open('https://acme.alationcloud.com/oauth/v1/authorize/')).toBe(false);
  });
});
