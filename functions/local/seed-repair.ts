/**
 * Demo repair orders (issue 7, H2) for the Shanghai store: a parts catalogue
 * (one part out of stock), and a dozen repair orders across the states, driven
 * through the services layer with past times so the board shows real waiting
 * times — one waiting for parts with its parts order, settled ones with
 * warranty lines (claims for the OEM), one settled three days ago whose
 * follow-up call is due today, and the 3-day calls of the others. The OEM's
 * decisions on the five warranty claims (through the warranty service): one
 * paid (a little short), one approved for less with the OEM's claim number,
 * one rejected with a reason, one rejected and resubmitted, one just submitted.
 */
import { localDate, RO_STATES, type RoState } from "@dealeros/core";
import { type Customer, customers, type Db, type Store, type User } from "@dealeros/db";
import { type Ctx, repairOrders, warranty } from "@dealeros/services";

const PARTS: [string, string, number, number, number][] = [
  // partNo, name, price (fen), stock, lead days
  ["OF-06L115562", "机油滤清器 Oil filter", 8_500, 40, 2],
  ["OIL-5W30-4L", "全合成机油 5W-30 4L", 42_000, 25, 2],
  ["AF-5Q0129620", "空气滤清器 Air filter", 12_000, 18, 3],
  ["CF-5Q0819653", "空调滤清器 Cabin filter", 9_800, 15, 3],
  ["BP-3Q0698151", "前刹车片 Front brake pads", 68_000, 4, 3],
  ["BD-5Q0615301", "前刹车盘 Front brake disc", 95_000, 2, 5],
  ["WB-3G1998002", "雨刮片 Wiper blades (pair)", 22_000, 0, 4],
  ["BAT-70AH", "蓄电池 70Ah battery", 98_000, 3, 3],
  ["SP-04E905612", "火花塞 Spark plug", 6_500, 32, 2],
];

const HOUR = 3_600_000;

interface Plan {
  /** hours before now the car came in */
  startHoursAgo: number;
  lines: { kind: "labour" | "part"; payer: "customer" | "warranty" | "internal"; [k: string]: unknown }[];
  until: Exclude<RoState, "received"> | "received";
  concerns: string;
  damage?: string;
}

const LABOUR = 30_000; // 300 yuan per hour

const MAINT = [
  {
    kind: "labour" as const,
    description: "常规保养 Maintenance service",
    hours: 1,
    rateFen: LABOUR,
    payer: "customer" as const,
  },
  { kind: "part" as const, partNo: "OF-06L115562", qty: 1, payer: "customer" as const },
  { kind: "part" as const, partNo: "OIL-5W30-4L", qty: 1, payer: "customer" as const },
];
const BRAKES = [
  {
    kind: "labour" as const,
    description: "更换前刹车片 Replace front pads",
    hours: 1.5,
    rateFen: LABOUR,
    payer: "customer" as const,
  },
  { kind: "part" as const, partNo: "BP-3Q0698151", qty: 1, payer: "customer" as const },
];
const WARRANTY = [
  {
    kind: "labour" as const,
    description: "更换前刹车盘（保修）Replace disc under warranty",
    hours: 2,
    rateFen: LABOUR,
    payer: "warranty" as const,
  },
  { kind: "part" as const, partNo: "BD-5Q0615301", qty: 1, payer: "warranty" as const },
];

/** an OEM campaign (召回) done under warranty: labour only */
const CAMPAIGN = {
  kind: "labour" as const,
  description: "发动机控制软件升级（厂家召回）ECU update (OEM campaign)",
  hours: 0.5,
  rateFen: LABOUR,
  payer: "warranty" as const,
};

