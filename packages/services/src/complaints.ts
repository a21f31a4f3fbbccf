/**
 * Complaints (客户抱怨 / 投诉, brief rule 14): logged by anyone on the store's
 * staff, assigned (the sales manager by default), handled within the tenant's
 * SLA (a first response stops the clock), escalated to the sales managers when
 * the clock runs out, resolved with the customer's satisfaction, and flagged for
 * the OEM when it is a quality problem. Every change is audited.
 */
import {
  COMPLAINT_FILTERS,
  type ComplaintFilter,
  type ComplaintSla,
  ConflictError,
  complaintDueAt,
  complaintListQuerySchema,
  complaintOemFlagSchema,
  complaintReassignSchema,
  complaintResolutionSchema,
  complaintResponseSchema,
  complaintSchema,
  complaintSla,
  FLOOR_MANAGERS,
  ForbiddenError,
  localDate,
  NotFoundError,
  newId,
  parseInput,
  satisfactionLevel,
  UnprocessableError,
} from "@dealeros/core";
import {
  type AuditEntry,
  type Complaint,
  cancelledConditions,
  complaints,
  type Db,
  identity,
  isContention,
  prospects,
  type Store,
  type User,
} from "@dealeros/db";
import { type Actor, type Ctx, db, hasRole, requireStore } from "./context.ts";
import { getShowroomSettings } from "./settings.ts";

export type { Complaint };
export { COMPLAINT_FILTERS };

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A complaint as the API and the pages show it: with where it stands against its SLA now. */
export type ComplaintView = Complaint & { sla: ComplaintSla };

export function view(c: Complaint, now = new Date()): ComplaintView {
  return { ...c, sla: complaintSla(c, now) };
}

/** Audit entries written by the escalation job carry this author. */
export const SYSTEM = { by: "system", byName: "System" } as const;

function audit(ctx: Ctx, action: string, detail: Record<string, unknown>, at: string): AuditEntry {
  return { at, by: ctx.actor.userId, byName: ctx.actor.name, action, detail };
}

function changed(): ConflictError {
  return new ConflictError("Someone else changed this complaint. Reload and try again.", { version: "Out of date." });
}

/** Save the next version of a complaint (the changes, version + 1) with its audit entries, all or nothing. */
async function commit(
  ctx: Ctx,
  c: Complaint,
  changes: Partial<Complaint>,
  audits: AuditEntry[],
  now: Date,
): Promise<ComplaintView> {
  const next: Complaint = { ...c, ...changes, version: c.version + 1, updatedAt: now.toISOString() };
  try {
    await complaints.saveComplaint(db(ctx), next, c.version, audits);
  } catch (e) {
    if (isContention(e)) throw changed();
    throw e;
  }
  return view(next, now);
}

function isStaffOf(u: User | undefined, storeId: string): u is User {
  return !!u?.active && u.storeIds.includes(storeId);
}

/** The store's active sales managers (escalation goes to them; the first one is the default assignee). */
function salesManagersOf(users: User[], storeId: string): User[] {
  return users
    .filter((u) => isStaffOf(u, storeId) && u.roles.includes("sales_manager"))
    .sort((a, b) => a.name.localeCompare(b.name, "zh-CN") || a.userId.localeCompare(b.userId));
}

/** The assignee, a manager, or a manager the complaint was escalated to may work on it. */
function canHandle(actor: Actor, c: Complaint): boolean {
  return (
    c.assigneeId === actor.userId ||
    hasRole(actor, ...FLOOR_MANAGERS) ||
    !!c.escalatedTo?.some((u) => u.userId === actor.userId)
  );
}

function requireHandler(ctx: Ctx, c: Complaint): void {
  if (!canHandle(ctx.actor, c)) throw new ForbiddenError("Only the assignee or a manager can handle this complaint.");
}

function requireVersion(c: Complaint, version: number): void {
  if (version !== c.version) throw changed();
}

function requireUnresolved(c: Complaint): void {
  if (c.state === "resolved") throw new ConflictError("This complaint is already resolved.");
}

