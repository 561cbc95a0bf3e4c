// The trust store for tenant connections. Passing `ca` to Node replaces its defaults, so the list
// is rebuilt from Node's bundled roots, the OS store (corporate TLS inspection CAs live there) and
// the profile's own CA. There is deliberately no way to switch verification off.
import { X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';
import { AppError } from '../../src-shared/errors';
import { pemCertificateBlocks } from '../../src-shared/pem';

let systemCache: readonly string[] | undefined;

/** The OS certificate store where Node offers it (Node >= 22.15, Electron 45); empty elsewhere. */
function systemCertificates(): readonly string[] {
  if (systemCache) return systemCache;
  const get = (tls as unknown as { getCACertificates?: (type: 'system') => string[] }).getCACertificates;
  try {
    systemCache = typeof get === 'function' ? get('system') : [];
  } catch {
    // A broken OS store must not make every tenant unreachable; the bundled roots still apply.
    systemCache = [];
  }
  return systemCache;
}

/**
 * Splits a PEM text into certificates and checks each one parses. Throws AppError('validation')
 * naming the profile field, so a pasted private key or a truncated file is caught at once.
 */
export function parseCaPem(pem: string): string[] {
  const blocks = pemCertificateBlocks(pem);
  const invalid = (message: string) => new AppError('validation', message, { fields: [{ path: 'caPem', message }] });
  if (blocks.length === 0) {
    throw invalid(
      'The custom CA certificate is not a PEM certificate: paste the text ' +
        'from "-----BEGIN CERTIFICATE-----" to "-----END CERTIFICATE-----".',
    );
  }
  blocks.forEach((block, i) => {
    try {
      new X509Certificate(block);
    } catch {
      throw invalid(`Certificate ${i + 1} in the custom CA PEM cannot be read: export the CA certificate again (PEM, base64).`);
    }
  });
  return blocks;
}

/** Bundled roots + OS store + the profile's CA PEM (when given). */
export function buildCaList(customPem?: string): string[] {
  const custom = customPem !== undefined && customPem.trim() !== '' ? parseCaPem(customPem) : [];
  return [...tls.rootCertificates, ...systemCertificates(), ...custom];
}
