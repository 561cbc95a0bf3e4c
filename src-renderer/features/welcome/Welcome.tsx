// The first run: what BYOM Desk does in three steps, Alation's guides, and where data and secrets
// are kept. Shown on the Tenants screen until the first tenant is added.
import { alationDocs } from '../../../src-shared/alation-docs';
import { useAppStore } from '../../app/app-store';
import './welcome.css';

/** The toolbar's Add tenant, just above, is the first step's button. */
export function Welcome() {
  const appInfo = useAppStore((s) => s.appInfo);
  return (
    <section className="empty-state welcome" aria-label="No tenants yet">
      <h2>No tenants yet</h2>
      <p>Welcome to BYOM Desk. Three steps take your Alation tenants from nothing to models their agents can use:</p>
      <ol className="welcome-steps">
        <li>
          <strong>Add a tenant.</strong> Its address and how BYOM Desk signs in: with your browser (the client ID of an OAuth client
          application a Server Admin made for BYOM Desk), an OAuth client ID and secret for a service, or a Bearer token.
        </li>
        <li>
          <strong>Set up a provider.</strong> Store an LLM provider’s credentials on the tenant (OpenAI, Anthropic, AWS Bedrock, Azure
          OpenAI, Google, or any OpenAI-compatible service), validate them, pick models and create the configs agents use.
        </li>
        <li>
          <strong>See the inventory.</strong> Every credential, config, default and agent of every tenant side by side, with drift, a health
          sweep, and key expiries. From there, drafts apply one setup to many tenants, and keys rotate everywhere at once.
        </li>
      </ol>
      <p>
        Alation’s guides:{' '}
        {alationDocs.map((doc, index) => (
          <span key={doc.url}>
            {index > 0 && ' · '}
            <a href={doc.url} target="_blank" rel="noreferrer">
              {doc.label.replace(/^Alation Docs: /, '')}
            </a>
          </span>
        ))}
      </p>
      <p className="muted">
        Tenant profiles, drafts, the inventory cache and the audit log are kept in{' '}
        {appInfo ? <code>{appInfo.dataDir}</code> : 'the app’s data folder'}. Keys, tokens and client secrets never are: they go to your OS
        keychain{appInfo ? ` (${appInfo.keychain.backend})` : ''}. Both are on this computer only.
      </p>
    </section>
  );
}
