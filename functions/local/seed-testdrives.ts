/**
 * Demo test drives (试乘试驾): a fleet of 3–4 cars per store, and drives over the
 * last week, today and tomorrow for the stores' active prospect cards — past
 * ones returned with feedback and mostly signed off by the supervisor, one
 * cancelled, and in every store one completed drive (yesterday's last) still
 * waiting for the sign-off. Today's drives follow the clock: finished ones are
 * returned, a running one is on the road, later ones are booked. Started drives
 * carry a valid licence number and a licence photo (a small PNG) in the local
 * uploads folder. Deterministic (seeded), written through the db layer.
 */
import { deflateSync } from "node:zlib";
import {
  addDays,
  endOf,
  localDate,
  newId,
  normalizeCnMobile,
  slotsCovered,
  type TestDriveInterest,
  zonedToUtc,
} from "@dealeros/core";
import {
  type AuditEntry,
  type Db,
  type FleetVehicle,
  type Prospect,
  prospectList,
  prospects,
  type Store,
  type TestDrive,
  testDrives,
  type User,
} from "@dealeros/db";
import { storage } from "@dealeros/services";
import { rng } from "./seed-util.ts";

const FLEETS: Record<string, [string, string, string][]> = {
  "FAW-Volkswagen": [
    ["迈腾 Magotan 380TSI", "星空蓝 Blue", "LFV3A23C2N3100045"],
    ["ID.4 CROZZ Pro", "冰川白 White", ""],
    ["探岳 Tayron 330TSI", "曜岩黑 Black", ""],
  ],
  "GAC Toyota": [
    ["凯美瑞 Camry 2.5HEV", "铂金珍珠白 White", "LVGBE40K1PG000123"],
    ["汉兰达 Highlander", "钢铁灰 Grey", ""],
    ["bZ4X", "天际蓝 Blue", ""],
  ],
};
const PLATE_PREFIX: Record<string, string> = { 上海: "沪A", 杭州: "浙A", 苏州: "苏E" };
const ROUTES: [string, number][] = [
  ["城市路线：店—世纪大道—店", 8],
  ["高架路线：店—中环高架—店", 15],
  ["综合路线：城市 + 高速", 22],
];
const COMMENTS = [
  "动力顺畅，隔音好，后排空间满意",
  "喜欢驾驶辅助，担心油耗",
  "方向盘偏轻，整体满意",
  "家人觉得座椅舒适，想再比较竞品",
  "",
];
const INTERESTS: TestDriveInterest[] = ["more_interested", "ready_to_buy", "unchanged", "more_interested"];

