import { describe, expect, it } from "vitest";
import {
  answerInvitation,
  eventCandidatesQuerySchema,
  eventFilterSchema,
  eventSchema,
  invitationRates,
  invitationStatus,
  matchesEventFilter,
  recordAttendance,
} from "./events.ts";

const OWNER = "01JBW8P1Z3K2M4N5P6Q7R8S9T0";
const customer = {
  ownerId: OWNER,
  vehicles: [
    { modelName: "Model Y", purchasedOn: "2024-05-10", lastServiceOn: "2026-03-01" },
    { modelName: "Model 3", purchasedOn: "2022-01-15" },
  ],
};

describe("eventSchema", () => {
  it("accepts an event and refuses bad fields field by field", () => {
    expect(
      eventSchema.parse({
        title: " Winter check ",
        kind: "event",
        date: "2026-12-12",
        startTime: "10:00",
        place: "Showroom",
      }).title,
    ).toBe("Winter check");
    const r = eventSchema.safeParse({ title: "", kind: "party", date: "2026-13-01", startTime: "25:00", place: "x" });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["title", "kind", "date", "startTime"]));
    expect(
      eventSchema.safeParse({
        title: "a",
        kind: "event",
        date: "2026-12-12",
        startTime: "10:00",
        endTime: "09:00",
        place: "x",
      }).error?.issues[0]?.message,
    ).toBe("The end time must be after the start time.");
    expect(
      eventSchema.safeParse({
        title: "a",
        kind: "event",
        date: "2026-12-12",
        startTime: "10:00",
        place: "x",
        capacity: 0,
      }).success,
    ).toBe(false);
    expect(
      eventSchema.safeParse({ title: "a", kind: "event", date: "2026-12-12", startTime: "10:00", place: "x", x: 1 })
        .success,
    ).toBe(false);
  });
});

describe("matchesEventFilter", () => {
  it("matches everyone without filters", () => {
    expect(matchesEventFilter(customer, {})).toBe(true);
  });
  it("needs one vehicle to match model, year and service together", () => {
    expect(matchesEventFilter(customer, { model: "model y" })).toBe(true);
    expect(matchesEventFilter(customer, { model: "Model X" })).toBe(false);
    expect(matchesEventFilter(customer, { model: "Model Y", purchaseYear: 2024 })).toBe(true);
    expect(matchesEventFilter(customer, { model: "Model Y", purchaseYear: 2022 })).toBe(false);
    expect(matchesEventFilter(customer, { purchaseYear: 2022 })).toBe(true);
  });
  it("uses the handover when a car was never serviced", () => {
    expect(matchesEventFilter(customer, { lastServiceBefore: "2022-06-01" })).toBe(true);
    expect(matchesEventFilter(customer, { model: "Model Y", lastServiceBefore: "2026-03-01" })).toBe(false);
    expect(matchesEventFilter(customer, { model: "Model Y", lastServiceBefore: "2026-03-02" })).toBe(true);
    expect(
      matchesEventFilter({ ownerId: OWNER, vehicles: [{ modelName: "A" }] }, { lastServiceBefore: "2030-01-01" }),
    ).toBe(false);
  });
  it("filters by owner", () => {
    expect(matchesEventFilter(customer, { ownerId: OWNER })).toBe(true);
    expect(matchesEventFilter(customer, { ownerId: "01JBW8P1Z3K2M4N5P6Q7R8S9T1" })).toBe(false);
  });
  it("parses filters strictly and the preview query leniently", () => {
    expect(eventFilterSchema.safeParse({ purchaseYear: 1990 }).success).toBe(false);
    expect(eventFilterSchema.safeParse({ colour: "red" }).success).toBe(false);
    expect(
      eventCandidatesQuerySchema.parse({ model: "", purchaseYear: "", lastServiceBefore: "", ownerId: "" }),
    ).toEqual({
      model: undefined,
      purchaseYear: undefined,
      lastServiceBefore: undefined,
      ownerId: undefined,
    });
    expect(eventCandidatesQuerySchema.parse({ purchaseYear: "2024" }).purchaseYear).toBe(2024);
    expect(eventCandidatesQuerySchema.safeParse({ lastServiceBefore: "soon" }).success).toBe(false);
  });
});

describe("answers and attendance", () => {
  it("counts an answer once and moves the counters when it changes", () => {
    const a = answerInvitation({}, "accepted");
    expect(a).toEqual({ ok: true, next: { rsvp: "accepted" }, delta: { accepted: 1 } });
    expect(answerInvitation({ rsvp: "accepted" }, "accepted")).toEqual({
      ok: true,
      next: { rsvp: "accepted" },
      delta: {},
    });
    expect(answerInvitation({ rsvp: "accepted" }, "declined")).toEqual({
      ok: true,
      next: { rsvp: "declined" },
      delta: { declined: 1, accepted: -1 },
    });
  });
  it("refuses an answer after attendance", () => {
    expect(answerInvitation({ rsvp: "accepted", attendance: "attended" }, "declined")).toMatchObject({
      ok: false,
      status: 409,
    });
  });
  it("records attendance from the event's day on, correctable", () => {
    expect(recordAttendance({}, true, "2026-12-12", "2026-12-11")).toMatchObject({ ok: false, status: 422 });
    expect(recordAttendance({ rsvp: "declined" }, true, "2026-12-12", "2026-12-12")).toEqual({
      ok: true,
      next: { rsvp: "declined", attendance: "attended" },
      delta: { attended: 1 },
    });
    expect(recordAttendance({ attendance: "attended" }, false, "2026-12-12", "2026-12-20")).toEqual({
      ok: true,
      next: { attendance: "no_show" },
      delta: { noShow: 1, attended: -1 },
    });
    expect(recordAttendance({ attendance: "no_show" }, false, "2026-12-12", "2026-12-20")).toMatchObject({ delta: {} });
  });
  it("shows attendance, then the answer, then invited", () => {
    expect(invitationStatus({})).toBe("invited");
    expect(invitationStatus({ rsvp: "accepted" })).toBe("accepted");
    expect(invitationStatus({ rsvp: "accepted", attendance: "no_show" })).toBe("no_show");
  });
  it("computes the success rates", () => {
    expect(invitationRates({ invited: 0, accepted: 0, attended: 0 })).toEqual({
      acceptedRate: null,
      attendedRate: null,
    });
    expect(invitationRates({ invited: 3, accepted: 2, attended: 1 })).toEqual({
      acceptedRate: 66.7,
      attendedRate: 33.3,
    });
  });
});
