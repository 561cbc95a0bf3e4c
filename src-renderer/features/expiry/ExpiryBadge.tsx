import { expiryPhrase, expiryState, formatSpan } from '../../../src-shared/expiry';

/**
 * "in 55 min" or "expired" under the table's Expires header (the whole phrase and the date in its
 * title): warning colour when due within the lead time, danger once expired.
 */
export function ExpiryBadge({ expiresAt, now, leadHours }: { expiresAt: string; now: number; leadHours: number }) {
  const state = expiryState(expiresAt, now, leadHours);
  const left = Date.parse(expiresAt) - now;
  return (
    <span
      className={`pill expiry-badge ${state === 'expired' ? 'danger' : state === 'soon' ? 'warn' : ''}`}
      title={`${expiryPhrase(expiresAt, now)} (${new Date(expiresAt).toLocaleString()})`}
    >
      {left > 0 ? `in ${formatSpan(left)}` : 'expired'}
    </span>
  );
}
