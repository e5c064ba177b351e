// Run by `npm test` before vitest: one line naming the peers and tools that are not installed,
// whose tests are skipped, and the command that installs them. Under QUIC_REQUIRE_INTEROP=1
// (.ci/run) a missing tool is an error instead, before any test runs.
import { installCommand, interopRequired, missingTools } from '../../test/peers/availability.ts';

const missing = missingTools();
if (missing.length > 0) {
  const what = `not installed: ${missing.join(', ')}`;
  if (interopRequired()) {
    process.stderr.write(`QUIC_REQUIRE_INTEROP=1 but ${what}; install them with: ${installCommand(missing)}\n`);
    process.exit(1);
  }
  process.stdout.write(`Interop/site tests that need them are skipped (${what}); to run them: ${installCommand(missing)}\n`);
}
