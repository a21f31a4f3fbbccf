import { readFileSync } from "node:fs";
import { RO_PAYERS, RO_PAYMENT_METHODS, RO_STATES } from "@dealeros/core";
import { describe, expect, it } from "vitest";
import { translateServerMessage } from "../lib/server-messages";
import { en, server, zh } from "./repair";

const read = (p: string) => readFileSync(new URL(p, import.meta.url), "utf8");

describe("repair order strings", () => {
  it("has every UI string in both languages, and a label for every state, payer and payment method", () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(zh)) expect(v, k).not.toBe("");
    const keys = new Set(Object.keys(en));
    for (const s of RO_STATES) expect(keys.has(`ro.state.${s}`), s).toBe(true);
    for (const p of RO_PAYERS) expect(keys.has(`ro.payer.${p}`), p).toBe(true);
    for (const m of RO_PAYMENT_METHODS) expect(keys.has(`ro.pay.${m}`), m).toBe(true);
  });

  it("has every key the pages use", () => {
    const keys = new Set(Object.keys(en));
    for (const page of [
      "../routes/app.s.$storeId.ro.tsx",
      "../routes/app.s.$storeId.ro_.new.tsx",
      "../routes/app.s.$storeId.ro_.$roId.tsx",
      "../routes/app.s.$storeId.parts.tsx",
      "../routes/app.s.$storeId.warranty.tsx",
      "../lib/repair.tsx",
    ]) {
      const used = [...read(page).matchAll(/t\("(ro\.[a-zA-Z_.]+)"/g)].map((m) => m[1]!);
      expect(used.length, page).toBeGreaterThan(0);
      for (const k of used) expect(keys.has(k), `${page}: ${k}`).toBe(true);
    }
  });

  it("shows every server message of repair orders and parts in Chinese", () => {
    for (const [k, v] of Object.entries(server)) expect(translateServerMessage("zh", k), k).toBe(v);
    // the fixed messages the service raises are all in the catalogue
    const source = read("../../../packages/services/src/repair-orders.ts");
    const raised = [...source.matchAll(/(?:Unprocessable|Conflict|Forbidden)Error\(\s*"([^"]+)"/g)].map((m) => m[1]!);
    expect(raised.length).toBeGreaterThan(20);
    for (const m of raised) expect(translateServerMessage("zh", m), m).not.toBe(m);
  });
});