const PLANS: Plan[] = [
  { startHoursAgo: 240, lines: [...MAINT, CAMPAIGN], until: "delivered", concerns: "常规保养" },
  { startHoursAgo: 200, lines: [...BRAKES, ...WARRANTY], until: "delivered", concerns: "刹车抖动，有异响" },
  {
    startHoursAgo: 150,
    lines: [...MAINT, { kind: "part", partNo: "AF-5Q0129620", qty: 1, payer: "customer" }, CAMPAIGN],
    until: "delivered",
    concerns: "保养，换空滤",
  },
  // settled three days ago: its follow-up call is due today at 10:00
  {
    startHoursAgo: 76,
    lines: [...WARRANTY, { kind: "part", partNo: "CF-5Q0819653", qty: 1, payer: "customer" }],
    until: "delivered",
    concerns: "方向盘抖动",
  },
  {
    startHoursAgo: 30,
    lines: [
      { kind: "part", partNo: "BAT-70AH", qty: 1, payer: "customer" },
      { kind: "labour", description: "更换蓄电池 Replace battery", hours: 0.5, rateFen: LABOUR, payer: "customer" },
      CAMPAIGN,
    ],
    until: "settled",
    concerns: "早上打不着火",
  },
  { startHoursAgo: 9, lines: [...MAINT], until: "ready", concerns: "保养" },
  {
    startHoursAgo: 7,
    lines: [
      ...BRAKES,
      { kind: "labour", description: "四轮定位 Wheel alignment", hours: 1, rateFen: LABOUR, payer: "internal" },
    ],
    until: "quality_check",
    concerns: "刹车软，跑偏",
    damage: "右后轮毂刮伤",
  },
  {
    startHoursAgo: 28,
    lines: [
      { kind: "part", partNo: "WB-3G1998002", qty: 1, payer: "customer" },
      { kind: "labour", description: "更换雨刮 Replace wipers", hours: 0.2, rateFen: LABOUR, payer: "customer" },
    ],
    until: "waiting_parts",
    concerns: "雨刮刮不干净",
  },
  {
    startHoursAgo: 5,
    lines: [...MAINT, { kind: "part", partNo: "SP-04E905612", qty: 4, payer: "customer" }],
    until: "in_progress",
    concerns: "保养，发动机抖",
  },
  { startHoursAgo: 3, lines: [...BRAKES], until: "waiting_approval", concerns: "刹车异响", damage: "前保险杠轻微划痕" },
  { startHoursAgo: 2, lines: [], until: "diagnosing", concerns: "仪表盘发动机故障灯亮" },
  { startHoursAgo: 1, lines: [], until: "received", concerns: "空调不凉", damage: "左前门凹陷" },
];

export async function seedRepairOrders(
  db: Db,
  opts: { tenantId: string; stores: Store[]; users: User[]; now: Date },
): Promise<{ repairOrders: number }> {
  const store = opts.stores.find((s) => s.city.includes("上海")) ?? opts.stores[0];
  if (!store) return { repairOrders: 0 };
  const advisor =
    opts.users.find((u) => u.roles.includes("service_advisor") && u.storeIds.includes(store.storeId)) ??
    opts.users.find((u) => u.roles.includes("group_admin"));
  if (!advisor) return { repairOrders: 0 };
  const ctx: Ctx = {
    actor: {
      tenantId: advisor.tenantId,
      userId: advisor.userId,
      name: advisor.name,
      email: advisor.email,
      roles: advisor.roles,
      storeIds: advisor.storeIds,
    },
    store,
    db,
  };
  const s = store.storeId;
  const at = (hoursAgo: number) => ({ now: new Date(opts.now.getTime() - hoursAgo * HOUR) });

  for (const [partNo, name, priceFen, stock, leadDays] of PARTS)
    await repairOrders.savePart(ctx, s, partNo, { name, priceFen, stock, leadDays }, at(24 * 30));

  const page = await customers.searchStoreCustomers(db, opts.tenantId, s, { limit: 60 });
  const pool = page.items.filter((c: Customer) => c.vehicles.length > 0).slice(10);
  let made = 0;
  /** the claims raised, by plan index */
  const claimOf = new Map<number, string>();
  for (const [i, p] of PLANS.entries()) {
    const c = pool[i];
    if (!c) break;
    const v = c.vehicles[0]!;
    const km = Math.max(v.mileageKm ?? 0, v.lastServiceKm ?? 0) + 1_200 + i * 137;
    let h = p.startHoursAgo;
    const step = (hours: number) => {
      h = Math.max(0, h - hours);
      return at(h);
    };
    let ro = await repairOrders.createRepairOrder(
      ctx,
      s,
      {
        customerId: c.customerId,
        vin: v.vin,
        mileageKm: km,
        fuelEighths: (i * 3) % 9,
        concerns: p.concerns,
        ...(p.damage ? { damageNotes: p.damage } : {}),
        ...(i % 4 === 0 ? { itemsLeft: "行车记录仪、雨伞" } : {}),
      },
      at(h),
    );
    made++;
    const reached = (state: RoState) => RO_STATES.indexOf(p.until) >= RO_STATES.indexOf(state);
    if (p.until === "received") continue;
    ro = await repairOrders.move(ctx, s, ro.repairOrderId, { version: ro.version, to: "diagnosing" }, step(0.3));
    if (p.until === "diagnosing") continue;
    ro = await repairOrders.updateRepairOrder(
      ctx,
      s,
      ro.repairOrderId,
      { version: ro.version, diagnosis: `检查结果：${p.concerns}，建议按报价维修。` },
      step(0.2),
    );
    ro = await repairOrders.addLines(ctx, s, ro.repairOrderId, { version: ro.version, lines: p.lines }, step(0.1));
    ro = await repairOrders.move(ctx, s, ro.repairOrderId, { version: ro.version, to: "waiting_approval" }, step(0.1));
    if (p.until === "waiting_approval") continue;
    ro = await repairOrders.approve(
      ctx,
      s,
      ro.repairOrderId,
      { version: ro.version, method: i % 2 ? "phone" : "wechat" },
      step(0.4),
    );
    if (ro.state === "waiting_parts") {
      if (p.until === "waiting_parts") continue;
      const order = ro.partsOrderIds.at(-1)!;
      ro = (await repairOrders.receivePartsOrder(ctx, s, order, step(20))).repairOrder;
    }
    if (!reached("quality_check")) continue;
    ro = await repairOrders.move(ctx, s, ro.repairOrderId, { version: ro.version, to: "quality_check" }, step(1.5));
    if (p.until === "quality_check") continue;
    ro = await repairOrders.move(ctx, s, ro.repairOrderId, { version: ro.version, to: "ready" }, step(0.3));
    if (p.until === "ready") continue;
    const view = await repairOrders.getRepairOrder(ctx, s, ro.repairOrderId);
    ro = await repairOrders.settle(
      ctx,
      s,
      ro.repairOrderId,
      { version: ro.version, amountFen: view.totals.customerFen, method: i % 2 ? "wechat" : "alipay" },
      step(1),
    );
    if (ro.settlement?.claimId) claimOf.set(i, ro.settlement.claimId);
    if (p.until === "settled") continue;
    await repairOrders.handover(
      ctx,
      s,
      ro.repairOrderId,
      { version: ro.version, explanation: "已向客户说明更换的零件和保养项目，旧件已给客户查看。" },
      step(0.2),
    );
  }
  await seedWarrantyDecisions(ctx, s, claimOf, opts.now);
  return { repairOrders: made };
}