/** Staff of the store a complaint can be assigned to (for the forms), sales managers first. */
export async function assignableStaff(
  ctx: Ctx,
  storeId: string,
): Promise<{ userId: string; name: string; salesManager: boolean }[]> {
  await requireStore(ctx, storeId);
  const users = await identity.listUsers(db(ctx), ctx.actor.tenantId);
  return users
    .filter((u) => isStaffOf(u, storeId))
    .map((u) => ({ userId: u.userId, name: u.name, salesManager: u.roles.includes("sales_manager") }))
    .sort((a, b) => Number(b.salesManager) - Number(a.salesManager) || a.name.localeCompare(b.name, "zh-CN"));
}

/** Log a complaint (anyone on the store's staff). Due = now + the tenant's complaint SLA. */
export async function createComplaint(ctx: Ctx, storeId: string, input: unknown): Promise<ComplaintView> {
  const store = await requireStore(ctx, storeId);
  const data = parseInput(complaintSchema, input);
  const database = db(ctx);
  const tenantId = ctx.actor.tenantId;
  const [settings, prospect, named, users] = await Promise.all([
    getShowroomSettings(ctx),
    data.prospectId ? prospects.getProspect(database, tenantId, data.prospectId) : undefined,
    data.assigneeId ? identity.getUser(database, tenantId, data.assigneeId) : undefined,
    data.assigneeId ? undefined : identity.listUsers(database, tenantId),
  ]);
  if (data.prospectId && prospect?.storeId !== storeId)
    throw new UnprocessableError("Choose a prospect card of this store.", {
      prospectId: "Choose a prospect card of this store.",
    });
  let assignee: User;
  if (data.assigneeId) {
    if (!isStaffOf(named, storeId))
      throw new UnprocessableError("Choose an active staff member of this store.", {
        assigneeId: "Choose an active staff member of this store.",
      });
    assignee = named;
  } else {
    const manager = salesManagersOf(users ?? [], storeId)[0];
    if (!manager)
      throw new UnprocessableError("This store has no sales manager. Choose who handles the complaint.", {
        assigneeId: "Choose who handles the complaint.",
      });
    assignee = manager;
  }
  const customerName = data.customerName ?? prospect?.name;
  const mobile = data.mobile ?? prospect?.mobile;
  if (!customerName)
    throw new UnprocessableError("Customer name is required.", { customerName: "Customer name is required." });
  const now = new Date();
  const at = now.toISOString();
  const dueAt = complaintDueAt(now, settings.complaintSlaHours);
  const c: Complaint = {
    tenantId,
    storeId,
    complaintId: newId(),
    customerName,
    ...(mobile ? { mobile } : {}),
    ...(data.prospectId ? { prospectId: data.prospectId } : {}),
    channel: data.channel,
    category: data.category,
    severity: data.severity,
    description: data.description,
    state: "open",
    loggedAt: at,
    slaHours: settings.complaintSlaHours,
    dueAt,
    dueDate: localDate(dueAt, store.timeZone),
    assigneeId: assignee.userId,
    assigneeName: assignee.name,
    version: 1,
    createdAt: at,
    createdBy: ctx.actor.userId,
    createdByName: ctx.actor.name,
    updatedAt: at,
  };
  await complaints.createComplaint(
    database,
    c,
    audit(
      ctx,
      "complaint.logged",
      { assignee: assignee.name, category: c.category, severity: c.severity, slaHours: c.slaHours },
      at,
    ),
    prospect ? audit(ctx, "complaint.logged", { category: c.category, assignee: assignee.name }, at) : undefined,
  );
  return view(c, now);
}

