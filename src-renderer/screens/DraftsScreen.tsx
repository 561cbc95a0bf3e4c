import { EmptyState, ScreenHeader } from './ScreenHeader';

export function DraftsScreen() {
  return (
    <>
      <ScreenHeader title="Drafts" subtitle="Provider setups prepared offline." />
      <EmptyState heading="Drafts are not built yet">
        <p>
          This is where you will draft a provider setup without a network connection and apply it later to one or many
          tenants.
        </p>
      </EmptyState>
    </>
  );
}
