// README, Events: "Main checks every payload against its schema before it goes out." An event that
// breaks its schema is a bug: it is logged by name, dropped, and reaches no window; what fits goes out
// with nothing the schema does not name.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sendEventToWindows } from '../../src-main/electron/ipc';
import { createEventHub } from '../../src-main/ipc/events';
import type { EventName } from '../../src-shared/contract-names';
import { memoryLogger } from '../support/memory-logger';

const tenantId = randomUUID();

function hubWithWindow() {
  const log = memoryLogger();
  const hub = createEventHub(log);
  const received: { name: string; payload: unknown }[] = [];
  hub.subscribe((name, payload) => received.push({ name, payload }));
  // The Electron transport, to one window of our own.
  const sent: { channel: string; payload: unknown }[] = [];
  const window = {
    isDestroyed: () => false,
    getURL: () => 'app://byom-desk/index.html',
    send: (channel: string, payload: unknown) => sent.push({ channel, payload }),
  };
  hub.subscribe(sendEventToWindows(new Set([1]), () => window, [{ protocol: 'app:', host: 'byom-desk' }]));
  return { hub, log, received, sent };
}

const good = {
  'inventory.changed': { tenantId, status: 'ok', readAt: '2026-12-01T10:00:00.000Z' },
  'expiry.open-rotation': { tenantId, credentialId: randomUUID() },
} as const;

describe('event payloads', () => {
  it('go out when they fit their schema, over the window transport too', () => {
    const { hub, received, sent, log } = hubWithWindow();
    hub.emit('inventory.changed', good['inventory.changed']);
    expect(received).toEqual([{ name: 'inventory.changed', payload: good['inventory.changed'] }]);
    expect(sent).toEqual([{ channel: 'byom-desk-event:inventory.changed', payload: good['inventory.changed'] }]);
    expect(log.entries.filter((e) => e.event === 'event.invalid')).toEqual([]);
  });

  it.each<[EventName, unknown, string]>([
    ['inventory.changed', { ...good['inventory.changed'], status: 'exploded' }, 'status'],
    ['inventory.changed', { ...good['inventory.changed'], tenantId: 'not-a-profile-id' }, 'tenantId'],
    ['inventory.changed', { ...good['inventory.changed'], readAt: 'yesterday' }, 'readAt'],
    ['expiry.open-rotation', { tenantId }, 'credentialId'],
    ['expiry.open-rotation', { ...good['expiry.open-rotation'], apiKey: 'sk-proj-should-never-go-out' }, ''],
    ['job.updated', { id: randomUUID(), status: 'running' }, 'kind'],
  ])('refuses %s that breaks its schema (%j), logs it by name and field, and sends it nowhere', (name, payload, field) => {
    const { hub, received, sent, log } = hubWithWindow();
    hub.emit(name, payload as never);
    expect(received).toEqual([]);
    expect(sent).toEqual([]);
    const refused = log.entries.filter((e) => e.event === 'event.invalid');
    expect(refused).toEqual([{ level: 'error', event: 'event.invalid', fields: { event: name, issue: field } }]);
    // The log names the event and the field, never the value.
    expect(JSON.stringify(log.entries)).not.toContain('sk-proj-should-never-go-out');
  });

  it('sends nothing the schema does not name, even beside fields that fit', () => {
    const { hub, received, sent } = hubWithWindow();
    hub.emit('inventory.changed', { ...good['inventory.changed'], secret: 'sk-proj-extra-field' } as never);
    for (const out of [...received, ...sent]) expect(JSON.stringify(out)).not.toContain('sk-proj-extra-field');
  });
});
