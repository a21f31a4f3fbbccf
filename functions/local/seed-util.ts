/** Seeded randomness and small builders shared by the demo data: the same seed gives the same demo tenant on every run. */
import { newId } from "@dealeros/core";
import { type Db, type Store, stores, type WalkIn } from "@dealeros/db";

/** A deterministic random number generator (mulberry32): each call returns a number in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks one element of a non-empty list with the given generator. */
export function picker(rand: () => number): <T>(a: readonly T[]) => T {
  return <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
}

/** Lead sources of the demo walk-ins and statistics, with their weights (walk-ins first, as in a real showroom). */
export const SOURCE_WEIGHTS: [WalkIn["source"], number][] = [
  ["walk_in", 45],
  ["internet", 20],
  ["phone", 12],
  ["referral", 8],
  ["exhibition", 5],
  ["outbound", 4],
  ["oem_assigned", 4],
  ["broker", 2],
];

/** Create a demo store (Shanghai time, 09:00–18:00, open every day) with its audit entry. */
export async function seedStore(
  db: Db,
  tenantId: string,
  by: { userId: string; name: string },
  s: { name: string; city: string; brands: string[] },
  ts: string,
): Promise<Store> {
  const store: Store = {
    tenantId,
    storeId: newId(),
    name: s.name,
    city: s.city,
    timeZone: "Asia/Shanghai",
    openingHours: { open: "09:00", close: "18:00", closedWeekdays: [] },
    brands: s.brands,
    version: 1,
    createdAt: ts,
    updatedAt: ts,
    createdBy: by.userId,
    updatedBy: by.userId,
  };
  await stores.createStore(db, store, {
    at: ts,
    by: by.userId,
    byName: by.name,
    action: "store.created",
    detail: { storeId: store.storeId, name: store.name },
  });
  return store;
}

// demo people and cars, shared by the seeds
export const SURNAMES = [
  "王",
  "李",
  "张",
  "刘",
  "陈",
  "杨",
  "黄",
  "赵",
  "吴",
  "周",
  "徐",
  "孙",
  "马",
  "朱",
  "胡",
  "郭",
  "何",
  "高",
  "林",
  "罗",
];
export const GIVEN = [
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "丽",
  "强",
  "磊",
  "军",
  "洋",
  "勇",
  "艳",
  "杰",
  "娟",
  "涛",
  "明",
  "超",
  "秀英",
  "华",
  "建华",
  "志强",
  "晓东",
  "雪梅",
  "海燕",
];
export const PREFIXES = [
  "138",
  "139",
  "136",
  "135",
  "150",
  "151",
  "158",
  "159",
  "186",
  "187",
  "188",
  "177",
  "199",
  "189",
  "133",
];
export const MODELS: Record<string, string[]> = {
  "FAW-Volkswagen": ["速腾 Sagitar", "迈腾 Magotan", "探岳 Tayron", "ID.4 CROZZ", "宝来 Bora"],
  "GAC Toyota": ["凯美瑞 Camry", "汉兰达 Highlander", "雷凌 Levin", "bZ4X", "威兰达 Wildlander"],
};
