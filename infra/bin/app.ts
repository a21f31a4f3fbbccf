/**
 * CDK entry point (cdk.json "app"). Env-agnostic: deploy with the account and
 * region of the CLI profile. `-c stage=prod` / `-c mailDomain=...` to override.
 */
import { App } from "aws-cdk-lib";
import { buildApp } from "../lib/app.ts";

const app = new App();
buildApp(app);
app.synth();
