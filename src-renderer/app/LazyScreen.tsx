// Each screen is its own chunk, fetched the first time the screen is opened: the first screen
// paints without the code of the five others (the inventory's table, the setup flow, drafts...).
import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { screens } from './app-store';
import { routes, type ScreenId } from './routes';
import './screens.css';

// Made once per screen, from the routes table: React.lazy must keep its component between renders.
const screenComponents = new Map<ScreenId, ComponentType>(
  routes.map((route) => [route.id, lazy(async () => ({ default: (await route.load()) as ComponentType }))]),
);

const titleOf = (screen: ScreenId) => screens.find((s) => s.id === screen)!.label;

/**
 * While a screen's code arrives: its title where the screen puts it, and a quiet line that only
 * fades in if the wait is long enough to notice (loading from disk usually is not).
 */
function ScreenLoading({ screen }: { screen: ScreenId }) {
  return (
    <header className="screen-header">
      <h1 id="screen-title">{titleOf(screen)}</h1>
      <p className="muted screen-loading" role="status">
        Loading…
      </p>
    </header>
  );
}

/** A chunk that cannot be fetched (the app was rebuilt under the page, a file is damaged) fails this screen only. */
class ScreenLoadFailure extends Component<{ screen: ScreenId; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <header className="screen-header">
        <h1 id="screen-title">{titleOf(this.props.screen)}</h1>
        <div role="alert">
          <p>This screen could not be loaded. Reload the app to get it back; the other screens keep working.</p>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </header>
    );
  }
}

/** The screen, loaded the first time it is shown. */
export function LazyScreen({ screen }: { screen: ScreenId }) {
  const Screen = screenComponents.get(screen)!;
  return (
    <ScreenLoadFailure key={screen} screen={screen}>
      <Suspense fallback={<ScreenLoading screen={screen} />}>
        <Screen />
      </Suspense>
    </ScreenLoadFailure>
  );
}
