import { generate } from 'selfsigned';

/** A throwaway CA certificate (PEM) for tests that store or parse one. */
export const testCaPem: string = (
  await generate([{ name: 'commonName', value: 'BYOM Desk Test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'basicConstraints', cA: true, critical: true }],
  })
).cert;
