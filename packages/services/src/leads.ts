/**
 * Internet lead intake (brief rule 4): per-store API keys, and `POST /api/leads`
 * taking JSON or ADF 1.0 XML. A lead becomes a prospect card (source internet,
 * the provider as sub-source) assigned by the same rotation as walk-ins; the same
 * lead posted twice creates one card; a lead for a mobile that already has a card
 * is attached to it as an interest event.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import {
  addBusinessMinutes,
  apiKeySchema,
  ConflictError,
  chooseConsultant,
  DEFAULT_SHOWROOM_SETTINGS,
  type DutyEntry,
  explainAssignment,
  ForbiddenError,
  type LeadInput,
  leadJsonSchema,
  localDate,
  NotFoundError,
  newId,
  parseAdf,
  parseInput,
  type ShowroomSettings,
  UnauthorizedError,
  ValidationError,
  WALK_IN_LOGGERS,
  walkInListQuerySchema,
} from "@dealeros/core";
import {
  type ApiKey,
  cancelledConditions,
  type Db,
  identity,
  isContention,
  type PlanFields,
  type Prospect,
  plan,
  prospects,
  type Store,
  showroom,
} from "@dealeros/db";
import { type Ctx, db, hasRole, requireRole, requireStore } from "./context.ts";
import { rotationSkip } from "./followups.ts";
import { hashSecret, newSecret, parseToken } from "./tokens.ts";

export interface ApiKeyView {
  keyId: string;
  storeId: string;
  name: string;
  createdAt: string;
  createdByName: string;
  revokedAt?: string;
}

const view = (k: ApiKey): ApiKeyView => ({
  keyId: k.keyId,
  storeId: k.storeId,
  name: k.name,
  createdAt: k.createdAt,
  createdByName: k.createdByName,
  revokedAt: k.revokedAt,
});

/** Create a store's API key; the key itself is shown once and only its hash is kept. */
export async function createApiKey(
  ctx: Ctx,
  storeId: string,
  input: unknown,
): Promise<{ apiKey: ApiKeyView; key: string }> {
  await requireStore(ctx, storeId);
  requireRole(ctx.actor, ["group_admin"], "Only the group administrator manages API keys.");
  const { name } = parseInput(apiKeySchema, input);
  const secret = newSecret();
  const k: ApiKey = {
    tenantId: ctx.actor.tenantId,
    keyId: newId(),
    storeId,
    name,
    secretHash: hashSecret(secret),
    createdAt: new Date().toISOString(),
    createdBy: ctx.actor.userId,
    createdByName: ctx.actor.name,
  };
  await prospects.putApiKey(db(ctx), k);
  return { apiKey: view(k), key: `${k.tenantId}.${storeId}.${k.keyId}.${secret}` };
}

export async function listApiKeys(ctx: Ctx, storeId: string): Promise<ApiKeyView[]> {
  await requireStore(ctx, storeId);
  requireRole(ctx.actor, ["group_admin"], "Only the group administrator manages API keys.");
  return (await prospects.listApiKeys(db(ctx), ctx.actor.tenantId)).filter((k) => k.storeId === storeId).map(view);
}

export async function revokeApiKey(ctx: Ctx, storeId: string, keyId: string): Promise<ApiKeyView> {
  await requireStore(ctx, storeId);
  requireRole(ctx.actor, ["group_admin"], "Only the group administrator manages API keys.");
  const database = db(ctx);
  const k = /^[0-9A-HJKMNP-TV-Z]{26}$/.test(keyId)
    ? await prospects.getApiKey(database, ctx.actor.tenantId, keyId)
    : undefined;
  if (!k || k.storeId !== storeId) throw new NotFoundError("API key");
  const at = new Date().toISOString();
  await prospects.revokeApiKey(database, ctx.actor.tenantId, keyId, at);
  return view({ ...k, revokedAt: k.revokedAt ?? at });
}

/** Resolve `Authorization: Bearer <tenant>.<store>.<key>.<secret>`: one round trip for the key and its store. */
async function authenticateKey(
  database: Db,
  token: string | undefined,
): Promise<{ key: ApiKey; store: Store; settings: ShowroomSettings }> {
  const parts = parseToken(token, 4);
  if (!parts) throw new UnauthorizedError("Send a valid API key as `Authorization: Bearer <key>`.");
  const [tenantId, storeId, keyId, secret] = parts as [string, string, string, string];
  const { key, store, settings } = await prospects.getApiKeyAndStore(database, tenantId, keyId, storeId);
  const expected = Buffer.from(key?.secretHash ?? "");
  const actual = Buffer.from(hashSecret(secret));
  const ok =
    !!key &&
    !!store &&
    key.storeId === storeId &&
    !key.revokedAt &&
    expected.length === actual.length &&
    timingSafeEqual(expected, actual);
  if (!ok) throw new UnauthorizedError("This API key is not valid or has been revoked.");
  return { key: key!, store: store!, settings: { ...DEFAULT_SHOWROOM_SETTINGS, ...settings } };
}

