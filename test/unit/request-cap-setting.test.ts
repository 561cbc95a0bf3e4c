// The cap on requests in flight across all tenants is a setting (BYOM_DESK_GLOBAL_REQUEST_CAP):
// a bad value never stops the app, it is logged and the default used.
import { describe, expect, it } from 'vitest';
import { defaultGlobalRequestCap, globalRequestCapSetting } from '../../src-main/alation/request-cap';
import { memoryLogger } from '../support/memory-logger';

describe('the global request cap setting', () => {
  it('lets 25 tenants use their own cap of 4 together by default', () => {
    expect(globalRequestCapSetting({})).toBe(defaultGlobalRequestCap);
    expect(defaultGlobalRequestCap).toBeGreaterThanOrEqual(25 * 4);
  });

  it('takes a whole number from BYOM_DESK_GLOBAL_REQUEST_CAP', () => {
    expect(globalRequestCapSetting({ BYOM_DESK_GLOBAL_REQUEST_CAP: ' 8 ' })).toBe(8);
    expect(globalRequestCapSetting({ BYOM_DESK_GLOBAL_REQUEST_CAP: '200' })).toBe(200);
  });

  it('logs a value that is not a usable cap and keeps the default', () => {
    for (const value of ['0', '-3', '2.5', 'lots', '100000']) {
      const log = memoryLogger();
      expect(globalRequestCapSetting({ BYOM_DESK_GLOBAL_REQUEST_CAP: value }, log), value).toBe(defaultGlobalRequestCap);
      expect(
        log.entries.map((e) => `${e.level} ${e.event}`),
        value,
      ).toEqual(['warn settings.global_request_cap_ignored']);
    }
  });
});