/** One filter of the store's complaints, one Query per page: open (default), overdue, escalated, resolved, oem. */
export async function listComplaints(
  ctx: Ctx,
  storeId: string,
  query: Record<string, string | undefined> = {},
): Promise<{ filter: ComplaintFilter; items: ComplaintView[]; cursor?: string }> {
  await requireStore(ctx, storeId);
  const q = parseInput(complaintListQuerySchema, query);
  const filter = q.filter ?? "open";
  const now = new Date();
  const page = await complaints.listStoreComplaints(
    db(ctx),
    ctx.actor.tenantId,
    storeId,
    filter,
    now.toISOString(),
    q.cursor,
    q.limit ?? 50,
  );
  return { filter, items: page.items.map((c) => view(c, now)), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** One complaint with its audit trail (one partition read). Another tenant's or store's complaint is a 404. */
export async function getComplaint(
  ctx: Ctx,
  storeId: string,
  complaintId: string,
): Promise<{ complaint: ComplaintView; audit: AuditEntry[]; canHandle: boolean }> {
  await requireStore(ctx, storeId);
  if (!ULID.test(complaintId)) throw new NotFoundError("Complaint");
  const { complaint, audit: trail } = await complaints.getComplaintWithAudit(db(ctx), ctx.actor.tenantId, complaintId);
  if (!complaint || complaint.storeId !== storeId) throw new NotFoundError("Complaint");
  return { complaint: view(complaint), audit: trail, canHandle: canHandle(ctx.actor, complaint) };
}

/** A complaint of the store (404 otherwise) that the actor may handle (403 otherwise). */
async function loadToHandle(ctx: Ctx, storeId: string, complaintId: string): Promise<Complaint> {
  await requireStore(ctx, storeId);
  if (!ULID.test(complaintId)) throw new NotFoundError("Complaint");
  const c = await complaints.getComplaint(db(ctx), ctx.actor.tenantId, complaintId);
  if (!c || c.storeId !== storeId) throw new NotFoundError("Complaint");
  requireHandler(ctx, c);
  return c;
}

/** The first response (response note, action taken): the complaint is handled and the SLA clock stops. */
export async function respondToComplaint(
  ctx: Ctx,
  storeId: string,
  complaintId: string,
  input: unknown,
): Promise<ComplaintView> {
  const c = await loadToHandle(ctx, storeId, complaintId);
  const data = parseInput(complaintResponseSchema, input);
  requireUnresolved(c);
  if (c.state === "responded") throw new ConflictError("This complaint already has a response.");
  requireVersion(c, data.version);
  const now = new Date();
  const at = now.toISOString();
  const late = at > c.dueAt;
  const response = {
    note: data.note,
    ...(data.actionTaken ? { actionTaken: data.actionTaken } : {}),
    at,
    by: ctx.actor.userId,
    byName: ctx.actor.name,
    late,
  };
  return commit(
    ctx,
    c,
    { state: "responded", response },
    [audit(ctx, "complaint.responded", { late: late ? "yes" : "no", action: data.actionTaken }, at)],
    now,
  );
}

/**
 * Resolve and close: resolution text and the customer's satisfaction (1–5).
 * Resolving a complaint that has no response yet records the resolution as its
 * first response too (it stops the SLA clock at the same moment).
 */
export async function resolveComplaint(
  ctx: Ctx,
  storeId: string,
  complaintId: string,
  input: unknown,
): Promise<ComplaintView> {
  const c = await loadToHandle(ctx, storeId, complaintId);
  const data = parseInput(complaintResolutionSchema, input);
  requireUnresolved(c);
  requireVersion(c, data.version);
  const now = new Date();
  const at = now.toISOString();
  const audits: AuditEntry[] = [];
  let response = c.response;
  if (!response) {
    const late = at > c.dueAt;
    response = { note: data.resolution, at, by: ctx.actor.userId, byName: ctx.actor.name, late };
    audits.push(audit(ctx, "complaint.responded", { late: late ? "yes" : "no" }, at));
  }
  const level = satisfactionLevel(data.satisfaction);
  const resolution = {
    text: data.resolution,
    satisfaction: data.satisfaction,
    level,
    at,
    by: ctx.actor.userId,
    byName: ctx.actor.name,
  };
  audits.push(audit(ctx, "complaint.resolved", { satisfaction: `${data.satisfaction}/5`, level }, at));
  return commit(ctx, c, { state: "resolved", response, resolution }, audits, now);
}

/** Hand the complaint to another staff member of the store, with a reason (the assignee or a manager; audited). */
export async function reassignComplaint(
  ctx: Ctx,
  storeId: string,
  complaintId: string,
  input: unknown,
): Promise<ComplaintView> {
  const c = await loadToHandle(ctx, storeId, complaintId);
  const data = parseInput(complaintReassignSchema, input);
  requireUnresolved(c);
  requireVersion(c, data.version);
  if (data.assigneeId === c.assigneeId)
    throw new UnprocessableError("The complaint is already assigned to this person.", {
      assigneeId: "Already the assignee.",
    });
  const target = await identity.getUser(db(ctx), ctx.actor.tenantId, data.assigneeId);
  if (!isStaffOf(target, storeId))
    throw new UnprocessableError("Choose an active staff member of this store.", {
      assigneeId: "Choose an active staff member of this store.",
    });
  const now = new Date();
  const at = now.toISOString();
  return commit(
    ctx,
    c,
    { assigneeId: target.userId, assigneeName: target.name },
    [audit(ctx, "complaint.reassigned", { from: c.assigneeName, to: target.name, reason: data.reason }, at)],
    now,
  );
}

/** Flag a quality problem for the OEM with a note: it then appears in the store's OEM list. */
export async function flagComplaintForOem(
  ctx: Ctx,
  storeId: string,
  complaintId: string,
  input: unknown,
): Promise<ComplaintView> {
  const c = await loadToHandle(ctx, storeId, complaintId);
  const data = parseInput(complaintOemFlagSchema, input);
  if (c.oem) throw new ConflictError("This complaint is already flagged for the OEM.");
  requireVersion(c, data.version);
  const now = new Date();
  const at = now.toISOString();
  return commit(
    ctx,
    c,
    { oem: { note: data.note, at, by: ctx.actor.userId, byName: ctx.actor.name } },
    [audit(ctx, "complaint.oem_flagged", { note: data.note }, at)],
    now,
  );
}

/**
 * The 12-hour rule's escalation, for the every-15-minutes follow-up job: every
 * open complaint of the store past its due time that was not escalated yet is
 * marked escalated to the store's sales managers (general managers if it has
 * none), with an audit entry. One Query finds them (no Scan); each is changed by
 * a conditional update (`attribute_not_exists(escalatedAt)`), so running twice —
 * or two runs at once — escalates each complaint once. A complaint answered in
 * the meantime is left alone.
 */
export async function escalateOverdueComplaints(
  store: Store,
  now: Date,
  opts: { db?: Db } = {},
): Promise<{ escalated: string[] }> {
  const database = db(opts);
  const at = now.toISOString();
  const due = await complaints.overdueUnescalated(database, store.tenantId, store.storeId, at);
  if (!due.length) return { escalated: [] };
  const users = await identity.listUsers(database, store.tenantId);
  let managers = salesManagersOf(users, store.storeId);
  if (!managers.length)
    managers = users.filter((u) => isStaffOf(u, store.storeId) && u.roles.includes("general_manager"));
  const to = managers.map((u) => ({ userId: u.userId, name: u.name }));
  const escalated: string[] = [];
  for (const found of due) {
    let c: Complaint | undefined = found;
    for (let attempt = 0; c && attempt < 3; attempt++) {
      if (c.state !== "open" || c.escalatedAt || c.dueAt >= at) break;
      try {
        await complaints.escalateComplaint(database, c, at, to, {
          at,
          ...SYSTEM,
          action: "complaint.escalated",
          detail: { to: to.map((u) => u.name).join(", ") || "—", assignee: c.assigneeName, slaHours: c.slaHours },
        });
        escalated.push(c.complaintId);
        break;
      } catch (e) {
        if (!cancelledConditions(e)?.length && !isContention(e)) throw e;
        // answered, escalated by a parallel run, or flagged for the OEM meanwhile: read again and decide again
        c = await complaints.getComplaint(database, store.tenantId, c.complaintId);
      }
    }
  }
  return { escalated };
}