export interface LeadResult {
  prospectId: string;
  status: "created" | "attached" | "duplicate";
  ownerName?: string;
  reason?: string;
}

function parseLeads(contentType: string, body: string): LeadInput[] {
  if (/^application\/(.+\+)?json/.test(contentType)) {
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch (e) {
      throw new ValidationError(`The request body is not valid JSON: ${(e as Error).message}`, {
        _: "Malformed JSON.",
      });
    }
    return [parseInput(leadJsonSchema, data)];
  }
  if (/^(application|text)\/(.+\+)?xml/.test(contentType)) {
    const r = parseAdf(body);
    if (!r.ok) {
      const where = r.error.field ?? (r.error.line ? `line ${r.error.line}` : "xml");
      throw new ValidationError(r.error.message, { [where]: r.error.message });
    }
    if (r.leads.length === 0)
      throw new ValidationError("The ADF document holds no <prospect>.", { xml: "No <prospect>." });
    return r.leads;
  }
  throw new ValidationError("Send the lead as application/json or as ADF XML (application/xml).", {
    "content-type": contentType || "missing",
  });
}

const hash = (s: string) => createHash("sha256").update(s).digest("base64url");

/** Take one or more leads for the key's store. Every lead is validated before anything is written. */
export async function intakeLeads(
  authorization: string | undefined,
  contentType: string,
  body: string,
  idempotencyKey: string | undefined,
  opts: { db?: Db } = {},
): Promise<LeadResult[]> {
  const database = db(opts);
  const token = authorization?.replace(/^Bearer\s+/i, "").trim();
  const { key, store, settings } = await authenticateKey(database, token);
  if (idempotencyKey && idempotencyKey.length > 200)
    throw new ValidationError("Idempotency-Key is too long (200 characters at most).");
  const leads = parseLeads(contentType, body);
  if (leads.length > 50) throw new ValidationError("At most 50 leads in one request.");
  const results: LeadResult[] = [];
  for (const [i, lead] of leads.entries()) {
    // the client's Idempotency-Key, else the provider's lead id, else the lead's content: a resend is recognised
    const raw = idempotencyKey
      ? `idem:${idempotencyKey}#${i}`
      : lead.providerLeadId
        ? `provider:${lead.provider}:${lead.providerLeadId}`
        : `content:${JSON.stringify(lead)}`;
    results.push(await intakeOne(database, key, store, settings, lead, hash(raw)));
  }
  return results;
}

async function intakeOne(
  database: Db,
  key: ApiKey,
  store: Store,
  settings: ShowroomSettings,
  lead: LeadInput,
  leadKey: string | undefined,
): Promise<LeadResult> {
  const tenantId = store.tenantId;
  const storeId = store.storeId;
  for (let attempt = 0; attempt < 20; attempt++) {
    const now = new Date();
    const nowIso = now.toISOString();
    const date = localDate(now, store.timeZone);
    const ctx = await prospects.getLeadContext(database, tenantId, storeId, leadKey, lead.mobile, date);
    if (ctx.lead) return { prospectId: ctx.lead.prospectId, status: "duplicate" };
    const auditBase = { at: nowIso, by: key.keyId, byName: `API key ${key.name}` };
    const detail = {
      provider: lead.provider,
      providerLeadId: lead.providerLeadId,
      model: lead.intendedModel,
      comments: lead.comments,
    };
    if (ctx.claim) {
      const target = { tenantId, storeId, prospectId: ctx.claim.prospectId } as Prospect;
      try {
        await prospects.attachLead(database, target, { ...auditBase, action: "lead.received", detail }, leadKey);
        return { prospectId: ctx.claim.prospectId, status: "attached", ownerName: ctx.claim.ownerName };
      } catch (e) {
        if (cancelledConditions(e)?.length) continue; // posted twice at the same moment: read again
        throw e;
      }
    }
    const floor = showroom.toFloor(ctx.floorItem);
    const onDuty: DutyEntry[] = Object.entries(floor.duty)
      .filter(([, d]) => d.onDuty)
      .map(([userId, d]) => ({ userId, name: d.name, checkedInAt: d.checkedInAt }));
    let decision = chooseConsultant({
      onDuty,
      pointer: { lastUserId: floor.lastUserId, lastCheckedInAt: floor.lastCheckedInAt },
      // consultants with too many overdue follow-ups are passed over (counts kept on the floor by the follow-up job)
      skip: rotationSkip(floor, ctx.rotationOverdueLimit),
    });
    let reason = explainAssignment(decision);
    if (!decision.userId) {
      // nobody on duty (night, holiday): spread over the store's consultants by the lead's own id
      const all = (await identity.listUsers(database, tenantId)).filter(
        (u) => u.active && u.roles.includes("sales_consultant") && u.storeIds.includes(storeId),
      );
      if (all.length === 0) throw new ForbiddenError("This store has no active sales consultant to take leads.");
      const pick = all.sort((a, b) => a.userId.localeCompare(b.userId))[
        Number.parseInt(
          hash(leadKey ?? newId())
            .replace(/[^0-9]/g, "")
            .slice(0, 6) || "0",
          10,
        ) % all.length
      ]!;
      decision = {
        userId: pick.userId,
        name: pick.name,
        reasonCode: "no_one_on_duty",
        reasonParams: {},
        advancesRotation: false,
      };
      reason = "nobody on duty — spread over the store's consultants";
    }
    const p: Prospect = prospects.newCard(
      {
        tenantId,
        storeId,
        prospectId: newId(),
        name: lead.name,
        mobile: lead.mobile,
        phone: lead.phone,
        email: lead.email,
        gender: "unknown",
        source: "internet",
        subSource: lead.provider,
        intendedModel:
          lead.intendedModel ?? ([lead.vehicle?.make, lead.vehicle?.model].filter(Boolean).join(" ") || undefined),
        note: lead.comments,
        ownerId: decision.userId!,
        ownerName: decision.name!,
        origin: { kind: "lead" },
        createdBy: key.keyId,
        createdByName: `API key ${key.name}`,
      },
      nowIso,
    );
    // the first response is owed within the tenant's time, counted in the store's opening hours
    const due = addBusinessMinutes(now, settings.leadResponseMinutes, store.openingHours, store.timeZone);
    p.firstResponseDue = { at: due.toISOString(), date: localDate(due, store.timeZone) };
    try {
      await prospects.createLeadProspect(
        database,
        p,
        { ...auditBase, action: "lead.received", detail: { ...detail, assignedTo: p.ownerName, reason } },
        leadKey,
        {
          advance: decision.advancesRotation,
          readVersion: floor.rotationVersion,
          checkedInAt: onDuty.find((d) => d.userId === decision.userId)?.checkedInAt,
          date,
        },
      );
      return { prospectId: p.prospectId, status: "created", ownerName: p.ownerName, reason };
    } catch (e) {
      if (isContention(e)) {
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(300, 15 * 2 ** attempt)));
        continue; // a walk-in moved the pointer, or the same lead / mobile arrived at the same moment: decide again
      }
      throw e;
    }
  }
  throw new ConflictError("The showroom is very busy right now; please send the lead again.");
}

