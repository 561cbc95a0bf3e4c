import { useEffect, useRef } from 'react';
import { focusIsLost } from './focus';

export function ScreenHeader({ title, subtitle }: { title: string; subtitle: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened from within another screen (Rotate in the Inventory, Go to Setup): the button that did it
  // is gone with its screen, so focus starts here, at the new screen's title, not at the page's top.
  useEffect(() => {
    if (focusIsLost()) heading.current?.focus();
  }, []);
  return (
    <header className="screen-header">
      <h1 id="screen-title" ref={heading} tabIndex={-1}>
        {title}
      </h1>
      <p className="muted">{subtitle}</p>
    </header>
  );
}

/** What to do next, or what will come here: never fake data. */
export function EmptyState({ heading, children }: { heading: string; children: React.ReactNode }) {
  return (
    <section className="empty-state" aria-label={heading}>
      <h2>{heading}</h2>
      {children}
    </section>
  );
}
