import { EmptyState, ScreenHeader } from './ScreenHeader';

export function InventoryScreen() {
  return (
    <>
      <ScreenHeader title="Inventory" subtitle="Every credential and LLM config, across tenants." />
      <EmptyState heading="The inventory is not built yet">
        <p>This is where you will see every LLM credential and LLM config of every tenant in one list.</p>
      </EmptyState>
    </>
  );
}