/** A valid 18-character ID number (the Chinese licence number) for a birth date and sequence. */
function idNumber(birth: string, seq: number): string {
  const body = `310115${birth}${String(seq % 1000).padStart(3, "0")}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((n, c, i) => n + Number(c) * weights[i]!, 0);
  return body + "10X98765432"[sum % 11];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A small licence-card picture (PNG): header band, a photo box and text lines, tinted per drive. */
export function licencePng(tint: number): Uint8Array {
  const w = 240;
  const h = 150;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      let rgb = [226, 236, 246];
      if (y < 26) rgb = [40, 80, 140 + (tint % 60)];
      else if (x > 16 && x < 76 && y > 40 && y < 120) rgb = [150, 160, 175];
      else if (x > 92 && x < 220 && y > 44 && (y - 44) % 18 < 6 && y < 130) rgb = [90, 100, 120];
      if (x < 2 || y < 2 || x >= w - 2 || y >= h - 2) rgb = [30, 60, 110];
      raw.set(rgb, y * (w * 3 + 1) + 1 + x * 3);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", ihdr),
      chunk("IDAT", deflateSync(raw)),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
}

interface Slot {
  day: number;
  time: string;
  minutes: number;
  /** what happened: by the clock for today and later; fixed for past days */
  fate: "signed" | "returned" | "cancelled" | "clock";
}

/** Per store: last week (2 a day), yesterday's last drive still waiting for sign-off, today and tomorrow. */
const PLAN: Slot[] = [
  { day: -6, time: "10:00", minutes: 45, fate: "signed" },
  { day: -6, time: "15:00", minutes: 30, fate: "signed" },
  { day: -5, time: "11:00", minutes: 60, fate: "signed" },
  { day: -4, time: "10:30", minutes: 45, fate: "cancelled" },
  { day: -4, time: "14:00", minutes: 45, fate: "signed" },
  { day: -3, time: "16:00", minutes: 30, fate: "signed" },
  { day: -2, time: "09:30", minutes: 60, fate: "signed" },
  { day: -1, time: "11:00", minutes: 45, fate: "signed" },
  { day: -1, time: "15:30", minutes: 45, fate: "returned" },
  { day: 0, time: "10:00", minutes: 45, fate: "clock" },
  { day: 0, time: "11:30", minutes: 30, fate: "clock" },
  { day: 0, time: "14:00", minutes: 60, fate: "clock" },
  { day: 0, time: "16:30", minutes: 45, fate: "clock" },
  { day: 1, time: "10:00", minutes: 45, fate: "clock" },
  { day: 1, time: "15:00", minutes: 60, fate: "clock" },
];

export async function seedTestDrives(
  db: Db,
  opts: { tenantId: string; stores: Store[]; users: User[]; now?: Date },
): Promise<{ vehicles: number; drives: number }> {
  const now = opts.now ?? new Date();
  const rand = rng(20261127);
  const files = storage.getStorage();
  let vehicles = 0;
  let drives = 0;
  for (const [si, store] of opts.stores.entries()) {
    const staff = opts.users.filter((u) => u.storeIds.includes(store.storeId));
    const manager =
      staff.find((u) => u.roles.includes("sales_manager")) ??
      staff.find((u) => u.roles.includes("general_manager")) ??
      opts.users.find((u) => u.roles.includes("sales_manager"))!;
    const reception = staff.find((u) => u.roles.includes("receptionist")) ?? manager;
    const by = (u: User, at: string, action: string, detail: Record<string, unknown>): AuditEntry => ({
      at,
      by: u.userId,
      byName: u.name,
      action,
      detail,
    });

    // the fleet: the brands' cars, plus a second car of the first brand in single-brand stores
    const city = Object.keys(PLATE_PREFIX).find((c) => store.city.includes(c)) ?? "上海";
    const models = store.brands.flatMap((b) => FLEETS[b] ?? []).slice(0, 4);
    if (models.length < 4 && store.brands[0]) models.push([FLEETS[store.brands[0]]![0]![0], "极光银 Silver", ""]);
    const fleet: FleetVehicle[] = [];
    for (const [i, [model, colour, vin]] of models.entries()) {
      const created = new Date(now.getTime() - 30 * 86400000).toISOString();
      const v: FleetVehicle = {
        tenantId: opts.tenantId,
        storeId: store.storeId,
        vehicleId: newId(),
        plate: `${PLATE_PREFIX[city]}${i === 1 ? "D" : ""}${String(20260 + si * 10 + i).padStart(5, "0")}`,
        model,
        colour,
        ...(vin ? { vin } : {}),
        active: true,
        version: 1,
        createdAt: created,
        createdBy: manager.userId,
        updatedAt: created,
        updatedBy: manager.userId,
      };
      await testDrives.createVehicle(
        db,
        v,
        by(manager, created, "testdrive.vehicle_added", { storeId: store.storeId, plate: v.plate, model }),
      );
      fleet.push(v);
      vehicles++;
    }

    const cards = await storeCards(db, store, staff, now);
    if (cards.length === 0) continue;
    const owners = [...new Set(cards.map((c) => c.ownerId))].sort();
    for (const [pi, slot] of PLAN.entries()) {
      // round robin over the consultants who own cards, so everyone has drives (li.na included)
      const ownerId = owners[pi % owners.length]!;
      const theirs = cards.filter((c) => c.ownerId === ownerId);
      const p = theirs[Math.floor(pi / owners.length) % theirs.length]!;
      const car = fleet[pi % fleet.length]!;
      const date = addDays(localDate(now, store.timeZone), slot.day);
      const startAt = zonedToUtc(date, slot.time, store.timeZone).toISOString();
      const endAt = endOf(startAt, slot.minutes);
      const bookedAt = new Date(new Date(startAt).getTime() - (1 + Math.floor(rand() * 48)) * 3600000).toISOString();
      const route = ROUTES[pi % ROUTES.length]!;
      const testDriveId = newId();
      let td: TestDrive = {
        tenantId: opts.tenantId,
        storeId: store.storeId,
        kind: "test_drive",
        id: testDriveId,
        testDriveId,
        ownerId: p.ownerId,
        ownerName: p.ownerName,
        dueAt: startAt,
        date,
        status: "open",
        title: `${p.name} · ${car.model}`,
        state: "booked",
        prospectId: p.prospectId,
        prospectName: p.name,
        ...(p.mobile ? { prospectMobile: p.mobile } : {}),
        vehicleId: car.vehicleId,
        plate: car.plate,
        model: car.model,
        colour: car.colour,
        startAt,
        endAt,
        durationMinutes: slot.minutes,
        route: route[0],
        routeKm: route[1],
        slots: slotsCovered(startAt, slot.minutes),
        version: 1,
        createdAt: bookedAt,
        createdBy: reception.userId,
        createdByName: reception.name,
        updatedAt: bookedAt,
      };
      const stamp = `${date} ${slot.time}`;
      const bookEntry = by(reception, bookedAt, "testdrive.booked", {
        car: `${car.plate} ${car.model}`,
        start: stamp,
        minutes: slot.minutes,
        route: route[0],
      });
      await testDrives.bookTestDrive(db, td, bookEntry);
      drives++;

      const started = startAt < now.toISOString() && slot.fate !== "cancelled";
      const finished = endAt < now.toISOString() && slot.fate !== "cancelled";
      if (slot.fate === "cancelled") {
        const at = new Date(new Date(startAt).getTime() - 2 * 3600000).toISOString();
        const entry = by(reception, at, "testdrive.cancelled", { car: car.plate, start: stamp, reason: "客户改期" });
        const next: TestDrive = {
          ...td,
          state: "cancelled",
          status: "cancelled",
          doneAt: at,
          cancelled: { at, by: reception.userId, byName: reception.name, reason: "客户改期" },
          version: td.version + 1,
          updatedAt: at,
        };
        await testDrives.transition(db, next, td, [entry], { freeSlots: td.slots, prospectEntry: entry });
        continue;
      }
      if (!started) continue;
      const driver = staff.find((u) => u.userId === p.ownerId) ?? reception;
      const outAt = new Date(new Date(startAt).getTime() + 3 * 60000).toISOString();
      const photo = licencePng(pi * 7 + si);
      const key = `${opts.tenantId}/test-drives/${testDriveId}/licence-${newId()}.png`;
      await files.put(key, photo, "image/png");
      const birth = `19${70 + Math.floor(rand() * 30)}0${1 + Math.floor(rand() * 9)}1${Math.floor(rand() * 9)}`;
      let next: TestDrive = {
        ...td,
        state: "in_progress",
        started: {
          at: outAt,
          by: driver.userId,
          byName: driver.name,
          licenceKind: "cn",
          licenceNumber: idNumber(birth, pi * 13 + si),
          photoKey: key,
          photoType: "image/png",
          waiverSignedAt: outAt,
        },
        version: td.version + 1,
        updatedAt: outAt,
      };
      await testDrives.transition(db, next, td, [
        by(driver, outAt, "testdrive.started", {
          car: car.plate,
          licence: "cn",
          waiver: "signed",
          photoBytes: photo.length,
        }),
      ]);
      td = next;
      if (!finished) continue;
      const inAt = new Date(new Date(endAt).getTime() - Math.floor(rand() * 8) * 60000).toISOString();
      const rating = 3 + Math.floor(rand() * 3);
      const interest = INTERESTS[pi % INTERESTS.length]!;
      const comments = COMMENTS[pi % COMMENTS.length] || undefined;
      next = {
        ...td,
        state: "returned",
        status: "done",
        doneAt: inAt,
        returned: {
          at: inAt,
          by: driver.userId,
          byName: driver.name,
          rating,
          interest,
          ...(comments ? { comments } : {}),
        },
        version: td.version + 1,
        updatedAt: inAt,
      };
      const back = by(driver, inAt, "testdrive.returned", { car: car.plate, rating, interest, comments });
      await testDrives.transition(db, next, td, [back], { prospectEntry: back });
      td = next;
      if (slot.fate !== "signed") continue;
      const signAt = new Date(new Date(inAt).getTime() + (30 + Math.floor(rand() * 120)) * 60000).toISOString();
      next = {
        ...td,
        state: "signed_off",
        signedOff: {
          at: signAt,
          by: manager.userId,
          byName: manager.name,
          comment: rand() < 0.5 ? "路线与登记一致" : undefined,
        },
        version: td.version + 1,
        updatedAt: signAt,
      };
      await testDrives.transition(db, next, td, [
        by(manager, signAt, "testdrive.signed_off", { car: car.plate, comment: next.signedOff?.comment }),
      ]);
    }
  }
  return { vehicles, drives };
}

/** The store's active cards (made by the other seeds); a few are added when there are not enough. */
async function storeCards(db: Db, store: Store, staff: User[], now: Date): Promise<Prospect[]> {
  const page = await prospectList.queryProspects(db, {
    tenantId: store.tenantId,
    storeId: store.storeId,
    status: "active",
    sort: "newest",
    now: now.toISOString(),
    limit: 100,
  });
  const active = page.items;
  const consultants = staff.filter((u) => u.roles.includes("sales_consultant"));
  const names = ["周先生", "吴女士", "郑先生", "钱女士", "冯先生", "陈女士"];
  for (let i = 0; active.length < 6 && consultants.length > 0 && i < names.length; i++) {
    const mobile = normalizeCnMobile(`1735${String(store.storeId.charCodeAt(25)).padStart(3, "0")}${String(1000 + i)}`);
    if (!mobile || (await prospects.getMobileClaim(db, store.tenantId, store.storeId, mobile))) continue;
    const owner = consultants[i % consultants.length]!;
    const at = new Date(now.getTime() - (10 - i) * 86400000).toISOString();
    const p = prospects.newCard(
      {
        tenantId: store.tenantId,
        storeId: store.storeId,
        prospectId: newId(),
        name: names[i]!,
        mobile,
        gender: "unknown",
        source: "walk_in",
        ownerId: owner.userId,
        ownerName: owner.name,
        origin: { kind: "manual" },
        createdBy: owner.userId,
        createdByName: owner.name,
      },
      at,
    );
    await prospects.createProspect(db, p, {
      at,
      by: owner.userId,
      byName: owner.name,
      action: "prospect.created",
      detail: { owner: owner.name },
    });
    active.push(p);
  }
  return active.sort((a, b) => a.prospectId.localeCompare(b.prospectId));
}
