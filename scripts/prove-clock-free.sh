#!/usr/bin/env bash
# Proves the tests do not depend on the hour, weekday or machine zone they run at: the whole
# suite twice, once with the clinic open "now" and once closed (in quiet hours), each under
# another machine TZ (see test/helpers/fixtures.ts, TEST_CLINIC_CLOCK). Prints one line per run.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p .test-results
status=0
for run in "open America/Los_Angeles" "closed Asia/Kolkata"; do
  read -r clock tz <<<"$run"
  out=".test-results/clock-$clock.json"
  TZ=$tz TEST_CLINIC_CLOCK=$clock npx jest --json --outputFile="$out" >".test-results/clock-$clock.log" 2>&1 || status=1
  node -e '
    const r = require(require("path").resolve(process.argv[1]));
    const failed = r.testResults.flatMap((s) => s.assertionResults.filter((a) => a.status === "failed").map((a) => `  ${s.name.replace(process.cwd() + "/", "")}: ${a.fullName}`));
    console.log(`clinic ${process.argv[2]} now, TZ=${process.argv[3]}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
    if (failed.length) console.log(failed.join("\n"));
  ' "$out" "$clock" "$tz"
done
exit $status
