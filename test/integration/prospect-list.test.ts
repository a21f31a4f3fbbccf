/**
 * The prospect list: filters (grade, source, owner, status, overdue, created date range),
 * search (name / mobile prefix), sort (newest, oldest, due), cursor pagination — each
 * page one Query (x-db-calls ≤ 2 with the session + store read), foreign cursors refused.
 */
import { localDate, newId } from "@dealeros/core";
import { type Db, type Prospect, prospects } from "@dealeros/db";
import { beforeAll, describe, expect, it } from "vitest";
import { type Client, freshTable, STORE_INPUT, setupTenant } from "../support/api.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let db: Db;
let A: Tenant;
let B: Tenant;
let base: string;
let now: number;
/** the cards of A's store, by a short label */
const card: Record<string, Prospect> = {};

interface Seed {
  label: string;
  name: string;
  mobile?: string;
  phone?: string;
  owner: number;
  source: Prospect["source"];
  grade: Prospect["grade"];
  status?: Prospect["status"];
  daysAgo: number;
  dueInHours?: number;
}

const SEEDS: Seed[] = [
  {
    label: "c1",
    name: "王伟",
    mobile: "13811110001",
    owner: 0,
    source: "walk_in",
    grade: "H",
    daysAgo: 1,
    dueInHours: -2,
  },
  {
    label: "c2",
    name: "王芳",
    mobile: "13811110002",
    owner: 0,
    source: "internet",
    grade: "A",
    daysAgo: 3,
    dueInHours: 48,
  },
  {
    label: "c3",
    name: "Wang Lei",
    mobile: "13922220003",
    owner: 1,
    source: "internet",
    grade: "B",
    daysAgo: 5,
    dueInHours: -72,
  },
  { label: "c4", name: "wangxiao", mobile: "13922220004", owner: 1, source: "phone", grade: null, daysAgo: 8 },
  {
    label: "c5",
    name: "李娜",
    mobile: "13733330005",
    owner: 0,
    source: "referral",
    grade: "C",
    daysAgo: 12,
    dueInHours: -240,
  },
  {
    label: "c6",
    name: "李强",
    mobile: "13733330006",
    owner: 1,
    source: "walk_in",
    grade: "F",
    status: "closed",
    daysAgo: 20,
  },
  { label: "c7", name: "赵敏", phone: "+852 9123 4567", owner: 0, source: "exhibition", grade: null, daysAgo: 30 },
  {
    label: "c8",
    name: "陈晨",
    mobile: "13644440008",
    owner: 2,
    source: "walk_in",
    grade: "H",
    daysAgo: 40,
    dueInHours: 1,
  },
];

async function insertCard(
  T: Tenant,
  storeId: string,
  s: Omit<Seed, "label">,
  ownerOverride?: { userId: string; name: string },
): Promise<Prospect> {
  const owner = ownerOverride ?? T.consultants[s.owner]!.user;
  const createdAt = new Date(now - s.daysAgo * DAY).toISOString();
  const p: Prospect = {
    ...prospects.newCard(
      {
        tenantId: T.store.tenantId,
        storeId,
        prospectId: newId(),
        name: s.name,
        mobile: s.mobile,
        phone: s.phone,
        gender: "unknown",
        source: s.source,
        ownerId: owner.userId,
        ownerName: owner.name,
        origin: { kind: "manual" },
        createdBy: owner.userId,
        createdByName: owner.name,
      },
      createdAt,
    ),
    grade: s.grade,
    status: s.status ?? "active",
    ...(s.dueInHours !== undefined ? { nextFollowUpAt: new Date(now + s.dueInHours * HOUR).toISOString() } : {}),
  };
  await prospects.createProspect(db, p, {
    at: createdAt,
    by: owner.userId,
    byName: owner.name,
    action: "prospect.created",
    detail: {},
  });
  return p;
}

/** GET a list page, assert one Query (+ the session read), return the card labels in order. */
async function list(who: Client, query: string, status = 200) {
  const r = await who.get(`${base}/prospects${query ? `?${query}` : ""}`);
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  if (status === 200) expect(r.dbCalls).toBeLessThanOrEqual(2);
  const labels =
    status === 200
      ? (r.body.items as Prospect[]).map(
          (p) => Object.entries(card).find(([, c]) => c.prospectId === p.prospectId)?.[0] ?? p.name,
        )
      : [];
  return { ...r, labels };
}

