/**
 * Test drives (试乘试驾): fleet, booking without double booking (slot locks),
 * start with licence + photo + waiver, return with feedback, supervisor sign-off,
 * the licence photo through an authenticated route, and tenant isolation.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addDays, localDate } from "@dealeros/core";
import { plan } from "@dealeros/db";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localContext } from "../../functions/local/adapter.ts";
import { allItems, type Client, freshTable, setupTenant } from "../support/api.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;

/** A JPEG-looking file of n bytes (magic bytes first, end marker last). */
function jpeg(n = 2048, seed = 7): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  b.set([0xff, 0xd8, 0xff, 0xe0], 0);
  b.set([0xff, 0xd9], n - 2);
  return b;
}

/** GET through the real handler, keeping the body as bytes (for the photo route). */
async function getRaw(client: Client, path: string) {
  const { handler } = await import("../../functions/http/app.ts");
  const event = {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    cookies: client.cookie ? [client.cookie] : undefined,
    headers: { host: "localhost" },
    requestContext: {
      http: { method: "GET", path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "test" },
      requestId: "t",
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  const res = (await handler(event, localContext())) as APIGatewayProxyStructuredResultV2;
  const body = res.isBase64Encoded ? Buffer.from(res.body ?? "", "base64") : Buffer.from(res.body ?? "");
  return { status: res.statusCode ?? 200, headers: (res.headers ?? {}) as Record<string, string>, body };
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => statSync(join(dir, f)).isFile());
}

const CN_LICENCE = "310115199003071239";

describe("test drives", () => {
  let t: Tenant;
  let db: Awaited<ReturnType<typeof freshTable>>;
  let base: string;
  let uploadDir: string;
  /** a store-local day that is always in the future and open (the test store opens every day 09:00–18:00) */
  let day: string;
  const at = (hhmm: string) => `${day}T${hhmm}:00+08:00`;
  const cars: Record<string, { vehicleId: string; version: number }> = {};
  const cards: Record<string, string> = {};

  beforeAll(async () => {
    uploadDir = mkdtempSync(join(tmpdir(), "dealeros-uploads-"));
    process.env.UPLOAD_DIR = uploadDir;
    delete process.env.UPLOAD_BUCKET;
    db = await freshTable();
    t = await setupTenant({ consultants: 2 });
    base = `/api/stores/${t.store.storeId}`;
    day = addDays(localDate(new Date(), "Asia/Shanghai"), 2);
    for (const [key, plate, model] of [
      ["magotan", "沪A·12345", "迈腾 Magotan"],
      ["id4", "沪AD88888", "ID.4 CROZZ"],
      ["tayron", "沪B·66666", "探岳 Tayron"],
    ] as const) {
      const r = await t.manager.client.post(`${base}/test-drives/fleet`, { plate, model, colour: "白 White" });
      expect(r.status).toBe(201);
      cars[key] = r.body.vehicle;
    }
    const [c1, c2] = t.consultants;
    for (const [key, c, name, mobile] of [
      ["wang", c1!, "王先生", "13911110001"],
      ["zhao", c1!, "赵女士", "13911110002"],
      ["li", c2!, "李先生", "13911110003"],
      ["sun", c2!, "孙女士", "13911110004"],
    ] as const) {
      const r = await c.client.post(`${base}/prospects`, { name, mobile, source: "walk_in" });
      expect(r.status).toBe(201);
      cards[key] = r.body.prospect.prospectId;
    }
  });

  afterAll(() => {
    rmSync(uploadDir, { recursive: true, force: true });
  });

  const booking = (prospect: string, car: string, start: string, minutes = 45) => ({
    prospectId: cards[prospect],
    vehicleId: cars[car]!.vehicleId,
    startAt: at(start),
    durationMinutes: minutes,
    route: "世纪大道—浦东南路 城市路线",
    routeKm: 12,
  });

  it("managers keep the fleet; plates are unique per store; others may only look", async () => {
    const list = await t.consultants[0]!.client.get(`${base}/test-drives/fleet`);
    expect(list.status).toBe(200);
    expect(list.body.fleet.map((v: { plate: string }) => v.plate).sort()).toEqual([
      "沪A12345",
      "沪AD88888",
      "沪B66666",
    ]);
    expect(list.dbCalls).toBeLessThanOrEqual(2);
    const dup = await t.manager.client.post(`${base}/test-drives/fleet`, {
      plate: "沪A 12345",
      model: "x",
      colour: "y",
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields.plate).toBeDefined();
    const byConsultant = await t.consultants[0]!.client.post(`${base}/test-drives/fleet`, {
      plate: "沪C12345",
      model: "x",
      colour: "y",
    });
    expect(byConsultant.status).toBe(403);
    const bad = await t.manager.client.post(`${base}/test-drives/fleet`, {
      plate: "12345",
      model: "",
      colour: "red",
      vin: "LFV2A21K3M3000001",
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["model", "plate", "vin"]);
    const withVin = await t.manager.client.post(`${base}/test-drives/fleet`, {
      plate: "沪A99999",
      model: "宝来 Bora",
      colour: "红",
      vin: "lfv2a21k2m3000001",
    });
    expect(withVin.status).toBe(201);
    expect(withVin.body.vehicle.vin).toBe("LFV2A21K2M3000001");
    // a new plate moves the claim: the old plate is free again
    const moved = await t.manager.client.patch(`${base}/test-drives/fleet/${withVin.body.vehicle.vehicleId}`, {
      version: 1,
      plate: "沪A99998",
    });
    expect(moved.status).toBe(200);
    const stale = await t.manager.client.patch(`${base}/test-drives/fleet/${withVin.body.vehicle.vehicleId}`, {
      version: 1,
      colour: "黑",
    });
    expect(stale.status).toBe(409);
    const reuse = await t.manager.client.post(`${base}/test-drives/fleet`, {
      plate: "沪A99999",
      model: "m",
      colour: "c",
    });
    expect(reuse.status).toBe(201);
    // removed cars leave the list (no upcoming drives)
    for (const v of [moved.body.vehicle, reuse.body.vehicle]) {
      expect((await t.manager.client.delete(`${base}/test-drives/fleet/${v.vehicleId}`)).status).toBe(200);
    }
    const after = await t.manager.client.get(`${base}/test-drives/fleet`);
    expect(after.body.fleet).toHaveLength(3);
    const audit = await t.admin.get("/api/audit");
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(["testdrive.vehicle_added", "testdrive.vehicle_changed", "testdrive.vehicle_removed"]),
    );
  });

  it("book → start with licence photo → return with feedback → supervisor sign-off", async () => {
    const c1 = t.consultants[0]!;
    const booked = await c1.client.post(`${base}/test-drives`, booking("wang", "magotan", "10:00"));
    expect(booked.status).toBe(201);
    const td = booked.body.testDrive;
    expect(td).toMatchObject({
      state: "booked",
      kind: "test_drive",
      status: "open",
      ownerId: c1.user.userId,
      prospectName: "王先生",
      plate: "沪A12345",
      date: day,
      durationMinutes: 45,
      endAt: new Date(at("10:45")).toISOString(),
    });
    expect(td.slots).toHaveLength(3);

    // it is in the consultant's plan of that day, and the day's list is one Query
    const dayPlan = await plan.storeDayPlan(db, t.store.tenantId, t.store.storeId, day, c1.user.userId);
    expect(dayPlan.find((p) => p.id === td.testDriveId)).toMatchObject({ kind: "test_drive", status: "open" });
    const list = await c1.client.get(`${base}/test-drives?date=${day}`);
    expect(list.status).toBe(200);
    expect(list.body.testDrives.map((x: { testDriveId: string }) => x.testDriveId)).toContain(td.testDriveId);
    expect(list.dbCalls).toBeLessThanOrEqual(2);

    const photo = jpeg(40_000);
    const started = await c1.client.post(`${base}/test-drives/${td.testDriveId}/start`, {
      licenceKind: "cn",
      licenceNumber: "31011519900307123x".replace("x", "9"),
      photoBase64: `data:image/jpeg;base64,${photo.toString("base64")}`,
      waiverSigned: true,
    });
    expect(started.status).toBe(200);
    expect(started.body.testDrive.state).toBe("in_progress");
    const key: string = started.body.testDrive.started.photoKey;
    expect(key.startsWith(`${t.store.tenantId}/test-drives/${td.testDriveId}/`)).toBe(true);
    expect(started.body.testDrive.started).toMatchObject({ licenceKind: "cn", licenceNumber: CN_LICENCE });
    expect(started.body.testDrive.started.waiverSignedAt).toBeTruthy();
    // really written to the local folder, and readable through the authenticated route
    expect(readFileSync(join(uploadDir, key)).equals(photo)).toBe(true);
    const got = await getRaw(c1.client, `${base}/test-drives/${td.testDriveId}/licence-photo`);
    expect(got.status).toBe(200);
    expect(got.headers["content-type"]).toBe("image/jpeg");
    expect(got.headers["cache-control"]).toContain("no-store");
    expect(got.body.equals(photo)).toBe(true);
    expect((await getRaw(t.receptionist.client, `${base}/test-drives/${td.testDriveId}/licence-photo`)).status).toBe(
      200,
    );

    const returned = await c1.client.post(`${base}/test-drives/${td.testDriveId}/return`, {
      rating: 5,
      interest: "more_interested",
      comments: "喜欢操控，担心后排空间",
    });
    expect(returned.status).toBe(200);
    expect(returned.body.testDrive).toMatchObject({
      state: "returned",
      status: "done",
      returned: { rating: 5, interest: "more_interested" },
    });
    expect(returned.body.testDrive.actualMinutes).toBeGreaterThanOrEqual(0);
    const donePlan = await plan.storeDayPlan(db, t.store.tenantId, t.store.storeId, day, c1.user.userId);
    expect(donePlan.find((p) => p.id === td.testDriveId)?.status).toBe("done");
    // back before the booked slots: they go back to the car (here all of them, the booking is days ahead)
    expect(returned.body.testDrive.slots).toEqual([]);
    const rebook = await t.receptionist.client.post(`${base}/test-drives`, booking("sun", "magotan", "10:15", 30));
    expect(rebook.status).toBe(201);
    expect(
      (await t.receptionist.client.post(`${base}/test-drives/${rebook.body.testDrive.testDriveId}/cancel`, {})).status,
    ).toBe(200);

    expect((await c1.client.post(`${base}/test-drives/${td.testDriveId}/sign-off`, {})).status).toBe(403);
    expect((await t.receptionist.client.post(`${base}/test-drives/${td.testDriveId}/sign-off`, {})).status).toBe(403);
    const signed = await t.manager.client.post(`${base}/test-drives/${td.testDriveId}/sign-off`, {
      comment: "路线与登记一致",
    });
    expect(signed.status).toBe(200);
    expect(signed.body.testDrive).toMatchObject({
      state: "signed_off",
      signedOff: { byName: "Manager", comment: "路线与登记一致" },
    });

    const detail = await c1.client.get(`${base}/test-drives/${td.testDriveId}`);
    expect(detail.status).toBe(200);
    expect(detail.dbCalls).toBeLessThanOrEqual(2);
    expect(detail.body.audit.map((a: { action: string }) => a.action)).toEqual([
      "testdrive.booked",
      "testdrive.started",
      "testdrive.returned",
      "testdrive.signed_off",
    ]);
    // the prospect card's history tells the story too
    const card = await c1.client.get(`${base}/prospects/${cards.wang}`);
    expect(card.body.audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(["testdrive.booked", "testdrive.returned"]),
    );
  });

  it("an overlapping booking of the same car is a 409 naming the clashing time; other cars and adjacent slots are fine", async () => {
    const rec = t.receptionist.client;
    const first = await rec.post(`${base}/test-drives`, booking("li", "id4", "11:00", 60));
    expect(first.status).toBe(201);
    const before = (await allItems(db)).length;
    const clash = await rec.post(`${base}/test-drives`, booking("sun", "id4", "11:30", 30));
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toBe(
      "This car is already booked from 11:00 to 12:00. Choose another time or another car.",
    );
    expect(clash.body.error.fields.startAt).toContain("11:00");
    expect((await allItems(db)).length).toBe(before);
    const earlier = await rec.post(`${base}/test-drives`, booking("sun", "id4", "10:15", 45));
    expect(earlier.status).toBe(201);
    const otherCar = await rec.post(`${base}/test-drives`, booking("sun", "tayron", "11:30", 30));
    expect(otherCar.status).toBe(201);
    const after = await rec.post(`${base}/test-drives`, booking("zhao", "id4", "12:00", 30));
    expect(after.status).toBe(201);
  });

  it("N parallel overlapping bookings of one car: exactly one succeeds", async () => {
    const starts = ["14:00", "14:15", "14:30", "14:45", "14:00", "14:15", "14:30", "14:45"];
    const people = ["wang", "zhao", "li", "sun"];
    const results = await Promise.all(
      starts.map((s, i) => t.receptionist.client.post(`${base}/test-drives`, booking(people[i % 4]!, "tayron", s, 60))),
    );
    const won = results.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(starts.length - 1);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.message).toMatch(/booked/);
    // only the winner's slots are locked
    const slots = (await allItems(db)).filter(
      (i) => i.type === "TestDriveSlot" && String(i.PK).includes(cars.tayron!.vehicleId) && String(i.SK) >= "SLOT#",
    );
    const winner = won[0]!.body.testDrive;
    const afternoon = slots.filter((s) => String(s.startAt) >= new Date(at("13:00")).toISOString());
    expect(afternoon.map((s) => s.testDriveId)).toEqual(winner.slots.map(() => winner.testDriveId));
  });

  it("cancelling frees the slots in the same transaction; started drives cannot be cancelled", async () => {
    const c2 = t.consultants[1]!;
    const b = (await c2.client.post(`${base}/test-drives`, booking("li", "magotan", "16:00", 60))).body.testDrive;
    expect((await c2.client.post(`${base}/test-drives`, booking("sun", "magotan", "16:30", 30))).status).toBe(409);
    const cancelled = await c2.client.post(`${base}/test-drives/${b.testDriveId}/cancel`, { reason: "客户改期" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.testDrive).toMatchObject({ state: "cancelled", status: "cancelled" });
    const slots = (await allItems(db)).filter((i) => i.type === "TestDriveSlot" && i.testDriveId === b.testDriveId);
    expect(slots).toHaveLength(0);
    const again = await c2.client.post(`${base}/test-drives`, booking("sun", "magotan", "16:30", 30));
    expect(again.status).toBe(201);
    expect((await c2.client.post(`${base}/test-drives/${b.testDriveId}/cancel`, {})).status).toBe(409);
    const cancelledPlan = await plan.storeDayPlan(db, t.store.tenantId, t.store.storeId, day);
    expect(cancelledPlan.find((p) => p.id === b.testDriveId)?.status).toBe("cancelled");
    await c2.client.post(`${base}/test-drives/${again.body.testDrive.testDriveId}/start`, {
      licenceKind: "foreign",
      licenceNumber: "D1234-56789-01234",
      photoBase64: jpeg(500).toString("base64"),
      waiverSigned: true,
    });
    const late = await c2.client.post(`${base}/test-drives/${again.body.testDrive.testDriveId}/cancel`, {});
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe("A test drive that has started cannot be cancelled.");
  });

  it("illegal transitions are 409 with a clear message", async () => {
    const c1 = t.consultants[0]!;
    const b = (await c1.client.post(`${base}/test-drives`, booking("zhao", "magotan", "09:00", 30))).body.testDrive;
    const path = `${base}/test-drives/${b.testDriveId}`;
    const early = await c1.client.post(`${path}/return`, { rating: 4, interest: "unchanged" });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/has not started yet/);
    const earlySign = await t.manager.client.post(`${path}/sign-off`, {});
    expect(earlySign.status).toBe(409);
    expect(earlySign.body.error.message).toMatch(/not taken place yet/);
    const start = {
      licenceKind: "cn",
      licenceNumber: CN_LICENCE,
      photoBase64: jpeg(800).toString("base64"),
      waiverSigned: true,
    };
    expect((await c1.client.post(`${path}/start`, start)).status).toBe(200);
    const twice = await c1.client.post(`${path}/start`, start);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe("This test drive has already started.");
    const running = await t.manager.client.post(`${path}/sign-off`, {});
    expect(running.status).toBe(409);
    expect(running.body.error.message).toBe("The car has not returned yet; sign off after the return.");
    expect((await c1.client.post(`${path}/return`, { rating: 3, interest: "unchanged" })).status).toBe(200);
    expect((await c1.client.post(`${path}/return`, { rating: 3, interest: "unchanged" })).status).toBe(409);
    expect((await t.manager.client.post(`${path}/sign-off`, {})).status).toBe(200);
    const signedTwice = await t.manager.client.post(`${path}/sign-off`, {});
    expect(signedTwice.status).toBe(409);
    expect(signedTwice.body.error.message).toBe("This test drive is already signed off.");
  });

  it("bad input is 400/422 and writes nothing; photos too big or not images are 422", async () => {
    const c1 = t.consultants[0]!;
    const before = (await allItems(db)).length;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...booking("wang", "id4", "15:00"), durationMinutes: 40 }, 400, "durationMinutes"],
      [{ ...booking("wang", "id4", "15:00"), startAt: "tomorrow" }, 400, "startAt"],
      [{ ...booking("wang", "id4", "15:00"), extra: 1 }, 400, "_"],
      [{ ...booking("wang", "id4", "15:00"), route: "" }, 400, "route"],
      [booking("wang", "id4", "15:05"), 422, "startAt"],
      [booking("wang", "id4", "17:30", 45), 422, "startAt"],
      [booking("wang", "id4", "08:00", 30), 422, "startAt"],
      [{ ...booking("wang", "id4", "15:00"), vehicleId: "01JDW0000000000000000000BB" }, 422, "vehicleId"],
      [{ ...booking("wang", "id4", "15:00"), prospectId: "01JDW0000000000000000000AA" }, 422, "prospectId"],
    ];
    for (const [body, status, field] of cases) {
      const r = await c1.client.post(`${base}/test-drives`, body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(Object.keys(r.body.error.fields ?? { _: 1 }), JSON.stringify(r.body)).toContain(field);
    }
    const past = await c1.client.post(`${base}/test-drives`, {
      ...booking("wang", "id4", "15:00"),
      startAt: `${addDays(day, -4)}T10:00:00+08:00`,
    });
    expect(past.status).toBe(422);
    expect(past.body.error.message).toBe("The start time has already passed.");

    const b = (await c1.client.post(`${base}/test-drives`, booking("wang", "id4", "15:00", 30))).body.testDrive;
    const withBooking = (await allItems(db)).length;
    expect(withBooking).toBeGreaterThan(before);
    const files = filesUnder(uploadDir).length;
    const start = (over: Record<string, unknown>) =>
      c1.client.post(`${base}/test-drives/${b.testDriveId}/start`, {
        licenceKind: "cn",
        licenceNumber: CN_LICENCE,
        photoBase64: jpeg(1000).toString("base64"),
        waiverSigned: true,
        ...over,
      });
    const noWaiver = await start({ waiverSigned: false });
    expect(noWaiver.status).toBe(400);
    expect(noWaiver.body.error.fields.waiverSigned).toMatch(/waiver/);
    const badLicence = await start({ licenceNumber: "310115199003071238" });
    expect(badLicence.status).toBe(422);
    expect(badLicence.body.error.fields.licenceNumber).toMatch(/18-character/);
    const longForeign = await start({ licenceKind: "foreign", licenceNumber: "X".repeat(31) });
    expect(longForeign.status).toBe(422);
    const pdf = await start({ photoBase64: Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\n").toString("base64") });
    expect(pdf.status).toBe(422);
    expect(pdf.body.error.message).toBe("The licence photo must be a JPEG, PNG or WebP image.");
    const notBase64 = await start({ photoBase64: "this is not an image!" });
    expect(notBase64.status).toBe(422);
    const tooBig = await start({ photoBase64: jpeg(5 * 1024 * 1024 + 1).toString("base64") });
    expect(tooBig.status).toBe(422);
    expect(tooBig.body.error.message).toBe("The licence photo is too large (5 MB at most).");
    expect((await allItems(db)).length).toBe(withBooking);
    expect(filesUnder(uploadDir).length).toBe(files);
    const detail = await c1.client.get(`${base}/test-drives/${b.testDriveId}`);
    expect(detail.body.testDrive.state).toBe("booked");
    // a PNG and a WebP are fine
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), jpeg(300).subarray(4)]);
    const ok = await start({ photoBase64: png.toString("base64") });
    expect(ok.status).toBe(200);
    expect(ok.body.testDrive.started.photoKey).toMatch(/\.png$/);
    expect(filesUnder(uploadDir).length).toBe(files + 1);
  });

  it("the drive belongs to the card's owner; consultants book only for their own cards and see others' drives without names", async () => {
    const [c1, c2] = t.consultants;
    const forOther = await c1!.client.post(`${base}/test-drives`, booking("li", "tayron", "09:00", 30));
    expect(forOther.status).toBe(403);
    expect(forOther.body.error.message).toBe("You can only book test drives for your own prospects.");
    const byManager = await t.manager.client.post(`${base}/test-drives`, booking("li", "tayron", "09:00", 30));
    expect(byManager.status).toBe(201);
    expect(byManager.body.testDrive).toMatchObject({ ownerId: c2!.user.userId, createdBy: t.manager.user.userId });
    const list = (await c1!.client.get(`${base}/test-drives?date=${day}`)).body.testDrives;
    const theirs = list.find((x: { testDriveId: string }) => x.testDriveId === byManager.body.testDrive.testDriveId);
    expect(theirs).toMatchObject({ canOpen: false, prospectName: "", plate: "沪B66666" });
    expect(theirs.prospectMobile).toBeUndefined();
    const peek = await c1!.client.get(`${base}/test-drives/${byManager.body.testDrive.testDriveId}`);
    expect(peek.status).toBe(403);
    const mineInList = list.filter((x: { ownerId: string }) => x.ownerId === c1!.user.userId);
    expect(mineInList.length).toBeGreaterThan(0);
    expect(mineInList.every((x: { canOpen: boolean; prospectName: string }) => x.canOpen && x.prospectName)).toBe(true);
    // another consultant cannot read the licence photo of a drive that is not his
    const started = list.find(
      (x: { ownerId: string; state: string }) => x.ownerId === c1!.user.userId && x.state !== "booked",
    );
    expect((await getRaw(c2!.client, `${base}/test-drives/${started.testDriveId}/licence-photo`)).status).toBe(403);
  });

  it("a car out of service cannot be booked; a car with upcoming drives cannot be removed", async () => {
    const car = (await t.manager.client.get(`${base}/test-drives/fleet`)).body.fleet.find(
      (v: { plate: string }) => v.plate === "沪B66666",
    );
    expect((await t.manager.client.delete(`${base}/test-drives/fleet/${car.vehicleId}`)).status).toBe(409);
    const off = await t.manager.client.patch(`${base}/test-drives/fleet/${car.vehicleId}`, {
      version: car.version,
      active: false,
    });
    expect(off.status).toBe(200);
    const r = await t.receptionist.client.post(`${base}/test-drives`, booking("sun", "tayron", "17:00", 30));
    expect(r.status).toBe(422);
    expect(r.body.error.fields.vehicleId).toMatch(/out of service/);
    await t.manager.client.patch(`${base}/test-drives/fleet/${car.vehicleId}`, {
      version: car.version + 1,
      active: true,
    });
  });

  it("another tenant gets 404 for every test-drive endpoint, the photo included, and never sees these drives", async () => {
    const other = await setupTenant({ groupName: "Other Group", consultants: 1 });
    const ob = `/api/stores/${other.store.storeId}`;
    const mine = (await t.consultants[0]!.client.get(`${base}/test-drives?date=${day}`)).body.testDrives;
    const started = mine.find((x: { state: string }) => x.state !== "booked" && x.state !== "cancelled");
    const booked = mine.find((x: { state: string }) => x.state === "booked");
    const car = cars.magotan!.vehicleId;
    const m = other.manager.client;
    const start = {
      licenceKind: "cn",
      licenceNumber: CN_LICENCE,
      photoBase64: jpeg(100).toString("base64"),
      waiverSigned: true,
    };
    const calls: [string, string, unknown?][] = [];
    // their own store path, our ids; and our store path
    for (const s of [ob, base]) {
      calls.push(
        ["GET", `${s}/test-drives/${started.testDriveId}`],
        ["POST", `${s}/test-drives/${booked.testDriveId}/cancel`, {}],
        ["POST", `${s}/test-drives/${booked.testDriveId}/start`, start],
        ["POST", `${s}/test-drives/${started.testDriveId}/return`, { rating: 1, interest: "unchanged" }],
        ["POST", `${s}/test-drives/${started.testDriveId}/sign-off`, {}],
        ["PATCH", `${s}/test-drives/fleet/${car}`, { version: 1, colour: "x" }],
        ["DELETE", `${s}/test-drives/fleet/${car}`],
      );
    }
    calls.push(
      ["GET", `${base}/test-drives`],
      ["POST", `${base}/test-drives`, booking("wang", "magotan", "13:00", 30)],
      ["GET", `${base}/test-drives/fleet`],
      ["POST", `${base}/test-drives/fleet`, { plate: "沪A00001", model: "m", colour: "c" }],
    );
    const before = (await allItems(db)).length;
    for (const [method, path, body] of calls) {
      const r = await m.call(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    for (const p of [
      `${ob}/test-drives/${started.testDriveId}/licence-photo`,
      `${base}/test-drives/${started.testDriveId}/licence-photo`,
    ]) {
      expect((await getRaw(m, p)).status, p).toBe(404);
    }
    // booking with our card and car from their own store: not found there (422), nothing written
    const foreign = await m.post(`${ob}/test-drives`, booking("wang", "magotan", "13:00", 30));
    expect(foreign.status).toBe(422);
    expect((await allItems(db)).length).toBe(before);
    const theirs = await m.get(`${ob}/test-drives?date=${day}`);
    expect(theirs.status).toBe(200);
    expect(theirs.body.testDrives).toEqual([]);
    expect((await m.get(`${ob}/test-drives/fleet`)).body.fleet).toEqual([]);
  });
});
