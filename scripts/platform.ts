/**
 * Platform operator CLI (OEM network reporting): OEMs, their regions and OEM
 * portal accounts exist outside any tenant and are created only here (and by
 * the demo seed) — no HTTP route creates or edits them.
 *
 *   npm run platform -- list
 *   npm run platform -- create-oem --name "一汽-大众" --brands "FAW-Volkswagen,Jetta"
 *   npm run platform -- add-region --oem <oemId> --name "华东区 East China"
 *   npm run platform -- add-user --oem <oemId> --email rep@oem.example.com --name "沈立群" \
 *        --role regional_rep --region <regionId> [--password …]   (default: a generated one, printed once)
 *
 * Uses the database of a running `npm start` (TABLE_NAME, DYNAMODB_ENDPOINT) or, in
 * the cloud, the table named by TABLE_NAME with the operator's AWS credentials.
 */
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { isAppError } from "@dealeros/core";
import { createDb, setDb } from "@dealeros/db";
import { oemPlatform } from "@dealeros/services";
import { type LocalDynamo, startDynamoLocal } from "../functions/local/dynamo.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = `usage: npm run platform -- <command> [options]
  list
  create-oem --name <name> --brands <brand,brand>
  add-region --oem <oemId> --name <name>
  add-user --oem <oemId> --email <email> --name <name> --role oem_admin|regional_rep [--region <regionId>] [--password <pw>]`;

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const opt = (flag: string) => {
    const i = args.indexOf(`--${flag}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  if (!command || command.startsWith("-")) {
    console.log(USAGE);
    process.exit(2);
  }
  const table = process.env.TABLE_NAME ?? "dealer-os-local";
  let own: LocalDynamo | undefined;
  let endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!process.env.AWS_LAMBDA_FUNCTION_NAME && !process.env.PLATFORM_CLOUD) {
    endpoint ??= `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8010}`;
    try {
      await createDb({ tableName: table, endpoint }).raw.send(new ListTablesCommand({}));
    } catch {
      own = await startDynamoLocal({ dbPath: join(root, ".data") });
      endpoint = own.endpoint;
    }
  }
  setDb(createDb({ tableName: table, ...(endpoint ? { endpoint } : {}) }));
  try {
    switch (command) {
      case "list": {
        for (const o of await oemPlatform.listAll()) {
          console.log(`${o.oemId}  ${o.name}  [${o.brands.join(", ")}]`);
          for (const r of o.regions) console.log(`  region ${r.regionId}  ${r.name}`);
          for (const u of o.users)
            console.log(
              `  user   ${u.email}  ${u.role}${u.regionId ? ` (${u.regionId})` : ""}${u.active ? "" : " inactive"}`,
            );
        }
        break;
      }
      case "create-oem": {
        const o = await oemPlatform.createOem({
          name: opt("name") ?? "",
          brands: (opt("brands") ?? "")
            .split(",")
            .map((b) => b.trim())
            .filter(Boolean),
        });
        console.log(JSON.stringify(o, null, 2));
        break;
      }
      case "add-region": {
        console.log(
          JSON.stringify(await oemPlatform.addRegion(opt("oem") ?? "", { name: opt("name") ?? "" }), null, 2),
        );
        break;
      }
      case "add-user": {
        const generated = opt("password") ? undefined : randomBytes(12).toString("base64url");
        const u = await oemPlatform.addUser(opt("oem") ?? "", {
          email: opt("email") ?? "",
          name: opt("name") ?? "",
          role: opt("role") ?? "",
          ...(opt("region") ? { regionId: opt("region") } : {}),
          password: opt("password") ?? generated,
        });
        console.log(JSON.stringify(u, null, 2));
        if (generated) console.log(`password (shown once): ${generated}`);
        break;
      }
      default:
        console.log(USAGE);
        process.exitCode = 2;
    }
  } catch (e) {
    if (!isAppError(e)) throw e;
    console.error(`${e.message}${e.fields ? ` ${JSON.stringify(e.fields)}` : ""}`);
    process.exitCode = 1;
  } finally {
    await own?.stop();
  }
}

main().catch((e) => {
  console.error(e.message ?? e);
  process.exit(1);
});
