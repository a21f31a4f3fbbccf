import { describe, expect, it } from "vitest";
import { type ProspectListCriteria, planProspectQuery } from "./prospect-list.ts";

const base: ProspectListCriteria = {
  tenantId: "t1",
  storeId: "s1",
  sort: "newest",
  now: "2026-11-26T02:00:00.000Z",
  limit: 50,
};

describe("the prospect list's one Query", () => {
  it("lists a store newest first on GSI1 and a consultant's cards on GSI2 (this store only)", () => {
    const store = planProspectQuery(base);
    expect(store.index).toBe("GSI1");
    expect(store.input).toMatchObject({ KeyConditionExpression: "GSI1PK = :pk", ScanIndexForward: false });
    expect(store.input.FilterExpression).toBeUndefined();
    const mine = planProspectQuery({ ...base, ownerId: "u1", sort: "oldest" });
    expect(mine.index).toBe("GSI2");
    expect(mine.pk).toBe("T#t1#USER#u1#PROSPECTS");
    expect(mine.input).toMatchObject({ ScanIndexForward: true, FilterExpression: "#storeId = :storeId" });
  });

  it("puts a date range in the key condition of GSI1/GSI2", () => {
    const p = planProspectQuery({
      ...base,
      createdFrom: "2026-11-01T00:00:00.000Z",
      createdBefore: "2026-11-10T00:00:00.000Z",
      grade: "H",
    });
    expect(p.input.KeyConditionExpression).toBe("GSI1PK = :pk AND GSI1SK BETWEEN :from AND :before");
    expect(p.input.FilterExpression).toBe("#grade = :grade");
    expect(p.skInRange("2026-11-05T00:00:00.000Z#X")).toBe(true);
    expect(p.skInRange("2026-11-10T00:00:00.000Z#X")).toBe(false);
    expect(planProspectQuery({ ...base, createdFrom: "2026-11-01" }).input.KeyConditionExpression).toBe(
      "GSI1PK = :pk AND GSI1SK >= :from",
    );
  });

  it("serves overdue and due-date order from GSI3, the rest as filters", () => {
    const p = planProspectQuery({ ...base, overdue: true, ownerId: "u1", createdFrom: "2026-11-01", source: "phone" });
    expect(p.index).toBe("GSI3");
    expect(p.pk).toBe("T#t1#STORE#s1#FOLLOWUPS");
    expect(p.input.KeyConditionExpression).toBe("GSI3PK = :pk AND GSI3SK < :now");
    expect(p.input.FilterExpression).toBe("#createdAt >= :createdAt AND #ownerId = :ownerId AND #source = :source");
    expect(p.input.ScanIndexForward).toBe(true);
    const due = planProspectQuery({ ...base, sort: "due" });
    expect(due.index).toBe("GSI3");
    expect(due.input.KeyConditionExpression).toBe("GSI3PK = :pk");
  });

  it("searches mobiles on GSI4 and names on GSI5 by prefix; overdue becomes a filter there", () => {
    const m = planProspectQuery({ ...base, search: { kind: "mobile", prefix: "138" }, overdue: true });
    expect(m.index).toBe("GSI4");
    expect(m.input.KeyConditionExpression).toBe("GSI4PK = :pk AND begins_with(GSI4SK, :prefix)");
    expect(m.input.FilterExpression).toBe("#nextFollowUpAt < :nextFollowUpAt AND #status = :status");
    expect(m.input.ExpressionAttributeValues).toMatchObject({ ":status": "active", ":prefix": "138" });
    const n = planProspectQuery({ ...base, search: { kind: "name", prefix: "王" }, grade: "none" });
    expect(n.index).toBe("GSI5");
    expect(n.input.FilterExpression).toBe("(attribute_not_exists(#grade) OR attribute_type(#grade, :nullType))");
    expect(n.skInRange("王伟#01")).toBe(true);
    expect(n.skInRange("李#01")).toBe(false);
  });
});
