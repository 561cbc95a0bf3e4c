import { showFailure } from '../../app/failures';
import { useEffect, useState } from 'react';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useExpiryStore } from './expiry-store';

/** "Remind me 24 h before": saved when the field is left or Enter is pressed, so typing "72" never saves a 7. */
export function LeadTimeControl() {
  const leadHours = useExpiryStore((s) => s.leadHours);
  const save = useExpiryStore((s) => s.setLeadHours);
  const [text, setText] = useState(String(leadHours));
  const [error, setError] = useState<AppErrorShape | null>(null);
  useEffect(() => setText(String(leadHours)), [leadHours]);

  const commit = async () => {
    const hours = Number(text);
    if (text.trim() === '' || hours === leadHours) {
      setText(String(leadHours));
      setError(null);
      return;
    }
    try {
      await save(hours);
      setError(null);
    } catch (failure) {
      showFailure(failure, setError);
    }
  };

  return (
    <form
      className="lead-time"
      onSubmit={(e) => {
        e.preventDefault();
        void commit();
      }}
    >
      <label>
        Remind me{' '}
        <input
          type="number"
          min={1}
          max={720}
          step={1}
          value={text}
          aria-label="Hours before a key expires to remind"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'lead-time-error' : undefined}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => void commit()}
        />{' '}
        h before a key expires
      </label>
      {error && (
        <span id="lead-time-error" className="text-danger" role="alert">
          {error.message}
        </span>
      )}
    </form>
  );
}
