import { useAppStore } from './app-store';

/** Errors no screen handled itself: the message, the code, and each field that was refused. */
export function ErrorBanner() {
  const errors = useAppStore((s) => s.errors);
  const dismiss = useAppStore((s) => s.dismissError);
  if (errors.length === 0) return null;
  return (
    <div className="error-stack" role="alert" aria-live="assertive">
      {errors.map((error) => (
        <div key={error.id} className="error-banner" data-code={error.code}>
          <div className="error-text">
            <strong>{error.message}</strong>
            <span className="error-code">{error.code}</span>
            {error.details?.fields && error.details.fields.length > 0 && (
              <ul className="error-fields">
                {error.details.fields.map((f) => (
                  <li key={`${f.path}:${f.message}`}>
                    {f.path ? <code>{f.path}</code> : null} {f.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <button type="button" className="button subtle" aria-label="Dismiss error" onClick={() => dismiss(error.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