/** Follow the cursor to the end; return every page's labels. */
async function allPages(who: Client, query: string) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  let sawShortPageWithCursor = false;
  for (let i = 0; i < 20; i++) {
    const r = await list(who, `${query}${cursor ? `&cursor=${cursor}` : ""}`);
    pages.push(r.labels);
    cursor = r.body.cursor;
    if (cursor && r.labels.length < Number(/limit=(\d+)/.exec(query)?.[1] ?? 50)) sawShortPageWithCursor = true;
    if (!cursor) break;
  }
  return { pages, all: pages.flat(), sawShortPageWithCursor };
}

beforeAll(async () => {
  db = await freshTable();
  [A, B] = await Promise.all([
    setupTenant({ consultants: 3, groupName: "Alpha Motors" }),
    setupTenant({ consultants: 1, groupName: "Bravo Auto" }),
  ]);
  base = `/api/stores/${A.store.storeId}`;
  now = Date.now();
  for (const s of SEEDS) card[s.label] = await insertCard(A, A.store.storeId, s);
  // consultant 1's card in another store of the group: never in this store's lists
  const other = (await A.admin.post("/api/stores", { ...STORE_INPUT, name: "Second store" })).body.store;
  await insertCard(A, other.storeId, {
    name: "王外店",
    mobile: "13811110009",
    owner: 0,
    source: "walk_in",
    grade: "H",
    daysAgo: 2,
    dueInHours: -5,
  });
  // tenant B's card with a mobile and name that match A's searches
  await insertCard(B, B.store.storeId, {
    name: "王大",
    mobile: "13811110010",
    owner: 0,
    source: "walk_in",
    grade: "H",
    daysAgo: 1,
    dueInHours: -1,
  });
});

