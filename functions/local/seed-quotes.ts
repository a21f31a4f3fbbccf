/**
 * Demo quotes (报价) for the Shanghai store: 李娜 has an open quote (within her
 * 5,000-yuan limit, with a loan) and one whose 12,000-yuan discount waits for
 * the sales manager's approval (the manager demo login sees it under
 * Approvals); 王伟 has one the manager approved, for a stock vehicle with a
 * trade-in. Hangzhou has one waiting for its own manager. Written through the
 * db layer with the same totals rule as the API; a handful of writes.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  addDays,
  type CatalogueBrand,
  computeQuoteTotals,
  DEFAULT_DEAL_SETTINGS,
  discountLimitFor,
  formatYuan,
  localDate,
  newId,
  type QuoteMoneyInput,
} from "@dealeros/core";
import {
  type Db,
  type DealVehicle,
  inventory,
  keys,
  type Prospect,
  type Quote,
  quotes,
  type Store,
  type User,
} from "@dealeros/db";
import { DEMO_CATALOGUE } from "./seed-inventory.ts";

/** A consultant's active cards in a store, newest first (one Query of his cards). */
async function activeCards(db: Db, tenantId: string, user: User, storeId: string): Promise<Prospect[]> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: "GSI2",
      KeyConditionExpression: "GSI2PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.ownerProspects(tenantId, user.userId) },
      ScanIndexForward: false,
      Limit: 50,
    }),
  );
  return ((r.Items ?? []) as unknown as Prospect[]).filter((p) => p.storeId === storeId && p.status === "active");
}

interface QuoteSeed {
  card: Prospect;
  maker: User;
  trim: { brand: string; model: CatalogueBrand["models"][number]; trimIndex: number; colourIndex: number };
  stock?: { vehicleId: string; vin: string; colourCode: string; colourName: string };
  money: Omit<QuoteMoneyInput, "listPriceFen">;
  hoursAgo: number;
  approvedBy?: { user: User; reason: string };
  note?: string;
}

