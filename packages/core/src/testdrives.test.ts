import { describe, expect, it } from "vitest";
import { parseInput } from "./schemas.ts";
import {
  bookingTimeProblem,
  decodeBase64,
  fleetVehicleSchema,
  isValidCnIdNumber,
  isValidVin,
  licenceProblem,
  MAX_PHOTO_BYTES,
  normalizePlate,
  overlaps,
  photoProblem,
  slotsCovered,
  sniffImage,
  startTimesOfDay,
  testDriveBookingSchema,
  testDriveStartSchema,
} from "./testdrives.ts";

const SHANGHAI = { timeZone: "Asia/Shanghai", openingHours: { open: "09:00", close: "18:00", closedWeekdays: [1] } };
// 2026-11-26 is a Thursday; 02:00Z = 10:00 in Shanghai
const NOW = new Date("2026-11-26T01:00:00Z");

describe("slotsCovered", () => {
  it("covers one 15-minute slot per quarter hour of a drive on the grid", () => {
    expect(slotsCovered("2026-11-26T02:00:00Z", 30)).toEqual(["2026-11-26T02:00:00.000Z", "2026-11-26T02:15:00.000Z"]);
    expect(slotsCovered("2026-11-26T10:00:00+08:00", 45)).toEqual([
      "2026-11-26T02:00:00.000Z",
      "2026-11-26T02:15:00.000Z",
      "2026-11-26T02:30:00.000Z",
    ]);
    expect(slotsCovered("2026-11-26T02:00:00Z", 90)).toHaveLength(6);
  });

  it("rounds an off-grid drive outwards so it is never looser than the real times", () => {
    expect(slotsCovered("2026-11-26T02:10:00Z", 30)).toEqual([
      "2026-11-26T02:00:00.000Z",
      "2026-11-26T02:15:00.000Z",
      "2026-11-26T02:30:00.000Z",
    ]);
  });

  it("gives the same slot keys whatever the offset the start was written in", () => {
    expect(slotsCovered("2026-11-26T10:15:00+08:00", 30)).toEqual(slotsCovered("2026-11-26T02:15:00Z", 30));
  });

  it("two drives share a slot exactly when they overlap (on the grid)", () => {
    const drive = (start: string, minutes: number) => ({
      startAt: new Date(start).toISOString(),
      endAt: new Date(new Date(start).getTime() + minutes * 60000).toISOString(),
      slots: slotsCovered(start, minutes),
    });
    const cases: [string, number, string, number][] = [
      ["2026-11-26T02:00:00Z", 30, "2026-11-26T02:30:00Z", 30], // back to back: no overlap
      ["2026-11-26T02:00:00Z", 45, "2026-11-26T02:30:00Z", 30], // overlaps 02:30–02:45
      ["2026-11-26T02:00:00Z", 90, "2026-11-26T02:45:00Z", 30], // inside
      ["2026-11-26T03:00:00Z", 30, "2026-11-26T02:00:00Z", 60], // before, touching
      ["2026-11-26T03:00:00Z", 30, "2026-11-26T02:15:00Z", 60], // overlaps 03:00–03:15
    ];
    for (const [s1, m1, s2, m2] of cases) {
      const a = drive(s1, m1);
      const b = drive(s2, m2);
      const share = a.slots.some((s) => b.slots.includes(s));
      expect(share, `${s1}+${m1} vs ${s2}+${m2}`).toBe(overlaps(a, b));
    }
  });

  it("covers nothing for a bad start or duration", () => {
    expect(slotsCovered("not a date", 30)).toEqual([]);
    expect(slotsCovered("2026-11-26T02:00:00Z", 0)).toEqual([]);
  });
});

describe("bookingTimeProblem", () => {
  it("accepts a drive inside opening hours on the quarter hour", () => {
    expect(bookingTimeProblem("2026-11-26T10:00:00+08:00", 60, SHANGHAI, NOW)).toBeNull();
    expect(bookingTimeProblem("2026-11-26T17:00:00+08:00", 60, SHANGHAI, NOW)).toBeNull();
  });

  it("refuses off-grid starts, drives past closing time or before opening, closed days", () => {
    expect(bookingTimeProblem("2026-11-26T10:05:00+08:00", 30, SHANGHAI, NOW)?.message).toMatch(/quarter hour/);
    expect(bookingTimeProblem("2026-11-26T17:30:00+08:00", 45, SHANGHAI, NOW)?.message).toMatch(/09:00–18:00/);
    expect(bookingTimeProblem("2026-11-27T08:45:00+08:00", 30, SHANGHAI, NOW)?.message).toMatch(/opening hours/);
    // 2026-11-30 is a Monday (closed in this store)
    expect(bookingTimeProblem("2026-11-30T10:00:00+08:00", 30, SHANGHAI, NOW)?.message).toMatch(/closed/);
  });

  it("uses the store's time zone, not UTC", () => {
    // 10:00 UTC = 18:00 Shanghai: past closing; 10:00 UTC = 11:00 Berlin (winter): fine
    expect(bookingTimeProblem("2026-11-27T10:00:00Z", 30, SHANGHAI, NOW)).not.toBeNull();
    const berlin = { ...SHANGHAI, timeZone: "Europe/Berlin" };
    expect(bookingTimeProblem("2026-11-27T10:00:00Z", 30, berlin, NOW)).toBeNull();
  });

  it("refuses a start long past or too far ahead, with 15 minutes of grace", () => {
    const now = new Date("2026-11-26T03:07:00Z"); // 11:07 local
    expect(bookingTimeProblem("2026-11-26T11:00:00+08:00", 30, SHANGHAI, now)).toBeNull();
    expect(bookingTimeProblem("2026-11-26T10:45:00+08:00", 30, SHANGHAI, now)?.message).toMatch(/passed/);
    expect(bookingTimeProblem("2027-03-04T10:00:00+08:00", 30, SHANGHAI, now)?.message).toMatch(/60 days/);
  });

  it("lists the start times a drive of a given length fits into", () => {
    const starts = startTimesOfDay(SHANGHAI.openingHours, 60);
    expect(starts[0]).toBe("09:00");
    expect(starts.at(-1)).toBe("17:00");
    expect(starts).toHaveLength(33);
  });
});

