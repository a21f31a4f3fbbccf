/**
 * The prospect list: a consultant's own cards, or the store's (or one consultant's)
 * for receptionists and managers — filtered, searched, sorted, one Query per page.
 */
import {
  addDays,
  ForbiddenError,
  type ProspectSort,
  parseInput,
  prospectListQuerySchema,
  prospectSearch,
  WALK_IN_LOGGERS,
  zonedToUtc,
} from "@dealeros/core";
import { type Page, type Prospect, prospectList } from "@dealeros/db";
import { type Ctx, db, hasRole, requireStore } from "./context.ts";

export interface ProspectListPage extends Page<Prospect> {
  /** "me", "all" or a consultant id: whose cards are listed */
  owner: string;
  /** the order of the page: a search is listed by name or mobile */
  sort: ProspectSort | "name" | "mobile";
}

export async function listProspects(
  ctx: Ctx,
  storeId: string,
  query: Record<string, string | undefined> = {},
): Promise<ProspectListPage> {
  const store = await requireStore(ctx, storeId);
  const q = parseInput(prospectListQuerySchema, query);
  const seesStore = hasRole(ctx.actor, ...WALK_IN_LOGGERS);
  const owner = q.owner ?? (seesStore ? "all" : "me");
  if (owner !== "me" && owner !== ctx.actor.userId && !seesStore)
    throw new ForbiddenError("You can only list your own prospect cards.");
  const ownerId = owner === "all" ? undefined : owner === "me" ? ctx.actor.userId : owner;
  const search = q.q ? prospectSearch(q.q) : undefined;
  const sort: ProspectSort = q.sort ?? (q.overdue ? "due" : "newest");
  const page = await prospectList.queryProspects(db(ctx), {
    tenantId: ctx.actor.tenantId,
    storeId,
    ownerId,
    grade: q.grade,
    source: q.source,
    status: q.status,
    overdue: q.overdue,
    // store-local calendar days → UTC instants: [from 00:00, the day after `to` 00:00)
    createdFrom: q.from ? zonedToUtc(q.from, "00:00", store.timeZone).toISOString() : undefined,
    createdBefore: q.to ? zonedToUtc(addDays(q.to, 1), "00:00", store.timeZone).toISOString() : undefined,
    search,
    sort,
    now: new Date().toISOString(),
    cursor: q.cursor,
    limit: q.limit ?? 50,
  });
  return { items: page.items, cursor: page.cursor, owner, sort: search ? search.kind : sort };
}
