// TENANT-OPS API READY
//
// One model for every change on a tenant: setup, apply, rotation (in place and by the fallback),
// inventory deletes and settings all write through it.
//
//   const operation = operations.begin({ kind, title, summary, source, tenantIds, context });
//   operation.runJob({ kind: 'rotation', title, tenantIds, run: (ctx) => forEachTenant(ctx, ids, async (handle) => {
//     const tenant = operation.tenant(handle.tenantId, { handle, jobId: ctx.jobId });
//     await clients.withClient(handle.tenantId, async (client) => {
//       try {
//         const made = await tenant.create({ object: { kind: 'config', name }, fingerprint: configFingerprint(body) },
//           () => createLlmConfigSafely(client, body, { signal: ctx.signal }));
//         await tenant.write({ action: 'override.set', object, undo: { kind: 'put-override', ... } },
//           () => client.putFeatureOverride(...));
//         tenant.succeed('Done');                       // journals the tenant's end, handle.ok(message, report)
//       } catch (error) {
//         await tenant.stop(client, error, { keep });   // roll back (undo in reverse) unless kept; handle.fail
//       }
//     });
//   }) });                                             // when the job ends: one tenant-changed batch, journal end, claim released
//
// Each `write` / `create`: journal (intent + undo, fsynced) -> the write -> journal (done/failed, id)
// -> audit entry -> job progress tick -> report step -> tenant-changed facts. A write whose answer
// may have been lost stays "under way" in the journal: a create is found again by its fingerprint
// (name plus non-secret fields), by the write itself, a roll back, or a resume after a crash.
//
// Without a job (a settings change from a dialog): `begin`, `operation.tenant(id)`, `write`,
// `tenant.end('done')`, then `operation.settle()` (in a finally).
//
// After a crash: `operations.unfinished()` lists every open journal (any kind) for the offer;
// `operations.rollBack({ operationId })` is generic (a job of kind `operation`); `operations.resume`
// calls the kind's handler, registered with `operations.register({ kind, context, resume })`.
// Register the handler before the first `unfinished()` call. A point past which a roll back cannot
// go (the rotation fallback's old configs are being deleted): `tenant.blockRollBack(reason)`.
//
// Reports: every flow's per-tenant result is `TenantOperationReport` (src-shared/tenant-operation.ts),
// `tenant.report`. A job kind's result schema is in src-shared/job-results.ts: change it there
// when a kind's results change shape (a result that breaks it is refused by the job runner).
//
// Reading a tenant: `readTenant` (raw, for plans and writes) and `inventoryOf` (the inventory's view).
// After an operation: `TenantChanges` (one batch per run): the inventory re-reads the touched tenants
// as one job, the credential expiries follow `credential-*` facts (creates and deletes are noted by
// the writes; a successor with `tenant.fact({ kind: 'credential-replaced', ... })`).
export { TenantOperations, type BeginOperation, type OperationKindHandler, type TenantOperationsDeps } from './operations';
export { Operation } from './operation';
export { TenantOperation, mayHaveLanded, thingOf, type CreateSpec, type StepSpec, type WriteSpec } from './tenant-operation';
export { undoSchema, describeUndo, runUndo, type Undo, type UndoResult } from './undo';
export { configFingerprint, credentialFingerprint, findLanded, type CreateFingerprint } from './fingerprint';
export {
  madeSteps,
  undoableSteps,
  unsureSteps,
  type JournaledStep,
  type JournalState,
  type JournalTenant,
  type JournalRecord,
} from './journal';
export { TenantChanges, type TenantChange, type TenantChangeFact, type TenantChangeListener } from './tenant-changes';
export { readTenant, inventoryOf, readAgents, agentView, configView, credentialView, type TenantSnapshot } from './read-tenant';
