import { describe, expect, it } from "vitest";
import { birthdaySchema, customerCreateSchema, customerPatchSchema, customerQueryKind } from "./customers.ts";
import { percentile, responseFigures, roadsideStepProblem } from "./roadside.ts";

describe("customer search box", () => {
  it("tells a VIN, a plate, a mobile and a name apart", () => {
    expect(customerQueryKind("lfv2a21k5a1234567")).toEqual({ kind: "vin", value: "LFV2A21K5A1234567" });
    expect(customerQueryKind("沪a·12345")).toEqual({ kind: "plate", value: "沪A12345" });
    expect(customerQueryKind("沪AD12345")).toEqual({ kind: "plate", value: "沪AD12345" });
    expect(customerQueryKind("138 1234")).toEqual({ kind: "mobile", value: "1381234" });
    expect(customerQueryKind("+86 13812345678")).toEqual({ kind: "mobile", value: "13812345678" });
    expect(customerQueryKind("王")).toEqual({ kind: "name", value: "王" });
    expect(customerQueryKind("Zhou Xun")).toEqual({ kind: "name", value: "Zhou Xun" });
    expect(customerQueryKind("  ")).toEqual({ kind: "none", value: "" });
    // 17 letters without a digit is a name, not a VIN
    expect(customerQueryKind("ABCDEFGHJKLMNPRST").kind).toBe("name");
  });
});

describe("customer input", () => {
  it("accepts real birthdays (29 February too) and refuses impossible ones", () => {
    for (const ok of ["01-01", "02-29", "12-31", "04-30"]) expect(birthdaySchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ["02-30", "13-01", "00-10", "4-3", "04-31", "1990-04-03"])
      expect(birthdaySchema.safeParse(bad).success, bad).toBe(false);
  });

  it("normalises plate and mobile, and refuses unknown fields", () => {
    const r = customerCreateSchema.parse({
      name: " 赵敏 ",
      mobile: "+86 138 1234 5678",
      vehicle: { vin: "LFV2A21K5A1234567", plate: "沪a 12345", brand: "VW", modelName: "Magotan" },
    });
    expect(r).toMatchObject({ name: "赵敏", mobile: "13812345678", vehicle: { plate: "沪A12345" } });
    expect(customerCreateSchema.safeParse({ ...r, tenantId: "x" }).success).toBe(false);
    expect(customerCreateSchema.safeParse({ ...r, vehicle: { ...r.vehicle, plate: "A12345" } }).success).toBe(false);
  });

  it("a plate change names its vehicle; blank clears mobile and birthday", () => {
    expect(customerPatchSchema.safeParse({ version: 1, plate: "沪A12345" }).success).toBe(false);
    expect(customerPatchSchema.parse({ version: 1, vin: "X", plate: "" })).toMatchObject({ plate: "" });
    expect(customerPatchSchema.parse({ version: 1, mobile: "", birthday: "" })).toMatchObject({
      mobile: "",
      birthday: "",
    });
  });
});

describe("roadside times", () => {
  it("sets each time once and in order", () => {
    expect(roadsideStepProblem("called", "dispatched")).toBeUndefined();
    expect(roadsideStepProblem("dispatched", "arrived")).toBeUndefined();
    expect(roadsideStepProblem("arrived", "done")).toBeUndefined();
    expect(roadsideStepProblem("called", "arrived")).toBe("Record the dispatched time first.");
    expect(roadsideStepProblem("called", "done")).toBe("Record the arrived time first.");
    expect(roadsideStepProblem("dispatched", "dispatched")).toBe(
      "This call is already dispatched; the dispatched time is set once.",
    );
    expect(roadsideStepProblem("done", "arrived")).toBe("This call is already done; the arrived time is set once.");
  });

  it("p90 is the nearest rank; figures count only the calls that reached the step", () => {
    expect(percentile([], 90)).toBeUndefined();
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
    const at = (m: number) => new Date(Date.UTC(2026, 10, 1, 8, m)).toISOString();
    const f = responseFigures([
      { calledAt: at(0), dispatchedAt: at(10), arrivedAt: at(40) },
      { calledAt: at(0), dispatchedAt: at(20), arrivedAt: at(50) },
      { calledAt: at(0), dispatchedAt: at(6) },
      { calledAt: at(0) },
    ]);
    expect(f).toEqual({
      count: 4,
      dispatch: { n: 3, avgMinutes: 12, p90Minutes: 20 },
      arrival: { n: 2, avgMinutes: 45, p90Minutes: 50 },
    });
  });
});
