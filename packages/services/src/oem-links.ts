/**
 * Tenant side of OEM reporting: a store links each franchised brand to an OEM
 * region (with its dealer code) and the group consents — or not — to share the
 * store's KPIs with that OEM. Group admin only; every change is audited; a
 * revocation stops further snapshots and hides the store from the OEM's
 * network view at once (the region's dealer entry changes in the same transaction).
 */
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  type OemLinkInput,
  oemLinkSchema,
  parseInput,
  UnprocessableError,
} from "@dealeros/core";
import { type AuditEntry, cancelledConditions, type Oem, type OemRegion, oem, type StoreOemLink } from "@dealeros/db";
import { type Ctx, db, hasRole, requireStore } from "./context.ts";

const READERS = ["group_admin", "general_manager"] as const;

export interface StoreOemLinks {
  links: StoreOemLink[];
  /** the OEMs (with regions) this store's brands can link to */
  oems: (Oem & { regions: OemRegion[] })[];
  audit: AuditEntry[];
}

/** A store's links, the OEMs it can link to and the link audit: three Queries. */
export async function listLinks(ctx: Ctx, storeId: string): Promise<StoreOemLinks> {
  const store = await requireStore(ctx, storeId);
  if (!hasRole(ctx.actor, ...READERS)) throw new ForbiddenError();
  const database = db(ctx);
  const [links, oems, audit] = await Promise.all([
    oem.listStoreLinks(database, store.tenantId, store.storeId),
    oem.listOems(database),
    oem.listLinkAudit(database, store.tenantId, store.storeId),
  ]);
  return { links, oems: oems.filter((o) => o.brands.some((b) => store.brands.includes(b))), audit };
}

/** Link (or relink) one brand of a store, and grant or revoke the consent to share its KPIs. */
export async function saveLink(ctx: Ctx, storeId: string, brand: string, input: unknown): Promise<StoreOemLink> {
  const store = await requireStore(ctx, storeId);
  if (!hasRole(ctx.actor, "group_admin")) throw new ForbiddenError("Only the group admin can link a store to an OEM.");
  const data: OemLinkInput = parseInput(oemLinkSchema, input);
  if (!store.brands.includes(brand)) throw new NotFoundError("Brand");
  const database = db(ctx);
  const [target, links] = await Promise.all([
    oem.getOem(database, data.oemId),
    oem.listStoreLinks(database, store.tenantId, store.storeId),
  ]);
  if (!target) throw new UnprocessableError("Choose an OEM from the list.", { oemId: "Unknown OEM." });
  if (!target.brands.includes(brand))
    throw new UnprocessableError(`${target.name} does not make ${brand}.`, {
      oemId: "This OEM does not make the brand.",
    });
  const region = target.regions.find((r) => r.regionId === data.regionId);
  if (!region) throw new UnprocessableError("Choose a region of that OEM.", { regionId: "Not a region of this OEM." });
  const previous = links.find((l) => l.brand === brand);
  if (previous && data.version !== previous.version)
    throw new ConflictError("Someone else changed this link meanwhile. Reload and try again.");
  const now = new Date().toISOString();
  const consentChanged = !previous || previous.consent !== data.consent;
  const link: StoreOemLink = {
    tenantId: store.tenantId,
    storeId: store.storeId,
    brand,
    oemId: target.oemId,
    oemName: target.name,
    regionId: region.regionId,
    regionName: region.name,
    dealerCode: data.dealerCode,
    consent: data.consent,
    ...(data.consent
      ? { consentedAt: consentChanged ? now : (previous?.consentedAt ?? now) }
      : previous?.consentedAt
        ? { consentedAt: previous.consentedAt }
        : {}),
    ...(!data.consent && previous?.consent
      ? { revokedAt: now }
      : !data.consent && previous?.revokedAt
        ? { revokedAt: previous.revokedAt }
        : {}),
    version: (previous?.version ?? 0) + 1,
    updatedAt: now,
    updatedBy: ctx.actor.userId,
    updatedByName: ctx.actor.name,
  };
  const action = !previous
    ? "oem.link.created"
    : consentChanged
      ? data.consent
        ? "oem.consent.granted"
        : "oem.consent.revoked"
      : "oem.link.changed";
  try {
    await oem.saveLink(
      database,
      link,
      previous,
      {
        oemId: link.oemId,
        regionId: link.regionId,
        storeId: store.storeId,
        brand,
        dealerCode: link.dealerCode,
        storeName: store.name,
        city: store.city,
        consent: link.consent,
        since: consentChanged ? now : (previous?.updatedAt ?? now),
      },
      {
        at: now,
        by: ctx.actor.userId,
        byName: ctx.actor.name,
        action,
        detail: {
          storeId: store.storeId,
          brand,
          oem: target.name,
          region: region.name,
          dealerCode: link.dealerCode,
          consent: link.consent,
        },
      },
    );
  } catch (e) {
    if (cancelledConditions(e)?.includes(0))
      throw new ConflictError("Someone else changed this link meanwhile. Reload and try again.");
    throw e;
  }
  return link;
}
