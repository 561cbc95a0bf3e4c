#!/usr/bin/env bash
# `npm run test:mutation`: Stryker over the rule modules (stryker.config.mjs), then the score of each
# module against 85% (check-scores.ts). Extra arguments go to Stryker: `-- --incremental` re-tests
# only the mutants whose code or tests changed since test/mutation/stryker-incremental.json.
# A private keychain session, as for `npm test`: two of the integration tests it runs use the keychain.
set -uo pipefail
cd "$(dirname "$0")/../.."
# A run that stops before its report must not leave the last run's report to be scored.
rm -f reports/mutation/mutation.json
bash test/with-private-keyring.sh npx stryker run "$@"
stryker=$?
npx tsx test/mutation/check-scores.ts
scores=$?
exit $((stryker || scores))
