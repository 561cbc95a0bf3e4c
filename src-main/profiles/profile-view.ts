// What the page is told of a stored profile: never a secret, never a token.
import { isLoopbackHost } from '../../src-shared/tenant-url';
import type { SecretState, TenantProfileView } from '../../src-shared/tenant-profile';
import { summarizeCaPem } from './ca-certificate';
import { authView } from './profile-auth';
import type { StoredProfile } from './profile-store';

export function toView(profile: StoredProfile, secret: SecretState, signInRequired: boolean): TenantProfileView {
  const url = new URL(profile.baseUrl);
  return {
    id: profile.id,
    name: profile.name,
    baseUrl: profile.baseUrl,
    insecureLoopback: url.protocol === 'http:' && isLoopbackHost(url.hostname),
    environment: profile.environment,
    labels: profile.labels,
    auth: authView(profile.auth, signInRequired),
    secret,
    caCertificate: profile.caPem ? summarizeCaPem(profile.caPem) : null,
    createdAt: profile.createdAt,
    updatedAt: profile.updatedAt,
    revision: profile.revision,
  };
}
