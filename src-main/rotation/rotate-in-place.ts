// A key rotated in place: PATCH the credential with the new secret fields only (through the
// operation: journaled before and after, audited; it has no undo, since the old key is kept
// nowhere), validate it again, check its configs' models are still listed. After a crash, Resume
// checks the keys the cut-short run set (a PATCH it never heard back from too): BYOM Desk never
// keeps a new key, so a credential the run had not reached is left for the user to rotate again.
import { errorShapeOf } from '../../src-shared/errors';
import { providerVariant, type ProviderId } from '../../src-shared/providers/catalog';
import { credentialPayload, isSecretField } from '../../src-shared/providers/credential-schema';
import { rotationFields } from '../../src-shared/rotation';
import type { OperationTarget } from '../../src-shared/tenant-operation';
import { mayHaveReachedTenant } from '../alation/errors';
import { auditFailure } from '../audit/audit-log';
import { locate, targetResult, validateAfter, type OneRotation } from './rotation-steps';

export interface InPlaceRun extends OneRotation {
  /** The new key's expiry: null clears it, absent keeps each credential's. */
  expiresAt?: string | null;
}

const patchKey = (credentialId: string) => `${credentialId}:patch`;

export async function rotateInPlace(run: InPlaceRun & { values: Record<string, string> }): Promise<OperationTarget> {
  const { tenant, client, providerId, values, signal } = run;
  const located = locate(run);
  if (!located.credential) return located.skipped;
  const credential = located.credential;
  const changed = rotationFields(providerId)
    .filter((f) => values[f.key])
    .map((f) => f.label)
    .join(', ');
  try {
    await tenant.write(
      {
        action: 'credential.rotate',
        object: { kind: 'credential', id: credential.id, name: credential.name },
        undo: null,
        step: 'credential',
        key: patchKey(credential.id),
        label: { done: 'Set the new key (PATCH)', failed: 'Could not set the new key (PATCH)' },
        message: `New ${changed}`,
      },
      () => client.patchCredential(credential.id, patchBody(providerId, values), { signal }),
    );
  } catch (error) {
    const shape = errorShapeOf(error);
    // The credential was listed just now: a 404 on PATCH says the route is missing, not the credential.
    if (shape.code === 'unsupported' || shape.code === 'not_found') {
      const message = 'This tenant cannot update a credential in place (it answered PATCH with 404 or 405): nothing was changed.';
      return targetResult(credential.id, credential.name, 'no-patch', message);
    }
    // A PATCH cut off on the wire may have landed: the report cannot say which key the tenant holds.
    if (mayHaveReachedTenant(error) || shape.code === 'cancelled') {
      const why = shape.message.replace(/\.$/, '');
      const message = `Stopped while the new key was being set (${why}): the tenant may hold either key.`;
      return targetResult(credential.id, credential.name, 'failed', `${message} Run a health sweep, or rotate again.`, shape.code);
    }
    return targetResult(credential.id, credential.name, 'failed', `The new key could not be set: ${shape.message}`, shape.code);
  }
  // Absent: each credential keeps the expiry it had (a long-lived key rotated early keeps none).
  if (run.expiresAt !== undefined)
    tenant.fact({
      kind: 'credential-expiry',
      credentialId: credential.id,
      name: credential.name,
      expiresAt: run.expiresAt,
      source: 'rotation',
    });
  return checkNewKey(run, credential);
}

/**
 * After a crash: each credential whose PATCH the run sent (answered or not) is checked again; one
 * it had not reached keeps its old key, and is said to.
 */
export async function checkAfterCrash(run: OneRotation): Promise<OperationTarget> {
  const { tenant, inventory, target } = run;
  const sent = tenant.steps.find((s) => s.key === patchKey(target.credentialId) && s.status !== 'failed');
  const credential = inventory.credentials.find((c) => c.id === target.credentialId);
  if (!credential)
    return targetResult(target.credentialId, sent?.object.name ?? target.credentialId, 'skipped', 'It is no longer on the tenant.');
  if (!sent) {
    const message = 'Not rotated: BYOM Desk stopped before it got there, and never keeps a new key. It keeps its old key: rotate it again.';
    return targetResult(credential.id, credential.name, 'failed', message);
  }
  if (sent.status === 'started')
    tenant.record({
      step: 'credential',
      label: 'The new key was being set when BYOM Desk stopped: the check below says whether the key in place works',
      status: 'skipped',
    });
  return checkNewKey(run, credential);
}

async function checkNewKey(run: OneRotation, credential: { id: string; name: string }): Promise<OperationTarget> {
  try {
    const checked = await validateAfter(run, credential);
    if (checked.verdict === 'rejected')
      return targetResult(credential.id, credential.name, 'rejected', 'The provider refuses the new key.');
    return targetResult(credential.id, credential.name, 'rotated');
  } catch (error) {
    // The new key is in place whatever stopped the check (cancel, the tenant unreachable): the
    // report says so, rather than losing it to the tenant's error.
    const shape = errorShapeOf(error);
    run.tenant.audit({
      action: 'credential.validate',
      objects: [{ kind: 'credential', id: credential.id, name: credential.name }],
      ...auditFailure(error),
    });
    const why = shape.message.replace(/\.$/, '');
    const label = `The new key is set, but could not be checked: ${why}. Run a health sweep on this tenant to check it.`;
    run.tenant.record({ step: 'validate', label, status: 'failed' });
    return targetResult(
      credential.id,
      credential.name,
      'unverified',
      'The new key is on the tenant, but whether it works is not known yet.',
    );
  }
}

/**
 * The PATCH body: the rotation fields only, as a POST would send them (a service account as an
 * object). An optional secret left blank is cleared (null): an STS key pair rotated to a long-term
 * one must not keep the old session token, which AWS would refuse with the new key.
 */
export function patchBody(providerId: ProviderId, values: Record<string, string>): Record<string, unknown> {
  const { name: _name, creds_type: _type, ...body } = credentialPayload(providerVariant(providerId), values);
  const cleared = rotationFields(providerId).filter((f) => isSecretField(f) && !f.required && !values[f.key]);
  return { ...body, ...Object.fromEntries(cleared.map((f) => [f.key, null])) };
}
