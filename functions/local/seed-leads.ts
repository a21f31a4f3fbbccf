/**
 * Demo internet leads for the first store: an API key ("Autohome"), and leads of
 * today and yesterday with their first-response clocks — answered in time,
 * answered late, one still waiting past its deadline and one just in — so the
 * Leads page and the consultants' plans show the first-response rule at work.
 */
import { addBusinessMinutes, addDays, localDate, newId, zonedToUtc } from "@dealeros/core";
import { type Db, type Prospect, prospects, type Store, type User } from "@dealeros/db";
import { settings } from "@dealeros/services";

interface LeadSeed {
  minutesAgo: number;
  name: string;
  mobile: string;
  provider: string;
  model: string;
  /** minutes after receipt of the first call; absent = not called yet */
  answeredAfter?: number;
}

const LEADS: LeadSeed[] = [
  {
    minutesAgo: 26 * 60,
    name: "韩先生",
    mobile: "13661230871",
    provider: "Autohome",
    model: "迈腾",
    answeredAfter: 12,
  },
  {
    minutesAgo: 25 * 60,
    name: "沈女士",
    mobile: "13761230872",
    provider: "Dongchedi",
    model: "探岳",
    answeredAfter: 55,
  },
  {
    minutesAgo: 240,
    name: "魏先生",
    mobile: "13861230873",
    provider: "Autohome",
    model: "ID.4 CROZZ",
    answeredAfter: 8,
  },
  {
    minutesAgo: 200,
    name: "蒋女士",
    mobile: "13961230874",
    provider: "Brand site",
    model: "帕萨特",
    answeredAfter: 47,
  },
  { minutesAgo: 150, name: "杨先生", mobile: "15061230875", provider: "Tmall", model: "迈腾" },
  { minutesAgo: 6, name: "朱女士", mobile: "15161230876", provider: "Dongchedi", model: "途观L" },
];

export async function seedLeads(
  db: Db,
  opts: { tenantId: string; stores: Store[]; users: User[]; now: Date },
): Promise<{ leads: number }> {
  const { tenantId, users, now } = opts;
  const store = opts.stores[0];
  if (!store) return { leads: 0 };
  const { leadResponseMinutes } = await settings.getShowroomSettings({ actor: { tenantId }, db });
  const admin =
    users.find((u) => u.roles.includes("group_admin")) ?? users.find((u) => u.roles.includes("general_manager"))!;
  const consultants = users.filter(
    (u) => u.active && u.roles.includes("sales_consultant") && u.storeIds.includes(store.storeId),
  );
  await prospects.putApiKey(db, {
    tenantId,
    keyId: newId(),
    storeId: store.storeId,
    name: "Autohome",
    // a key nobody can use: the demo shows the key list; a real key is created on the store page
    secretHash: "demo-key-without-secret",
    createdAt: new Date(now.getTime() - 30 * 86_400_000).toISOString(),
    createdBy: admin.userId,
    createdByName: admin.name,
  });
  // times count back from a moment inside opening hours (now, or the last closing time), so that
  // the demo shows the same picture whatever the hour `npm start` runs at
  const today = localDate(now, store.timeZone);
  const open = zonedToUtc(today, store.openingHours.open, store.timeZone).getTime();
  const close = zonedToUtc(today, store.openingHours.close, store.timeZone).getTime();
  const anchor =
    now.getTime() >= open + 4 * 3_600_000
      ? Math.min(now.getTime(), close)
      : zonedToUtc(addDays(today, -1), store.openingHours.close, store.timeZone).getTime();
  let n = 0;
  for (const [i, l] of LEADS.entries()) {
    if (await prospects.getMobileClaim(db, tenantId, store.storeId, l.mobile)) continue;
    const owner = consultants[i % consultants.length]!;
    const received = new Date(anchor - l.minutesAgo * 60_000);
    const due = addBusinessMinutes(received, leadResponseMinutes, store.openingHours, store.timeZone);
    const p: Prospect = prospects.newCard(
      {
        tenantId,
        storeId: store.storeId,
        prospectId: newId(),
        name: l.name,
        mobile: l.mobile,
        gender: "unknown",
        source: "internet",
        subSource: l.provider,
        intendedModel: l.model,
        ownerId: owner.userId,
        ownerName: owner.name,
        origin: { kind: "lead" },
        createdBy: "demo-key",
        createdByName: "API key Autohome",
      },
      received.toISOString(),
    );
    p.firstResponseDue = { at: due.toISOString(), date: localDate(due, store.timeZone) };
    await prospects.createLeadProspect(
      db,
      p,
      {
        at: p.createdAt,
        by: "demo-key",
        byName: "API key Autohome",
        action: "lead.received",
        detail: { provider: l.provider, assignedTo: owner.name, reason: "first in rotation today" },
      },
      `demo-${l.mobile}`,
      { advance: false, readVersion: null, date: localDate(received, store.timeZone) },
    );
    if (l.answeredAfter !== undefined) {
      const at = new Date(received.getTime() + l.answeredAfter * 60_000);
      const callAt = (at < due ? at : new Date(Math.max(at.getTime(), due.getTime() + 60_000))).toISOString();
      await prospects.logCall(
        db,
        p,
        {
          callId: newId(),
          at: callAt,
          direction: "outbound",
          durationSeconds: 180,
          outcome: i % 2 ? "appointment" : "info_given",
          by: owner.userId,
          byName: owner.name,
        },
        {
          at: callAt,
          by: owner.userId,
          byName: owner.name,
          action: "prospect.call",
          detail: { outcome: "info_given" },
        },
      );
    }
    n += 1;
  }
  return { leads: n };
}