describe("licence", () => {
  it("accepts an 18-character ID number with a valid checksum (X allowed)", () => {
    expect(isValidCnIdNumber("310115199003071239")).toBe(true);
    expect(isValidCnIdNumber("11010519491231002x")).toBe(true);
    expect(licenceProblem("cn", "440304198501010013")).toBeNull();
  });

  it("refuses wrong length, wrong checksum, impossible birth dates", () => {
    expect(isValidCnIdNumber("31011519900307123")).toBe(false);
    expect(isValidCnIdNumber("310115199003071238")).toBe(false);
    expect(isValidCnIdNumber("310115199013071230")).toBe(false);
    expect(licenceProblem("cn", "AB1234567")).toMatch(/18-character/);
  });

  it("takes a foreign licence as free text up to 30 characters", () => {
    expect(licenceProblem("foreign", "D1234-56789-01234")).toBeNull();
    expect(licenceProblem("foreign", "x".repeat(31))).toMatch(/30 characters/);
  });
});

describe("photo", () => {
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
  const webp = new Uint8Array([...Buffer.from("RIFF"), 0, 0, 0, 0, ...Buffer.from("WEBPVP8 ")]);

  it("sniffs JPEG, PNG and WebP from their magic bytes", () => {
    expect(sniffImage(jpeg)).toBe("image/jpeg");
    expect(sniffImage(png)).toBe("image/png");
    expect(sniffImage(webp)).toBe("image/webp");
  });

  it("refuses other files even when they are called .jpg, and photos over 5 MB", () => {
    expect(sniffImage(new Uint8Array(Buffer.from("%PDF-1.7 ...")))).toBeNull();
    expect(sniffImage(new Uint8Array(Buffer.from("GIF89a......")))).toBeNull();
    expect(photoProblem(new Uint8Array(Buffer.from("<svg xmlns=...>")))).toMatch(/JPEG, PNG or WebP/);
    const big = new Uint8Array(MAX_PHOTO_BYTES + 1);
    big.set(jpeg);
    expect(photoProblem(big)).toMatch(/5 MB/);
    const max = new Uint8Array(MAX_PHOTO_BYTES);
    max.set(jpeg);
    expect(photoProblem(max)).toBeNull();
    expect(photoProblem(new Uint8Array())).toMatch(/photo/);
  });

  it("decodes base64 and data: URLs, and rejects text that is not base64", () => {
    expect(decodeBase64(`data:image/jpeg;base64,${Buffer.from(jpeg).toString("base64")}`)).toEqual(jpeg);
    expect(decodeBase64(Buffer.from(png).toString("base64url"))).toEqual(png);
    expect(decodeBase64("not base64!")).toBeNull();
  });
});

describe("fleet and booking input", () => {
  it("normalises plates and checks VINs", () => {
    expect(normalizePlate("沪A·12345")).toBe("沪A12345");
    expect(normalizePlate("沪ad 12345")).toBe("沪AD12345");
    expect(normalizePlate("A12345")).toBeNull();
    expect(isValidVin("LFV2A21K2M3000001")).toBe(true);
    expect(isValidVin("LFV2A21K3M3000001")).toBe(false);
    expect(isValidVin("LFV2A21KOM3000001")).toBe(false);
    const car = parseInput(fleetVehicleSchema, { plate: "浙A·8D888", model: "ID.4 CROZZ", colour: "白", vin: "" });
    expect(car).toEqual({ plate: "浙A8D888", model: "ID.4 CROZZ", colour: "白", active: true, vin: undefined });
    expect(() => parseInput(fleetVehicleSchema, { plate: "8888", model: "x", colour: "y" })).toThrow(/plate/);
  });

  it("needs a known duration and a signed waiver", () => {
    const base = {
      prospectId: "01JDW0000000000000000000AA",
      vehicleId: "01JDW0000000000000000000BB",
      startAt: "2026-11-26T10:00:00+08:00",
      route: "A",
    };
    expect(() => parseInput(testDriveBookingSchema, { ...base, durationMinutes: 40 })).toThrow(/30, 45, 60, 90/);
    expect(parseInput(testDriveBookingSchema, { ...base, durationMinutes: 45 }).durationMinutes).toBe(45);
    expect(() =>
      parseInput(testDriveStartSchema, {
        licenceKind: "cn",
        licenceNumber: "310115199003071239",
        photoBase64: "AAAA",
        waiverSigned: false,
      }),
    ).toThrow(/waiver/);
  });
});
