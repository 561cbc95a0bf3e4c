// Browser sign-ins of tenant profiles, as the page starts and cancels them: one at a time per tenant,
// each told to the page as an event when it ends. A completed sign-in's refresh token goes to the
// keychain and its access token to the tenant's next client (memory only): the page never sees one.
import { errorShapeOf, AppError } from '../../src-shared/errors';
import type { SignInStarted } from '../../src-shared/signin';
import type { EventSink } from '../ipc/events';
import type { Logger } from '../log/logger';
import type { TenantClients } from '../profiles/tenant-clients';
import type { TenantProfiles } from '../profiles/tenant-profiles';
import { startBrowserSignIn, type StartedSignIn } from './browser-signin';

export interface SignInsDeps {
  profiles: TenantProfiles;
  clients: TenantClients;
  events: EventSink;
  log: Logger;
  /**
   * Opens the authorization URL in the system browser (the desktop app); answers false where the
   * shell has none (the web harness: the page opens it in a new tab).
   */
  openBrowser(url: string): Promise<boolean>;
  timeoutMs?: number;
}

interface Running {
  tenantId: string;
  operationId: string;
  started: StartedSignIn;
  /** Who the sign-in was for: a profile edited meanwhile to another tenant or client does not get its token. */
  baseUrl: string;
  clientId: string;
}

export class BrowserSignIns {
  private readonly running = new Map<string, Running>();

  constructor(private readonly deps: SignInsDeps) {}

  /** Starts a sign-in for the tenant; one already waiting for it is cancelled first (its listener holds the port). */
  async start(tenantId: string, operationId: string): Promise<SignInStarted> {
    if (this.running.has(operationId)) throw new AppError('conflict', 'A sign-in with this id is already running.');
    const earlier = [...this.running.values()].find((r) => r.tenantId === tenantId);
    if (earlier) await this.cancel(earlier.operationId);
    const { profile, clientSecret } = await this.deps.profiles.signInTarget(tenantId);
    const started = await startBrowserSignIn({
      baseUrl: profile.baseUrl,
      ...(profile.caPem ? { caPem: profile.caPem } : {}),
      clientId: profile.auth.clientId,
      ...(clientSecret !== undefined ? { clientSecret } : {}),
      redirectPort: profile.auth.redirectPort,
      ...(this.deps.timeoutMs !== undefined ? { timeoutMs: this.deps.timeoutMs } : {}),
      log: this.deps.log,
    });
    const run: Running = { tenantId, operationId, started, baseUrl: profile.baseUrl, clientId: profile.auth.clientId };
    this.running.set(operationId, run);
    void this.complete(run);
    this.deps.log.info('signin.started', { profile: tenantId });
    let openedByMain = false;
    try {
      openedByMain = await this.deps.openBrowser(started.authorizationUrl);
    } catch {
      this.deps.log.warn('signin.open_browser_failed');
    }
    return { authorizationUrl: started.authorizationUrl, redirectUri: started.redirectUri, openedByMain };
  }

  /** True when a sign-in with this id was waiting and is now cancelled. */
  async cancel(operationId: string): Promise<boolean> {
    const run = this.running.get(operationId);
    if (!run) return false;
    await run.started.cancel();
    return true;
  }

  /** A removed profile's sign-in, if one is waiting, ends now. */
  async forgetTenant(tenantId: string): Promise<void> {
    await Promise.all([...this.running.values()].filter((r) => r.tenantId === tenantId).map((r) => r.started.cancel()));
  }

  /** On quit: every listener closes. */
  async dispose(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.started.cancel()));
  }

  private async complete(run: Running): Promise<void> {
    const { tenantId, operationId } = run;
    try {
      const tokens = await run.started.tokens;
      // The profile may have been removed, or edited to another method, tenant or client, while the browser was open.
      const { profile } = await this.deps.profiles.signInTarget(tenantId);
      if (profile.baseUrl !== run.baseUrl || profile.auth.clientId !== run.clientId) {
        throw new AppError('conflict', `“${profile.name}” was edited during the sign-in, so it was not kept. Press Sign in again.`);
      }
      await this.deps.profiles.storeSignIn(tenantId, tokens.refreshToken);
      this.deps.clients.adoptSignIn(tenantId, profile.baseUrl, tokens);
      this.deps.log.info('signin.completed', { profile: tenantId });
      this.deps.events.emit('signin.finished', { tenantId, operationId, outcome: 'signed-in' });
    } catch (error) {
      const shape = errorShapeOf(error);
      this.deps.log.info('signin.ended', { profile: tenantId, code: shape.code });
      const ended = { tenantId, operationId };
      if (shape.code === 'cancelled') this.deps.events.emit('signin.finished', { ...ended, outcome: 'cancelled' });
      else this.deps.events.emit('signin.finished', { ...ended, outcome: 'failed', error: shape });
    } finally {
      this.running.delete(operationId);
    }
  }
}
