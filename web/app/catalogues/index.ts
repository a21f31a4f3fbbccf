/**
 * Feature catalogues: each feature keeps its zh-CN / English UI strings (and the
 * Chinese for its server messages) in its own file; i18n.ts merges them here.
 * A feature file exports `en`, `zh` (same keys as `en`) and `server`
 * (exact English server message → Chinese).
 */
import * as complaints from "./complaints";
import * as contracts from "./contracts";
import * as customers from "./customers";
import * as deals from "./deals";
import * as delivery from "./delivery";
import * as eod from "./eod";
import * as events from "./events";
import * as followups from "./followups";
import * as inventory from "./inventory";
import * as leads from "./leads";
import * as monthend from "./monthend";
import * as oem from "./oem";
import * as prospectlist from "./prospectlist";
import * as repair from "./repair";
import * as reports from "./reports";
import * as roster from "./roster";
import * as service from "./service";
import * as settings from "./settings";
import * as targets from "./targets";
import * as testdrives from "./testdrives";
import * as warranty from "./warranty";

export const featureEn = {
  ...complaints.en,
  ...contracts.en,
  ...customers.en,
  ...deals.en,
  ...delivery.en,
  ...eod.en,
  ...events.en,
  ...followups.en,
  ...inventory.en,
  ...leads.en,
  ...monthend.en,
  ...oem.en,
  ...prospectlist.en,
  ...reports.en,
  ...repair.en,
  ...roster.en,
  ...service.en,
  ...settings.en,
  ...targets.en,
  ...testdrives.en,
  ...warranty.en,
};

export const featureZh: Record<keyof typeof featureEn, string> = {
  ...complaints.zh,
  ...contracts.zh,
  ...customers.zh,
  ...deals.zh,
  ...delivery.zh,
  ...eod.zh,
  ...events.zh,
  ...followups.zh,
  ...inventory.zh,
  ...leads.zh,
  ...monthend.zh,
  ...oem.zh,
  ...prospectlist.zh,
  ...reports.zh,
  ...repair.zh,
  ...roster.zh,
  ...service.zh,
  ...settings.zh,
  ...targets.zh,
  ...testdrives.zh,
  ...warranty.zh,
};

export const featureServerZh: Record<string, string> = {
  ...complaints.server,
  ...contracts.server,
  ...customers.server,
  ...deals.server,
  ...delivery.server,
  ...eod.server,
  ...events.server,
  ...followups.server,
  ...inventory.server,
  ...leads.server,
  ...monthend.server,
  ...oem.server,
  ...prospectlist.server,
  ...reports.server,
  ...repair.server,
  ...roster.server,
  ...service.server,
  ...settings.server,
  ...targets.server,
  ...testdrives.server,
  ...warranty.server,
};
