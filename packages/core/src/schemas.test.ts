import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.ts";
import {
  acceptInvitationSchema,
  dutySchema,
  invitationSchema,
  loginSchema,
  parseInput,
  signupSchema,
  storePatchSchema,
  storeSchema,
  walkInListQuerySchema,
  walkInPatchSchema,
  walkInSchema,
} from "./schemas.ts";

/** Parse and return the ValidationError (fails the test when the input is accepted). */
function refused(schema: Parameters<typeof parseInput>[0], data: unknown): ValidationError {
  try {
    parseInput(schema, data);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    const v = e as ValidationError;
    expect(v.status).toBe(400);
    expect(v.code).toBe("validation_failed");
    return v;
  }
  throw new Error(`accepted: ${JSON.stringify(data)}`);
}

const SIGNUP = { groupName: "华东汽车集团", adminName: "张伟", email: "zhang.wei@example.cn", password: "0123456789" };
const STORE = {
  name: "上海浦东大众4S店",
  city: "上海",
  timeZone: "Asia/Shanghai",
  openingHours: { open: "09:00", close: "18:00", closedWeekdays: [] },
  brands: ["FAW-Volkswagen"],
};
const WALK_IN = { partySize: 2, visitType: "first", source: "walk_in" };

describe("parseInput: field-by-field messages", () => {
  it("names every missing field as '<field> is required.'", () => {
    const e = refused(signupSchema, {});
    expect(e.fields).toEqual({
      groupName: "groupName is required.",
      adminName: "adminName is required.",
      email: "email is required.",
      password: "password is required.",
    });
    expect(e.message).toContain("groupName is required.");
  });

  it("names the choices when a choice (enum) is missing or wrong", () => {
    // zod reports a missing enum as invalid_value, so the message lists the choices (the web UI translates it)
    expect(refused(walkInSchema, { partySize: 1 }).fields).toEqual({
      visitType: "Visit must be first or return.",
      source: expect.stringMatching(/^Source must be one of: walk_in, phone/),
    });
    expect(refused(walkInSchema, { ...WALK_IN, visitType: "again" }).fields).toEqual({
      visitType: "Visit must be first or return.",
    });
  });

  it("treats a blank text as missing and trims what it keeps", () => {
    const e = refused(signupSchema, { ...SIGNUP, adminName: "   " });
    expect(e.fields).toEqual({ adminName: "Your name is required." });
    const ok = parseInput(signupSchema, { ...SIGNUP, groupName: "  华东汽车集团  " });
    expect(ok.groupName).toBe("华东汽车集团");
  });

  it("rejects unknown fields by name", () => {
    const e = refused(signupSchema, { ...SIGNUP, x: 1 });
    expect(e.fields).toEqual({ _: "Unknown field(s): x." });
    expect(e.message).toBe("Unknown field(s): x.");
    expect(refused(signupSchema, { ...SIGNUP, isAdmin: true, tenantId: "T" }).fields?._).toBe(
      "Unknown field(s): isAdmin, tenantId.",
    );
    // a tenant or user id never comes from the body
    expect(refused(walkInSchema, { ...WALK_IN, tenantId: "other" }).fields?._).toBe("Unknown field(s): tenantId.");
  });

  it("says what type a field must have", () => {
    expect(refused(signupSchema, { ...SIGNUP, groupName: 5, adminName: null }).fields).toEqual({
      groupName: "Group name must be text.",
      adminName: "Your name must be text.",
    });
    expect(refused(walkInSchema, { ...WALK_IN, partySize: "2" }).fields).toEqual({
      partySize: "Party size must be a number.",
    });
    expect(refused(walkInSchema, { ...WALK_IN, partySize: 2.5 }).fields).toEqual({
      partySize: "Party size must be a whole number.",
    });
    expect(refused(dutySchema, { onDuty: "true" }).fields).toEqual({ onDuty: "onDuty must be true or false." });
    expect(Object.keys(refused(storePatchSchema, { version: "1" }).fields ?? {})).toEqual(["version"]);
    expect(Object.keys(refused(invitationSchema, { email: "a@b.cn", roles: "receptionist" }).fields ?? {})).toEqual([
      "roles",
    ]);
  });

  it("refuses over-long strings with the limit in the message", () => {
    expect(refused(signupSchema, { ...SIGNUP, groupName: "x".repeat(101) }).fields).toEqual({
      groupName: "Group name must be at most 100 characters.",
    });
    parseInput(signupSchema, { ...SIGNUP, groupName: "x".repeat(100) });
    expect(refused(storeSchema, { ...STORE, name: "店".repeat(81) }).fields).toEqual({
      name: "Store name must be at most 80 characters.",
    });
    expect(refused(walkInSchema, { ...WALK_IN, note: "n".repeat(501) }).fields).toEqual({
      note: "Note must be at most 500 characters.",
    });
    expect(refused(signupSchema, { ...SIGNUP, password: "p".repeat(129) }).fields).toEqual({
      password: "Password must be at most 128 characters.",
    });
    expect(refused(loginSchema, { email: `${"e".repeat(250)}@example.cn`, password: "x" }).fields).toEqual({
      email: "Email must be at most 254 characters.",
    });
  });

  it("checks email addresses and normalises them to lower case", () => {
    expect(refused(signupSchema, { ...SIGNUP, email: "zhang.wei@" }).fields).toEqual({
      email: "Enter a valid email address.",
    });
    expect(refused(invitationSchema, { email: "not an email", roles: ["receptionist"] }).fields).toEqual({
      email: "Enter a valid email address.",
    });
    expect(parseInput(loginSchema, { email: " Zhang.Wei@Example.CN ", password: "x" }).email).toBe(
      "zhang.wei@example.cn",
    );
  });

  it("requires passwords of at least 10 characters", () => {
    expect(refused(signupSchema, { ...SIGNUP, password: "123456789" }).fields).toEqual({
      password: "Password must be at least 10 characters.",
    });
    expect(refused(acceptInvitationSchema, { name: "李娜", password: "short" }).fields).toEqual({
      password: "Password must be at least 10 characters.",
    });
    // signing in only needs a non-empty password (old accounts, clear message)
    expect(refused(loginSchema, { email: "a@b.cn", password: "" }).fields).toEqual({
      password: "Password is required.",
    });
  });

  it("refuses an unknown time zone", () => {
    expect(refused(storeSchema, { ...STORE, timeZone: "Beijing" }).fields).toEqual({
      timeZone: "Unknown time zone (use an IANA name like Asia/Shanghai).",
    });
    expect(parseInput(storeSchema, { ...STORE, timeZone: "Asia/Urumqi" }).timeZone).toBe("Asia/Urumqi");
  });

  it("refuses opening hours that close before (or when) they open", () => {
    const before = refused(storeSchema, { ...STORE, openingHours: { open: "18:00", close: "09:00" } });
    expect(before.fields).toEqual({ "openingHours.close": "Closing time must be after opening time." });
    expect(before.message).toBe("openingHours.close: Closing time must be after opening time.");
    expect(refused(storeSchema, { ...STORE, openingHours: { open: "09:00", close: "09:00" } }).fields).toEqual({
      "openingHours.close": "Closing time must be after opening time.",
    });
    expect(refused(storeSchema, { ...STORE, openingHours: { open: "9:00", close: "18:00" } }).fields).toMatchObject({
      "openingHours.open": "Use a time like 09:00.",
    });
    expect(parseInput(storeSchema, { ...STORE, openingHours: { open: "08:30", close: "20:00" } }).openingHours).toEqual(
      { open: "08:30", close: "20:00", closedWeekdays: [] },
    );
  });

  it("requires at least one brand", () => {
    expect(refused(storeSchema, { ...STORE, brands: [] }).fields).toEqual({
      brands: "Add at least one brand the store is franchised for.",
    });
  });

  it("validates walk-in enums and normalises the mobile", () => {
    expect(refused(walkInSchema, { ...WALK_IN, visitType: "again", source: "tv" }).fields).toEqual({
      visitType: "Visit must be first or return.",
      source: expect.stringMatching(/^Source must be one of: walk_in, phone/),
    });
    expect(refused(walkInSchema, { ...WALK_IN, mobile: "12345" }).fields).toEqual({
      mobile: "Enter an 11-digit mainland China mobile number (e.g. 13812345678).",
    });
    const ok = parseInput(walkInSchema, { ...WALK_IN, mobile: "+86 138 1234 5678", customerName: "" });
    expect(ok.mobile).toBe("13812345678");
    expect(ok.customerName).toBeUndefined();
    expect(refused(walkInSchema, { ...WALK_IN, partySize: 0 }).fields).toEqual({
      partySize: "Party size is at least 1.",
    });
    expect(refused(walkInSchema, { ...WALK_IN, arrivedAt: "today 9am" }).fields).toHaveProperty("arrivedAt");
  });

  it("requires a reason for a reassignment and a version for every patch", () => {
    expect(refused(walkInPatchSchema, { version: 1, reassignTo: "01ARZ3NDEKTSV4RRFFQ69G5FAV" }).fields).toEqual({
      reason: "Give a reason for the reassignment.",
    });
    expect(
      parseInput(walkInPatchSchema, {
        version: 1,
        reassignTo: "01ARZ3NDEKTSV4RRFFQ69G5FAV",
        reason: "speaks Cantonese",
      }).reason,
    ).toBe("speaks Cantonese");
    expect(refused(walkInPatchSchema, { departedAt: "now" }).fields).toEqual({ version: "version is required." });
    expect(refused(storePatchSchema, { name: "新名字" }).fields).toEqual({ version: "version is required." });
  });

  it("validates ids and roles in invitations", () => {
    expect(refused(invitationSchema, { email: "a@b.cn", roles: [] }).fields).toEqual({
      roles: "Choose at least one role.",
    });
    expect(refused(invitationSchema, { email: "a@b.cn", roles: ["king"] }).fields?.["roles.0"]).toMatch(
      /^Role must be one of: group_admin/,
    );
    expect(
      refused(invitationSchema, { email: "a@b.cn", roles: ["receptionist"], storeIds: ["../../x"] }).fields,
    ).toEqual({ "storeIds.0": "Not a valid id." });
  });

  it("checks the ?date= of the walk-in list", () => {
    expect(refused(walkInListQuerySchema, { date: "2026-02-30" }).fields).toEqual({
      date: "Use a date like 2026-11-26.",
    });
    expect(parseInput(walkInListQuerySchema, { date: "2026-02-28" })).toEqual({ date: "2026-02-28" });
    expect(parseInput(walkInListQuerySchema, {})).toEqual({});
  });

  it("asks for a JSON object when the body is not one", () => {
    for (const body of [null, [], "x", 42, undefined]) {
      expect(refused(signupSchema, body).fields).toEqual({ _: "Send a JSON object." });
    }
  });
});
