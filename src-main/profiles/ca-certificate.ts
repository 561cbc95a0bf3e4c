import { X509Certificate } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import type { CaCertificateSummary } from '../../src-shared/tenant-profile';

const pemBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Parses every certificate in a PEM bundle; a bundle that does not parse is refused, not stored. */
export function summarizeCaPem(pem: string): CaCertificateSummary {
  const blocks = pem.match(pemBlock) ?? [];
  if (blocks.length === 0) throw invalid('it holds no PEM certificate');
  let first: X509Certificate | undefined;
  for (const block of blocks) {
    try {
      const cert = new X509Certificate(block);
      first ??= cert;
    } catch {
      throw invalid('a certificate in it could not be read');
    }
  }
  return {
    subject: first!.subject.replace(/\n/g, ', '),
    issuer: first!.issuer.replace(/\n/g, ', '),
    validTo: new Date(first!.validTo).toISOString(),
    fingerprint256: first!.fingerprint256,
  };
}

function invalid(reason: string): AppError {
  return new AppError('validation', `The CA certificate was refused: ${reason}. Export the tenant's CA as a PEM (.pem or .crt) file.`, {
    fields: [{ path: 'caPem', message: reason }],
  });
}
