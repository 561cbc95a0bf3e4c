export function ScreenHeader({ title, subtitle }: { title: string; subtitle: string }) {
  return (
    <header className="screen-header">
      <h1 id="screen-title">{title}</h1>
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
