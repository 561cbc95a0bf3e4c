// Expiries in words and in the inventory: how a reminder says the time left, the inventory's join
// (by tenant and credential id), its "Expiring" filter and search, the filter in the address, and
// the desktop shell's notifications (shown only where supported, a click bringing the window up).
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createNotifier } from '../../src-main/electron/notifications';
import { expiryPhrase, expiryState, formatSpan } from '../../src-shared/expiry';
import type { InventoryCredential } from '../../src-shared/inventory';
import { emptyFilters, filterRows, inventoryRows, rowSearchText } from '../../src-shared/inventory-rows';
import { parseView, serializeView, defaultView } from '../../src-renderer/features/inventory/view-state';
import { memoryLogger } from '../support/memory-logger';
import { acme, beta, config, inventory, state } from './drift-fixtures';

const minute = 60_000;
const hour = 60 * minute;
const now = Date.parse('2030-01-01T12:00:00.000Z');
const at = (ms: number) => new Date(now + ms).toISOString();

describe('expiries in words', () => {
  it('say the time left or gone as a person would', () => {
    expect(expiryPhrase(at(55 * minute), now)).toBe('expires in 55 min');
    expect(expiryPhrase(at(30_000), now)).toBe('expires in less than a minute');
    expect(expiryPhrase(at(-2 * hour - 5 * minute), now)).toBe('expired 2 h ago');
    expect(expiryPhrase(at(0), now)).toBe('expired less than a minute ago');
    expect(formatSpan(47 * hour)).toBe('47 h');
    expect(formatSpan(3 * 24 * hour + hour)).toBe('3 days');
    expect([expiryState(at(-1), now, 24), expiryState(at(24 * hour), now, 24), expiryState(at(24 * hour + 1), now, 24)]).toEqual([
      'expired',
      'soon',
      null,
    ]);
  });
});

describe('expiries in the inventory', () => {
  const credential = (id: string, name: string): InventoryCredential => ({
    id,
    name,
    credsType: 'AWS',
    details: { aws_region: 'us-west-2' },
    masked: {},
    createdAt: null,
    updatedAt: null,
  });
  // The same credential id on two tenants: only Acme's has an expiry.
  const states = [
    state(
      inventory(acme, [config('a-1', 'Claude', 'bedrock_us-west-2', 'anthropic.claude', { credentialId: 'c-1' })], {
        credentials: [credential('c-1', 'Bedrock STS'), credential('c-2', 'Spare')],
      }),
    ),
    state(inventory(beta, [], { credentials: [credential('c-1', 'Bedrock STS')] })),
  ];
  const expiries = [
    { tenantId: acme.id, credentialId: 'c-1', expiresAt: at(55 * minute) },
    { tenantId: acme.id, credentialId: 'c-2', expiresAt: at(30 * 24 * hour) },
  ];

  it('join each row to its credential’s expiry, by tenant and credential id', () => {
    const rows = inventoryRows(states, [acme, beta], expiries);
    expect(rows.map((r) => [r.tenant.name, r.credential?.name, r.expiresAt])).toEqual([
      ['Acme', 'Bedrock STS', at(55 * minute)],
      ['Acme', 'Spare', at(30 * 24 * hour)],
      ['Beta', 'Bedrock STS', null],
    ]);
    expect(inventoryRows(states, [acme, beta]).every((r) => r.expiresAt === null)).toBe(true);
    expect(rowSearchText(rows[0]!)).toContain('expires 2030-01-01');
  });

  it('filter to what expires within the lead time or has expired, as the clock moves', () => {
    const rows = inventoryRows(states, [acme, beta], expiries);
    const expiring = { ...emptyFilters, expiringOnly: true };
    expect(filterRows(rows, expiring, [], { now, leadHours: 24 }).map((r) => r.credential?.name)).toEqual(['Bedrock STS']);
    expect(filterRows(rows, expiring, [], { now: now + 31 * 24 * hour, leadHours: 24 })).toHaveLength(2);
    expect(filterRows(rows, expiring, [], { now, leadHours: 720 })).toHaveLength(2);
    expect(filterRows(rows, emptyFilters, [], { now, leadHours: 24 })).toHaveLength(3);
  });

  it('keep the filter in the address', () => {
    const view = { ...defaultView, filters: { ...emptyFilters, expiringOnly: true } };
    expect(serializeView(view)).toBe('expiring=1');
    expect(parseView('expiring=1').filters.expiringOnly).toBe(true);
    expect(parseView('').filters.expiringOnly).toBe(false);
  });
});

describe('the desktop notifications', () => {
  class FakeNotification extends EventEmitter {
    static supported = true;
    static made: FakeNotification[] = [];
    static isSupported = () => FakeNotification.supported;
    shown = false;
    constructor(readonly options: { title: string; body: string }) {
      super();
      FakeNotification.made.push(this);
    }
    show() {
      this.shown = true;
    }
  }
  const calls: string[] = [];
  const win = {
    isMinimized: () => true,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
  };

  it('show one where the OS can, and a click brings the window up and opens the rotation', () => {
    const clicked: string[] = [];
    const notify = createNotifier(FakeNotification, () => win, memoryLogger());
    expect(notify('Key expires in 55 min', 'Bedrock STS on Acme. Rotate it before it stops working.', () => clicked.push('open'))).toBe(
      true,
    );
    const shown = FakeNotification.made[0]!;
    expect(shown).toMatchObject({ shown: true, options: { title: 'Key expires in 55 min' } });
    shown.emit('click');
    expect(calls).toEqual(['restore', 'show', 'focus']);
    expect(clicked).toEqual(['open']);

    FakeNotification.supported = false;
    expect(notify('Key expires in 55 min', 'body')).toBe(false);
    expect(FakeNotification.made).toHaveLength(1);
  });
});
