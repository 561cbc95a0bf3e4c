// Stores keychain entries, then exits: `node --import tsx test/support/store-secrets.ts <service> <json {account: secret}>`.
// Run inside a D-Bus session whose keyring is unlocked, to prepare a keyring a test then finds locked.
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';

const [service, json] = process.argv.slice(2);
const store = createKeyringSecretStore(service!);
for (const [account, secret] of Object.entries(JSON.parse(json!) as Record<string, string>)) await store.set(account, secret);
