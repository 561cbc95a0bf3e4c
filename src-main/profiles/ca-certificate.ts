import { X509Certificate } from 'node:crypto';
import type { CaCertificateSummary } from '../../src-shared/tenant-profile';
import { parseCaPem } from '../alation/tls';

/**
 * What the Tenants screen shows of a custom CA: its first certificate. The bundle is checked by the
 * same parser the client trusts it with, so a CA that is stored is one the client can use.
 */
export function summarizeCaPem(pem: string): CaCertificateSummary {
  const first = new X509Certificate(parseCaPem(pem)[0]!);
  return {
    subject: first.subject.replace(/\n/g, ', '),
    issuer: first.issuer.replace(/\n/g, ', '),
    validTo: new Date(first.validTo).toISOString(),
    fingerprint256: first.fingerprint256,
  };
}
