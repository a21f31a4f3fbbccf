/**
 * Demo targets and commissions: every demo store gets this year's all-brands
 * target (a seasonal curve: slow in January/February around Spring Festival,
 * strong in the "golden September, silver October" and the year-end push),
 * decomposed to months and to the store's consultants (the senior one with a
 * larger share). The group gets commission rules, and last month's statements
 * are computed by the real job code from the day statistics the reports seed
 * wrote (so it runs after seedReports); one statement carries an adjustment
 * for the sales admin to review, and the month stays a draft to lock.
 */
import { decomposeTarget, localDate, newId, previousMonthOf } from "@dealeros/core";
import { commissions as commissionsDb, type Db, type SalesTarget, type Store, targets, type User } from "@dealeros/db";
import { commissions } from "@dealeros/services";

const SEASON = [0.7, 0.6, 1, 1, 1, 0.9, 0.9, 1, 1.2, 1.2, 1.1, 1.4];

export async function seedTargets(
  db: Db,
  args: { tenantId: string; stores: Store[]; users: User[]; now: Date },
): Promise<void> {
  const { tenantId, stores, users, now } = args;
  const at = now.toISOString();
  const admin = users.find((u) => u.roles.includes("sales_admin")) ?? users[0]!;
  await commissionsDb.putCommissionRules(
    db,
    tenantId,
    {
      defaultPerUnitFen: 30_000,
      // the Magotan pays more per unit, its flagship trim most
      unitRates: [
        { brand: "FAW-Volkswagen", modelCode: "magotan", amountFen: 50_000 },
        { brand: "FAW-Volkswagen", modelCode: "magotan", trimCode: "380tsi-flag", amountFen: 80_000 },
      ],
      accessoryRateBp: 500,
      insuranceRateBp: 300,
      financePerLoanFen: 20_000,
      targetBonusFen: 150_000,
      absenceDeductionFen: 10_000,
      lateDeductionFen: 5_000,
      version: 1,
      updatedAt: at,
      updatedByName: admin.name,
    },
    0,
    { at, by: admin.userId, byName: admin.name, action: "settings.commissions", detail: { seeded: true } },
  );
  for (const [n, store] of stores.entries()) {
    const today = localDate(now, store.timeZone);
    const year = Number(today.slice(0, 4));
    const consultants = users
      .filter((u) => u.active && u.roles.includes("sales_consultant") && u.storeIds.includes(store.storeId))
      .sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
    const shares = consultants.map((c, i) => ({ userId: c.userId, name: c.name, share: i === 0 ? 1.5 : 1 }));
    for (const y of new Set([year, Number(previousMonthOf(today).slice(0, 4))])) {
      const d = decomposeTarget(600 + 120 * n, shares, SEASON);
      const target: SalesTarget = {
        tenantId,
        storeId: store.storeId,
        year: y,
        brand: "*",
        annualUnits: d.annualUnits,
        months: d.months,
        consultants: d.consultants,
        version: 1,
        createdAt: at,
        updatedAt: at,
        createdBy: admin.userId,
        updatedBy: admin.userId,
      };
      await targets.putSalesTarget(db, target, 0, {
        at,
        by: admin.userId,
        byName: admin.name,
        action: "target.set",
        detail: { year: y, brand: "*", annualUnits: d.annualUnits, months: "seasonal", consultants: shares.length },
      });
    }
    // last month's statements, by the job's own code
    const month = previousMonthOf(today);
    await commissions.computeCommissions(store, month, { db });
    if (n === 0) {
      const { statements } = await commissionsDb.getCommissionMonth(db, tenantId, store.storeId, month);
      const s = statements.find((x) => x.units > 0) ?? statements[0];
      if (s) {
        const adjustment = {
          id: newId(),
          amountFen: -20_000,
          reason: "客户投诉：交车延误扣款",
          at,
          byName: admin.name,
        };
        await commissionsDb.putStatementChange(
          db,
          {
            ...s,
            adjustments: [...s.adjustments, adjustment],
            lines: [
              ...s.lines,
              { kind: "adjustment", label: adjustment.reason, quantity: 1, rate: -20_000, amountFen: -20_000 },
            ],
            totalFen: s.totalFen - 20_000,
            version: s.version + 1,
          },
          s.version,
          {
            at,
            by: admin.userId,
            byName: admin.name,
            action: "commission.adjusted",
            detail: { consultant: s.name, userId: s.userId, amountFen: -20_000, reason: adjustment.reason },
          },
        );
      }
    }
  }
}
