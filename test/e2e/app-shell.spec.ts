import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { channelNames } from '../../src-shared/contract-names';
import { expect, test } from './fixtures';
import { expectAccessible } from './setup-helpers';

test('opens the app, moves through every screen and shows where it runs, with no console error', async ({
  page,
  harness,
  consoleErrors,
}) => {
  await page.goto(harness.url);
  // The token in the address is traded for a cookie and leaves the address bar.
  await expect(page).toHaveURL(`${harness.origin}/`);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const [label, heading] of [
    ['Tenants', 'Tenants'],
    ['Setup', 'Setup'],
    ['Inventory', 'Inventory'],
    ['Drafts', 'Drafts'],
    ['Audit log', 'Audit log'],
  ] as const) {
    await nav.getByRole('button', { name: label }).click();
    await expect(nav.getByRole('button', { name: label })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expectAccessible(page, `${label} screen`);
  }
  const status = page.getByRole('contentinfo', { name: 'Status' });
  await expect(status).toContainText('Keychain: Secret Service ready');
  await expect(status).toContainText(harness.dataDir);
  await expect(status).toContainText('Web harness');
  await page.screenshot({ path: 'test-results/app-shell.png', fullPage: true });
  expect(consoleErrors).toEqual([]);
});

test('a malformed call from the page comes back as a typed validation error that the page shows', async ({ page, harness }) => {
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Tenants' })).toBeVisible();

  const error = await page.evaluate(() =>
    window.byomDesk.openExternalLink({ url: 'javascript:alert(1)' }).then(
      () => null,
      (e: unknown) => e,
    ),
  );
  expect(error).toEqual({
    code: 'validation',
    message: 'The request was refused: url: must be an https:// address.',
    details: { fields: [{ path: 'url', message: 'must be an https:// address' }] },
  });

  // The same call left unhandled reaches the user in the error banner, with the refused field.
  await page.evaluate(() => void window.byomDesk.openExternalLink({ url: 'ftp://example.com/' }));
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The request was refused: url: must be an https:// address.');
  await expect(alert).toContainText('validation');
  await alert.getByRole('button', { name: 'Dismiss error' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('the page exposes only the contract methods, and cannot reach the harness from another origin', async ({ page, harness }) => {
  await page.goto(harness.url);
  const keys = await page.evaluate(() => Object.keys(window.byomDesk).sort());
  expect(keys).toEqual([...channelNames, 'on'].sort());
  // Only the contract's events can be listened to.
  expect(
    await page.evaluate(() => {
      try {
        window.byomDesk.on('shell.exec' as never, () => {});
        return 'subscribed';
      } catch (e) {
        return (e as Error).message;
      }
    }),
  ).toBe('BYOM Desk has no event named "shell.exec".');
  // A script on the page cannot read the token: the cookie is HttpOnly.
  expect(await page.evaluate(() => document.cookie)).toBe('');

  // Another origin on this computer (another port is the same site, so the browser sends the
  // cookie along): its page tries a change and the event stream, and is refused both.
  const leadHours = () => page.evaluate(async () => (await window.byomDesk.listCredentialExpiries()).leadHours);
  const before = await leadHours();
  const other = await foreignSite(harness.origin);
  try {
    const foreign = await page.context().newPage();
    const call = foreign.waitForResponse((r) => r.url() === `${harness.origin}/__bridge/setReminderLeadHours`);
    await foreign.goto(other.url);
    expect((await call).status()).toBe(403);
    await expect(foreign.locator('#done')).toHaveText('tried');
    // The event stream gives it nothing: closed, with no event read.
    await expect(foreign.locator('#stream')).toHaveText('closed');
    await foreign.close();
  } finally {
    await other.stop();
  }
  expect(await leadHours()).toBe(before);
  expect(before).not.toBe(99);
});

/** A page on another origin (127.0.0.1, another port) whose script calls the harness as an attacker would. */
async function foreignSite(harnessOrigin: string): Promise<{ url: string; stop(): Promise<void> }> {
  const script = `
    const stream = new EventSource(${JSON.stringify(`${harnessOrigin}/__harness/events`)}, { withCredentials: true });
    const said = (text) => (document.getElementById('stream').textContent = text);
    stream.onmessage = () => said('read an event');
    stream.onerror = () => stream.readyState === EventSource.CLOSED && said('closed');
    fetch(${JSON.stringify(`${harnessOrigin}/__bridge/setReminderLeadHours`)}, {
      method: 'POST', mode: 'no-cors', credentials: 'include',
      headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ input: { hours: 99 } }),
    }).catch(() => undefined).finally(() => { document.getElementById('done').textContent = 'tried'; });`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>elsewhere</title><p id="done"></p><p id="stream"></p><script>${script}</script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