describe("prospect list: index by main criterion, one Query per page", () => {
  it("measures the existing list first: the store list newest first, oldest first", async () => {
    const r = await list(A.receptionist.client, "");
    expect(r.labels).toEqual(["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"]);
    expect(r.dbCalls).toBe(2);
    expect(r.body.owner).toBe("all");
    expect(r.body.sort).toBe("newest");
    // index attributes stay inside the data layer
    expect(Object.keys(r.body.items[0]).some((k) => /^GSI/.test(k))).toBe(false);
    expect((await list(A.receptionist.client, "sort=oldest")).labels).toEqual([
      "c8",
      "c7",
      "c6",
      "c5",
      "c4",
      "c3",
      "c2",
      "c1",
    ]);
  });

  it("owner: a consultant sees his own cards of this store only; a manager picks a consultant", async () => {
    const [c1, c2] = A.consultants;
    expect((await list(c1!.client, "")).labels).toEqual(["c1", "c2", "c5", "c7"]);
    expect((await list(c1!.client, "owner=me&sort=oldest")).labels).toEqual(["c7", "c5", "c2", "c1"]);
    expect((await list(A.manager.client, `owner=${c2!.user.userId}`)).labels).toEqual(["c3", "c4", "c6"]);
    const forbidden = await c1!.client.get(`${base}/prospects?owner=all`);
    expect(forbidden.status).toBe(403);
    expect((await c1!.client.get(`${base}/prospects?owner=${c2!.user.userId}`)).status).toBe(403);
  });

  it("filters grade, source and status (FilterExpression on the store index)", async () => {
    const rc = A.receptionist.client;
    expect((await list(rc, "grade=H")).labels).toEqual(["c1", "c8"]);
    expect((await list(rc, "grade=none")).labels).toEqual(["c4", "c7"]);
    expect((await list(rc, "grade=F")).labels).toEqual(["c6"]);
    expect((await list(rc, "source=internet")).labels).toEqual(["c2", "c3"]);
    expect((await list(rc, "status=closed")).labels).toEqual(["c6"]);
    expect((await list(rc, "status=active&source=walk_in")).labels).toEqual(["c1", "c8"]);
    expect((await list(A.consultants[0]!.client, "grade=H")).labels).toEqual(["c1"]);
  });

  it("overdue: due before now, most overdue first (GSI3), with owner and other filters", async () => {
    expect((await list(A.receptionist.client, "overdue=true")).labels).toEqual(["c5", "c3", "c1"]);
    const r = await list(A.receptionist.client, "overdue=1&sort=due");
    expect(r.labels).toEqual(["c5", "c3", "c1"]);
    expect(r.body.sort).toBe("due");
    expect((await list(A.consultants[0]!.client, "overdue=true")).labels).toEqual(["c5", "c1"]);
    expect((await list(A.manager.client, `overdue=true&owner=${A.consultants[1]!.user.userId}`)).labels).toEqual([
      "c3",
    ]);
    expect((await list(A.receptionist.client, "overdue=true&source=internet")).labels).toEqual(["c3"]);
    expect((await list(A.receptionist.client, "overdue=false")).labels).toHaveLength(8);
  });

  it("sort by next follow-up due lists open cards with a due date, soonest first", async () => {
    expect((await list(A.receptionist.client, "sort=due")).labels).toEqual(["c5", "c3", "c1", "c8", "c2"]);
    expect((await list(A.consultants[0]!.client, "sort=due&grade=A")).labels).toEqual(["c2"]);
  });

  it("created date range: a key condition on the store's or the consultant's index, in store-local days", async () => {
    const tz = STORE_INPUT.timeZone;
    const from = localDate(new Date(now - 13 * DAY), tz);
    const to = localDate(new Date(now - 4 * DAY), tz);
    expect((await list(A.receptionist.client, `from=${from}&to=${to}`)).labels).toEqual(["c3", "c4", "c5"]);
    expect((await list(A.receptionist.client, `from=${from}&to=${to}&sort=oldest`)).labels).toEqual(["c5", "c4", "c3"]);
    expect((await list(A.consultants[0]!.client, `from=${from}&to=${to}`)).labels).toEqual(["c5"]);
    expect((await list(A.receptionist.client, `from=${from}`)).labels).toEqual(["c1", "c2", "c3", "c4", "c5"]);
    expect((await list(A.receptionist.client, `to=${to}`)).labels).toEqual(["c3", "c4", "c5", "c6", "c7", "c8"]);
    const today = localDate(new Date(now), tz);
    expect((await list(A.receptionist.client, `from=${today}&to=${today}`)).labels).toEqual([]);
    // a range with another main criterion is a filter on that index
    expect((await list(A.receptionist.client, `from=${from}&to=${to}&overdue=true`)).labels).toEqual(["c5", "c3"]);
    expect((await list(A.receptionist.client, `from=${from}&to=${to}&grade=B`)).labels).toEqual(["c3"]);
  });

  it("search: digits → mobile prefix (GSI4), text → name prefix (GSI5), never another store or tenant", async () => {
    const rc = A.receptionist.client;
    const byName = await list(rc, `q=${encodeURIComponent("王")}`);
    expect(byName.labels).toEqual(["c1", "c2"]);
    expect(byName.body.sort).toBe("name");
    expect((await list(rc, "q=WANG")).labels).toEqual(["c3", "c4"]);
    expect((await list(rc, `q=${encodeURIComponent("wang l")}`)).labels).toEqual(["c3"]);
    const byMobile = await list(rc, "q=139");
    expect(byMobile.labels).toEqual(["c3", "c4"]);
    expect(byMobile.body.sort).toBe("mobile");
    expect((await list(rc, `q=${encodeURIComponent("+86 138 1111")}`)).labels).toEqual(["c1", "c2"]);
    expect((await list(rc, "q=1381111000")).labels).toEqual(["c1", "c2"]);
    expect((await list(rc, "q=150")).labels).toEqual([]);
    // combined with filters
    expect((await list(rc, `q=${encodeURIComponent("王")}&overdue=true`)).labels).toEqual(["c1"]);
    expect((await list(rc, "q=139&grade=B")).labels).toEqual(["c3"]);
    expect((await list(rc, `q=${encodeURIComponent("李")}&status=active`)).labels).toEqual(["c5"]);
    // a consultant's search finds only his own cards
    expect((await list(A.consultants[1]!.client, `q=${encodeURIComponent("王")}`)).labels).toEqual([]);
    expect((await list(A.consultants[1]!.client, "q=wang")).labels).toEqual(["c3", "c4"]);
    expect((await list(A.consultants[0]!.client, "q=138")).labels).toEqual(["c1", "c2"]);
  });
});

