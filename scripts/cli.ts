import { allowanceCommands } from "../app/allowances/cli.server.ts";
import { backupCommands } from "../app/cli/backup.server.ts";
import { copyCommands } from "../app/cli/copy.server.ts";
import { runCli, type CliCommand } from "../app/cli/cli.server.ts";
import { getConfig } from "../app/config.server.ts";
import { closeDatabase } from "../db/client.ts";
import { openConfiguredDatabase } from "../db/connect.ts";
import { applyMigrations } from "../db/migrate.ts";
import { syncReferenceData } from "../seeds/reference.ts";
import { indicatorCommands } from "../app/indicators/cli.server.ts";
import { contentCommands } from "../app/learning/content/cli.server.ts";
import { workforceCommands } from "../app/workforce/cli.server.ts";

// npm run cli -- <command> … : each domain contributes its commands here.
const commands: CliCommand[] = [...workforceCommands, ...allowanceCommands, ...indicatorCommands, ...backupCommands, ...copyCommands, ...contentCommands];

const db = openConfiguredDatabase(getConfig());
await applyMigrations(db);
await syncReferenceData(db);
const code = await runCli(db, commands, process.argv.slice(2));
await closeDatabase(db);
// exitCode rather than exit(): a large output piped to another program is written out in full first.
process.exitCode = code;
