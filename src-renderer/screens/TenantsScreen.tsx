import { EmptyState, ScreenHeader } from './ScreenHeader';

export function TenantsScreen() {
  return (
    <>
      <ScreenHeader title="Tenants" subtitle="Connections to your Alation tenants." />
      <EmptyState heading="Tenant profiles are not built yet">
        <p>
          This is where you will add, edit, test and remove connections to Alation tenants: a name, the tenant's
          address, an environment colour, and OAuth client credentials, an API access token or a refresh token. Secrets
          will be kept in your OS keychain only.
        </p>
      </EmptyState>
    </>
  );
}