export async function seedQuotes(
  db: Db,
  opts: { tenantId: string; stores: Store[]; users: User[]; now: Date },
): Promise<{ quotes: number }> {
  const { tenantId, now } = opts;
  const byKey = (key: string) => opts.users.find((u) => u.email.startsWith(`${key}@`));
  const [shanghai, hangzhou] = opts.stores;
  const liNa = byKey("li.na");
  const wangWei = byKey("wang.wei");
  const manager = byKey("manager");
  const heJing = byKey("he.jing");
  if (!shanghai || !liNa || !wangWei || !manager) return { quotes: 0 };

  const vw = DEMO_CATALOGUE.find((b) => b.name === "FAW-Volkswagen")!;
  const toyota = DEMO_CATALOGUE.find((b) => b.name === "GAC Toyota")!;
  const magotan = vw.models.find((m) => m.code === "magotan")!;
  const tayron = vw.models.find((m) => m.code === "tayron")!;
  const camry = toyota.models.find((m) => m.code === "camry")!;

  const [liCards, wangCards, lot, hzCards] = await Promise.all([
    activeCards(db, tenantId, liNa, shanghai.storeId),
    activeCards(db, tenantId, wangWei, shanghai.storeId),
    inventory.listStoreStock(db, tenantId, shanghai.storeId),
    hangzhou && heJing ? activeCards(db, tenantId, heJing, hangzhou.storeId) : Promise.resolve([]),
  ]);
  const stockTayron = lot.find((v) => v.status === "in_stock" && v.modelCode === "tayron");

  const seeds: QuoteSeed[] = [];
  if (liCards[0])
    seeds.push({
      card: liCards[0],
      maker: liNa,
      trim: { brand: vw.name, model: magotan, trimIndex: 0, colourIndex: 0 },
      money: {
        discountFen: 4_000_00,
        accessories: [
          { name: "全包围脚垫 Floor mats", priceFen: 880_00 },
          { name: "行车记录仪 Dashcam", priceFen: 1_280_00 },
        ],
        insurance: [{ name: "交强险 + 商业险（一年）", priceFen: 7_260_00 }],
        finance: { lender: "大众汽车金融 VW Finance", downPaymentFen: 80_000_00, termMonths: 36, annualRateBp: 399 },
        depositFen: 5_000_00,
      },
      hoursAgo: 26,
      note: "客户周末带家人再来看车",
    });
  if (liCards[1])
    seeds.push({
      card: liCards[1],
      maker: liNa,
      trim: { brand: vw.name, model: magotan, trimIndex: 1, colourIndex: 1 },
      money: {
        discountFen: 12_000_00,
        accessories: [{ name: "隐形车衣 Paint protection film", priceFen: 6_800_00 }],
        insurance: [{ name: "交强险 + 商业险（一年）", priceFen: 8_150_00 }],
        depositFen: 10_000_00,
      },
      hoursAgo: 3,
      note: "竞品报价低 1 万，客户今天可以定",
    });
  if (wangCards[0])
    seeds.push({
      card: wangCards[0],
      maker: wangWei,
      trim: { brand: vw.name, model: tayron, trimIndex: 0, colourIndex: 0 },
      ...(stockTayron
        ? {
            stock: {
              vehicleId: stockTayron.vehicleId,
              vin: stockTayron.vin,
              colourCode: stockTayron.colourCode,
              colourName: stockTayron.colourName,
            },
          }
        : {}),
      money: {
        discountFen: 8_000_00,
        accessories: [{ name: "脚垫 Floor mats", priceFen: 0 }],
        insurance: [{ name: "交强险 + 商业险（一年）", priceFen: 6_900_00 }],
        tradeIn: { description: "2016 朗逸 1.6L 自动，9.8 万公里", plate: "沪B8K215", appraisalFen: 38_000_00 },
        depositFen: 5_000_00,
      },
      hoursAgo: 30,
      approvedBy: { user: manager, reason: "置换客户，现车库龄较长" },
    });
  const hzManager = byKey("hz.manager");
  if (hangzhou && heJing && hzManager && hzCards[0])
    seeds.push({
      card: hzCards[0],
      maker: heJing,
      trim: { brand: toyota.name, model: camry, trimIndex: 0, colourIndex: 0 },
      money: { discountFen: 9_000_00, accessories: [], insurance: [], depositFen: 3_000_00 },
      hoursAgo: 5,
    });

  for (const s of seeds) {
    const trim = s.trim.model.trims[s.trim.trimIndex]!;
    const colour = s.stock
      ? { code: s.stock.colourCode, name: s.stock.colourName }
      : trim.colours[s.trim.colourIndex % trim.colours.length]!;
    const money: QuoteMoneyInput = { listPriceFen: trim.msrp, ...s.money };
    const totals = computeQuoteTotals(money);
    const limitFen = discountLimitFor(s.maker.roles, DEFAULT_DEAL_SETTINGS);
    const pending = limitFen !== null && money.discountFen > limitFen;
    const at = new Date(now.getTime() - s.hoursAgo * 3_600_000).toISOString();
    const vehicle: DealVehicle = {
      brand: s.trim.brand,
      modelCode: s.trim.model.code,
      modelName: s.trim.model.name,
      trimCode: trim.code,
      trimName: trim.name,
      colourCode: colour.code,
      colourName: colour.name,
      ...(s.stock ? { vehicleId: s.stock.vehicleId, vin: s.stock.vin } : {}),
    };
    const store = opts.stores.find((x) => x.storeId === s.card.storeId)!;
    const q: Quote = {
      tenantId,
      storeId: s.card.storeId,
      quoteId: newId(),
      prospectId: s.card.prospectId,
      customerName: s.card.name,
      ...(s.card.mobile ? { customerMobile: s.card.mobile } : {}),
      consultantId: s.card.ownerId,
      consultantName: s.card.ownerName,
      vehicle,
      ...money,
      totals,
      status: pending ? "pending_approval" : "open",
      ...(pending ? { approval: { limitFen, requestedAt: at } } : {}),
      validUntil: addDays(localDate(at, store.timeZone), 7),
      ...(s.note ? { note: s.note } : {}),
      version: 1,
      createdAt: at,
      createdBy: s.maker.userId,
      createdByName: s.maker.name,
      updatedAt: at,
    };
    await quotes.createQuote(db, q, {
      at,
      by: s.maker.userId,
      byName: s.maker.name,
      action: "quote.created",
      detail: {
        customer: q.customerName,
        vehicle: `${vehicle.modelName} ${vehicle.trimName} · ${vehicle.colourName}`,
        discount: formatYuan(q.discountFen),
        payable: formatYuan(totals.payableFen),
        ...(pending ? { approvalNeeded: `limit ${formatYuan(limitFen ?? 0)}` } : {}),
      },
    });
    if (pending && s.approvedBy) {
      const decidedAt = new Date(Date.parse(at) + 2 * 3_600_000).toISOString();
      const next: Quote = {
        ...q,
        status: "approved",
        approval: {
          limitFen,
          requestedAt: at,
          decision: "approved",
          decidedBy: s.approvedBy.user.userId,
          decidedByName: s.approvedBy.user.name,
          decidedAt,
          reason: s.approvedBy.reason,
        },
        version: 2,
        updatedAt: decidedAt,
      };
      await quotes.updateQuoteStatus(
        db,
        next,
        { version: 1, status: "pending_approval" },
        {
          at: decidedAt,
          by: s.approvedBy.user.userId,
          byName: s.approvedBy.user.name,
          action: "quote.approved",
          detail: {
            discount: formatYuan(q.discountFen),
            limit: formatYuan(limitFen ?? 0),
            reason: s.approvedBy.reason,
          },
        },
      );
    }
  }
  return { quotes: seeds.length };
}