/** The OEM's decisions on the claims of plans 0–3 (plan 4's stays submitted), at past times. */
async function seedWarrantyDecisions(ctx: Ctx, s: string, claimOf: Map<number, string>, now: Date) {
  const { claims } = await warranty.listClaims(ctx, s);
  const total = new Map(claims.map((c) => [c.claimId, c.totalFen]));
  const when = (hoursAgo: number) => ({ now: new Date(now.getTime() - hoursAgo * HOUR) });
  const tz = ctx.store?.timeZone ?? "Asia/Shanghai";
  const decide = async (i: number, steps: [number, Record<string, unknown>][]) => {
    const id = claimOf.get(i);
    if (!id) return;
    let version = 1;
    for (const [hoursAgo, body] of steps)
      version = (await warranty.decide(ctx, s, id, { ...body, version }, when(hoursAgo))).version;
  };
  const claimed = (i: number) => total.get(claimOf.get(i) ?? "") ?? 0;
  // paid, 50 yuan short of the approval
  await decide(0, [
    [150, { action: "approve", approvedFen: claimed(0), oemClaimNo: "FV-2026-118204" }],
    [72, { action: "paid", paidFen: claimed(0) - 5_000, paidDate: localDate(when(72).now, tz) }],
  ]);
  // approved for less than claimed (the OEM allows 1.5 h of labour, not 2)
  await decide(1, [
    [
      100,
      {
        action: "approve",
        approvedFen: claimed(1) - 15_000,
        oemClaimNo: "FV-2026-120377",
        note: "工时按 1.5 小时核定 / labour approved at 1.5 h",
      },
    ],
  ]);
  await decide(2, [[50, { action: "reject", reason: "召回活动编号缺失，请补充 / campaign code missing" }]]);
  await decide(3, [
    [48, { action: "reject", reason: "缺少旧件照片 / photo of the old disc missing" }],
    [24, { action: "resubmit", note: "已上传旧件照片 / photo uploaded" }],
  ]);
}
