/**
 * Demo data for the prospect list and the CSV import: each store's receptionist
 * imports the open prospects of the old DMS (旧DMS导出), a CSV with Chinese headers,
 * through the same preview + chunked import the import page uses. The cards spread
 * over the last five months, over every source and consultant, some graded (their
 * follow-up cadence starts at the import), some without a mobile. Deterministic.
 */
import { IMPORT_CHUNK_ROWS, localDate } from "@dealeros/core";
import type { Db, Store, User } from "@dealeros/db";
import { type Ctx, prospectImport } from "@dealeros/services";
import { picker, rng } from "./seed-util.ts";

const SURNAMES = ["陈", "林", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "何", "郭", "马", "罗", "梁", "宋"];
const GIVEN = ["建国", "秀英", "志强", "丽华", "海燕", "俊杰", "雪梅", "国平", "晓东", "婷婷", "文博", "佳怡"];
const SOURCES = ["来店", "来电", "网络", "网络", "外展", "外拓", "转介绍", "厂家下发", "经纪人"];
const SUB_SOURCES: Record<string, string[]> = { 网络: ["汽车之家", "懂车帝", "易车"], 外展: ["万达广场车展"] };
const MODELS = ["帕萨特", "迈腾", "途观L", "朗逸", "凯美瑞", "汉兰达", "卡罗拉", "RAV4荣放"];
const CITIES = ["上海", "杭州", "苏州", "嘉兴", "无锡", ""];
const GRADES = ["", "", "C", "C", "B", "B", "A", "H"];

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The old DMS export of one store: ~24 open prospects with Chinese headers. */
export function oldDmsCsv(store: Store, consultants: User[], now: Date, seed: number): string {
  const rand = rng(seed);
  const pick = picker(rand);
  const lines = ["姓名,手机,性别,城市,来源,子来源,意向车型,顾问,级别,创建日期,备注"];
  for (let i = 0; i < 24; i++) {
    const source = pick(SOURCES);
    const gender = rand() < 0.55 ? "男" : "女";
    // 199 + store seed + row: never a number the walk-in seed uses
    const mobile =
      rand() < 0.85
        ? `199${String(seed % 100).padStart(2, "0")}${String(i * 7919 + seed)
            .slice(-6)
            .padStart(6, "0")}`
        : "";
    const created = localDate(new Date(now.getTime() - (10 + Math.floor(rand() * 140)) * 86_400_000), store.timeZone);
    const owner = consultants[i % consultants.length]!;
    lines.push(
      [
        `${pick(SURNAMES)}${pick(GIVEN)}`,
        mobile,
        gender,
        pick(CITIES),
        source,
        SUB_SOURCES[source] ? pick(SUB_SOURCES[source]) : "",
        pick(MODELS),
        i % 3 === 0 ? owner.email : owner.name,
        pick(GRADES),
        created.replace(/-/g, "/"),
        mobile ? (rand() < 0.3 ? "老客户, 考虑置换" : "") : "旧系统无手机号",
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return lines.join("\r\n");
}

export async function seedProspectList(
  db: Db,
  demo: { tenantId: string; stores: Store[]; users: User[]; now: Date },
): Promise<{ imported: number }> {
  let imported = 0;
  for (const [i, store] of demo.stores.entries()) {
    const consultants = demo.users.filter(
      (u) => u.active && u.roles.includes("sales_consultant") && u.storeIds.includes(store.storeId),
    );
    const receptionist = demo.users.find((u) => u.roles.includes("receptionist") && u.storeIds.includes(store.storeId));
    if (!consultants.length || !receptionist) continue;
    const ctx: Ctx = {
      actor: {
        tenantId: demo.tenantId,
        userId: receptionist.userId,
        name: receptionist.name,
        email: receptionist.email,
        roles: receptionist.roles,
        storeIds: receptionist.storeIds,
      },
      store,
      db,
    };
    const preview = await prospectImport.previewImport(ctx, store.storeId, {
      text: oldDmsCsv(store, consultants, demo.now, 4217 + i * 31),
      encoding: "utf-8",
    });
    const rows = preview.rows.filter((r) => r.status !== "error").map((r) => ({ row: r.row, ...r.values }));
    for (let c = 0; c < rows.length; c += IMPORT_CHUNK_ROWS) {
      const r = await prospectImport.importProspects(ctx, store.storeId, {
        rows: rows.slice(c, c + IMPORT_CHUNK_ROWS),
      });
      imported += r.counts.created;
    }
  }
  return { imported };
}