describe("prospect list: cursor pagination", () => {
  it("pages through the store list without gaps or repeats", async () => {
    const { pages, all } = await allPages(A.receptionist.client, "limit=3");
    expect(pages[0]).toEqual(["c1", "c2", "c3"]);
    expect(all).toEqual(["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"]);
  });

  it("a filtered page may hold fewer cards than the limit while a cursor remains", async () => {
    const grade = await allPages(A.receptionist.client, "grade=H&limit=2");
    expect(grade.all).toEqual(["c1", "c8"]);
    expect(grade.sawShortPageWithCursor).toBe(true);
    expect((await allPages(A.receptionist.client, "overdue=true&limit=2")).pages).toEqual([["c5", "c3"], ["c1"]]);
    expect((await allPages(A.receptionist.client, "q=wang&limit=1")).all).toEqual(["c3", "c4"]);
    const tz = STORE_INPUT.timeZone;
    const ranged = await allPages(
      A.consultants[0]!.client,
      `from=${localDate(new Date(now - 35 * DAY), tz)}&to=${localDate(new Date(now), tz)}&limit=2`,
    );
    expect(ranged.all).toEqual(["c1", "c2", "c5", "c7"]);
  });

  it("refuses a cursor of another list, store or tenant, or a forged one (400)", async () => {
    const rc = A.receptionist.client;
    const storeCursor = (await list(rc, "limit=1")).body.cursor as string;
    const searchCursor = (await list(rc, "q=139&limit=1")).body.cursor as string;
    expect(storeCursor).toBeTruthy();
    expect(searchCursor).toBeTruthy();
    // the same cursor still works for its own list
    expect((await list(rc, `limit=1&cursor=${storeCursor}`)).labels).toEqual(["c2"]);
    // …but not for another index or another search
    for (const q of [`overdue=true&cursor=${storeCursor}`, `q=138&cursor=${searchCursor}`, `cursor=${searchCursor}`]) {
      const r = await rc.get(`${base}/prospects?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.fields.cursor).toBe("Not a valid cursor.");
    }
    // tenant B's own cursor, presented to A's store
    const bCursor = (await B.receptionist.client.get(`/api/stores/${B.store.storeId}/prospects?limit=1`)).body.cursor;
    const bCard = await B.receptionist.client.get(`/api/stores/${B.store.storeId}/prospects`);
    expect(bCard.body.items).toHaveLength(1);
    const forged = (k: unknown) => Buffer.from(JSON.stringify(k)).toString("base64url");
    const decoded = JSON.parse(Buffer.from(storeCursor, "base64url").toString("utf8"));
    const foreign = [
      forged({ ...decoded, GSI1PK: `T#${B.store.tenantId}#STORE#${B.store.storeId}#PROSPECTS` }),
      forged({ ...decoded, extra: "x" }),
      forged({ ...decoded, GSI1SK: 42 }),
      forged(["not", "an", "object"]),
      "not-base64-json",
      ...(bCursor ? [bCursor] : []),
    ];
    for (const c of foreign) {
      const r = await rc.get(`${base}/prospects?cursor=${encodeURIComponent(c)}`);
      expect(r.status, c).toBe(400);
    }
  });
});

describe("prospect list: bad queries and other tenants", () => {
  it("refuses a bad query with a clear message (400)", async () => {
    const rc = A.receptionist.client;
    const cases: [string, string, RegExp][] = [
      ["from=2026-03-10&to=2026-03-01", "to", /end date must be on or after the start date/],
      ["from=2026-02-30", "from", /Use a date like/],
      ["grade=Z", "grade", /grade must be one of/],
      ["source=tv", "source", /source must be one of/],
      ["overdue=yes", "overdue", /overdue must be true or false/],
      ["sort=name", "sort", /sort must be one of/],
      ["q=wang&sort=oldest", "sort", /leave sort out when searching/],
      ["overdue=true&sort=newest", "sort", /listed by due date/],
      ["status=closed&overdue=true", "status", /Closed cards have no follow-up due/],
      ["limit=0", "limit", /at least 1/],
      ["limit=500", "limit", /at most 100/],
      ["owner=someone", "owner", /owner must be/],
      ["colour=red", "_", /Unknown field\(s\): colour/],
      [`q=${"x".repeat(61)}`, "q", /at most 60 characters/],
    ];
    for (const [q, field, message] of cases) {
      const r = await rc.get(`${base}/prospects?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.fields[field], q).toMatch(message);
      expect(r.body.error.message, q).toMatch(message);
    }
    // blank values (an empty select in a GET form) mean "not given"
    expect((await list(rc, "grade=&source=&q=&sort=&from=&to=&overdue=")).labels).toHaveLength(8);
  });

  it("another tenant's store is a 404 and its cards never show up", async () => {
    const r = await B.receptionist.client.get(`${base}/prospects?q=138`);
    expect(r.status).toBe(404);
    for (const q of ["", "q=138", `q=${encodeURIComponent("王")}`, "overdue=true", "sort=due"]) {
      const names = (await list(A.receptionist.client, q)).body.items.map((p: Prospect) => p.name);
      expect(names, q).not.toContain("王大");
      expect(names, q).not.toContain("王外店");
    }
  });
});
