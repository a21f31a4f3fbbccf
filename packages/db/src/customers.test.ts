import { describe, expect, it } from "vitest";
import { type Customer, customerAfterDelivery, customerItem } from "./customers.ts";

const base: Customer = {
  tenantId: "t1",
  storeId: "s1",
  customerId: "C1",
  name: " Wang Wei ",
  ownerId: "u1",
  ownerName: "李娜",
  origin: "sales",
  prospectIds: ["P1"],
  purchases: 1,
  repeatBuyer: false,
  referrals: 0,
  vehicles: [{ vin: "VIN1", brand: "FAW-Volkswagen", modelName: "迈腾 Magotan" }],
  version: 1,
  createdAt: "2026-11-01T00:00:00.000Z",
  createdBy: "u1",
  createdByName: "李娜",
  updatedAt: "2026-11-01T00:00:00.000Z",
};

const delivery = (vin: string, prospectId = "P2") => ({
  tenantId: "t1",
  storeId: "s1",
  customerId: "C2",
  prospectId,
  name: "王伟",
  mobile: "13812345678",
  ownerId: "u2",
  ownerName: "王伟",
  vehicle: { vin, brand: "FAW-Volkswagen", modelName: "探岳 Tayron", purchasedOn: "2026-11-20" },
  at: "2026-11-20T08:00:00.000Z",
  by: "u2",
  byName: "王伟",
});

describe("customerItem", () => {
  it("keys the customer under its tenant with the store list by lower-cased name", () => {
    const i = customerItem(base, "2026-11-26");
    expect(i.PK).toBe("T#t1#CUSTOMER#C1");
    expect(i.GSI1PK).toBe("T#t1#STORE#s1#CUSTOMERS");
    expect(i.GSI1SK).toBe("wang wei#C1");
    expect(i.GSI2SK).toBe("s1#wang wei#C1");
  });

  it("is in the retention index only with something to remind, and in the mobile and repeat lists only when due", () => {
    const none = customerItem(base, "2026-11-26");
    expect(none.GSI3PK).toBeUndefined();
    expect(none.GSI4PK).toBeUndefined();
    expect(none.GSI5PK).toBeUndefined();
    const full = customerItem(
      {
        ...base,
        mobile: "13812345678",
        repeatBuyer: true,
        vehicles: [{ ...base.vehicles[0]!, loanEndsOn: "2026-12-31" }],
      },
      "2026-11-26",
    );
    expect(full.GSI3SK).toBe("2026-12-01#C1");
    expect(full.GSI4SK).toBe("13812345678#C1");
    expect(full.GSI5PK).toBe("T#t1#STORE#s1#CUSTOMERS#REPEAT");
  });
});

describe("customerAfterDelivery", () => {
  it("makes a new sales customer of a first purchase", () => {
    const c = customerAfterDelivery(undefined, delivery("VIN9"));
    expect(c).toMatchObject({ customerId: "C2", purchases: 1, repeatBuyer: false, origin: "sales", version: 1 });
    expect(c.prospectIds).toEqual(["P2"]);
  });

  it("adds a second car to the existing customer and flags a repeat buyer", () => {
    const c = customerAfterDelivery(base, delivery("VIN2"));
    expect(c.customerId).toBe("C1");
    expect(c.vehicles.map((v) => v.vin)).toEqual(["VIN1", "VIN2"]);
    expect(c).toMatchObject({ purchases: 2, repeatBuyer: true, version: 2 });
    expect(c.prospectIds).toEqual(["P1", "P2"]);
  });

  it("does not count the same car twice", () => {
    const c = customerAfterDelivery(base, delivery("VIN1", "P1"));
    expect(c).toMatchObject({ purchases: 1, repeatBuyer: false });
    expect(c.vehicles).toHaveLength(1);
    expect(c.prospectIds).toEqual(["P1"]);
  });
});
