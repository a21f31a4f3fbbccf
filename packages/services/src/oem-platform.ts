/**
 * Platform-operator use cases: OEMs, their regions and OEM user accounts.
 * Reachable only from the operator CLI (`npm run platform -- …`) and the seed —
 * there is no HTTP route, so no tenant (and no OEM user) can create or edit them.
 */
import {
  ConflictError,
  NotFoundError,
  newId,
  oemCreateSchema,
  oemRegionSchema,
  oemUserSchema,
  parseInput,
} from "@dealeros/core";
import { cancelledConditions, type Db, type Oem, type OemRegion, type OemUser, oem } from "@dealeros/db";
import { db } from "./context.ts";
import { hashPassword } from "./password.ts";

export async function createOem(input: unknown, opts: { db?: Db; now?: Date } = {}): Promise<Oem> {
  const data = parseInput(oemCreateSchema, input);
  const o: Oem = {
    oemId: newId(),
    name: data.name,
    brands: [...new Set(data.brands)],
    createdAt: (opts.now ?? new Date()).toISOString(),
  };
  await oem.createOem(db(opts), o);
  return o;
}

export async function addRegion(oemId: string, input: unknown, opts: { db?: Db; now?: Date } = {}): Promise<OemRegion> {
  const data = parseInput(oemRegionSchema, input);
  const r: OemRegion = { oemId, regionId: newId(), name: data.name, createdAt: (opts.now ?? new Date()).toISOString() };
  try {
    await oem.createRegion(db(opts), r);
  } catch (e) {
    if (cancelledConditions(e)?.includes(0)) throw new NotFoundError("OEM");
    throw e;
  }
  return r;
}

export async function addUser(oemId: string, input: unknown, opts: { db?: Db; now?: Date } = {}): Promise<OemUser> {
  const data = parseInput(oemUserSchema, input);
  const database = db(opts);
  const o = await oem.getOem(database, oemId);
  if (!o) throw new NotFoundError("OEM");
  if (data.regionId && !o.regions.some((r) => r.regionId === data.regionId)) throw new NotFoundError("Region");
  const u: OemUser = {
    oemId,
    userId: newId(),
    email: data.email,
    name: data.name,
    role: data.role,
    ...(data.regionId ? { regionId: data.regionId } : {}),
    active: true,
    createdAt: (opts.now ?? new Date()).toISOString(),
  };
  try {
    await oem.createOemUser(database, u, await hashPassword(data.password));
  } catch (e) {
    if (cancelledConditions(e)?.includes(0))
      throw new ConflictError("This email is already registered.", { email: "This email is already registered." });
    throw e;
  }
  return u;
}

/** Every OEM with regions and users (operator listing). */
export async function listAll(opts: { db?: Db } = {}) {
  const database = db(opts);
  const oems = await oem.listOems(database);
  return Promise.all(oems.map(async (o) => ({ ...o, users: await oem.listOemUsers(database, o.oemId) })));
}
