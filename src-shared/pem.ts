/** One PEM certificate block. The form checks for one; main splits a bundle with the global form. */
export const pemCertificatePattern = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

export function pemCertificateBlocks(pem: string): string[] {
  return pem.match(new RegExp(pemCertificatePattern.source, 'g')) ?? [];
}