export interface LeadResponseRow {
  prospectId: string;
  name: string;
  ownerId: string;
  ownerName: string;
  source?: string;
  subSource?: string;
  receivedAt: string;
  dueAt: string;
  respondedAt?: string;
  status: "open" | "done" | "cancelled";
  /** answered after the deadline, or still waiting past it */
  late: boolean;
  /** minutes from receipt to the first call (answered leads) */
  responseMinutes?: number;
}

type FirstResponseItem = PlanFields & { receivedAt: string; source?: string; subSource?: string; late?: boolean };

function responseRow(i: FirstResponseItem, now: string): LeadResponseRow {
  const responseMinutes = i.doneAt ? Math.round((Date.parse(i.doneAt) - Date.parse(i.receivedAt)) / 60000) : undefined;
  return {
    prospectId: i.id,
    name: i.title,
    ownerId: i.ownerId,
    ownerName: i.ownerName,
    source: i.source,
    subSource: i.subSource,
    receivedAt: i.receivedAt,
    dueAt: i.dueAt,
    respondedAt: i.status === "done" ? i.doneAt : undefined,
    status: i.status,
    late: i.status === "done" ? !!i.late : i.status === "open" && now > i.dueAt,
    responseMinutes: i.status === "done" ? responseMinutes : undefined,
  };
}

/**
 * Internet leads due on a store-local day with their first-response clock, and
 * every lead still waiting past its deadline (any day): two Queries. Consultants
 * see their own; the receptionist and managers the whole store.
 */
export async function listLeadResponses(ctx: Ctx, storeId: string, query: Record<string, string | undefined> = {}) {
  const store = await requireStore(ctx, storeId);
  const q = parseInput(walkInListQuerySchema, query);
  const now = new Date().toISOString();
  const date = q.date ?? localDate(now, store.timeZone);
  const seesStore = hasRole(ctx.actor, ...WALK_IN_LOGGERS);
  const owner = seesStore ? undefined : ctx.actor.userId;
  const database = db(ctx);
  const [day, open] = await Promise.all([
    plan.storeDayPlan<FirstResponseItem>(database, ctx.actor.tenantId, storeId, date, owner),
    seesStore
      ? plan.storeOpenWork<FirstResponseItem>(database, ctx.actor.tenantId, storeId, now)
      : plan.userOpenWork<FirstResponseItem>(database, ctx.actor.tenantId, ctx.actor.userId, now),
  ]);
  const rows = day
    .filter((i) => i.kind === "first_response")
    .map((i) => responseRow(i, now))
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  const waitingLate = open
    .filter((i) => i.kind === "first_response" && i.storeId === storeId)
    .map((i) => responseRow(i, now))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const answered = rows.filter((r) => r.status === "done");
  return {
    date,
    rows,
    waitingLate,
    summary: {
      received: rows.length,
      answered: answered.length,
      onTime: answered.filter((r) => !r.late).length,
      late: rows.filter((r) => r.late).length,
      waiting: rows.filter((r) => r.status === "open").length,
    },
  };
}
