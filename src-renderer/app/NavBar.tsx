import { SweepAlertCount, useSweepAlertCount, withAlertCount } from '../features/sweep-alerts/SweepAlertCount';
import { screens, useAppStore } from './app-store';

export function NavBar() {
  const current = useAppStore((s) => s.screen);
  const goTo = useAppStore((s) => s.goTo);
  const alerts = useSweepAlertCount();
  return (
    <nav className="nav" aria-label="Main">
      <div className="nav-brand" aria-hidden="true">
        BYOM Desk
      </div>
      <ul>
        {screens.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className="nav-item"
              aria-current={current === s.id ? 'page' : undefined}
              aria-label={s.id === 'inventory' ? withAlertCount(s.label, alerts) : undefined}
              onClick={() => goTo(s.id)}
            >
              {s.label}
              {s.id === 'inventory' && <SweepAlertCount count={alerts} />}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
