/**
 * Quotes (报价) and discount approval (brief rule 10). A consultant quotes for
 * his own cards, a manager for any card of the store. A discount above the
 * maker's limit (tenant deal settings, per role) waits for a sales manager,
 * general manager or group admin — never the maker — before it can become an
 * order. Totals are computed here from integer fen. A quote never changes
 * after it is made except for its status (a revision is a new quote); every
 * change is audited in the quote's partition.
 */
import {
  addDays,
  approvalListQuerySchema,
  ConflictError,
  computeQuoteTotals,
  discountLimitFor,
  ForbiddenError,
  findTrim,
  formatYuan,
  localDate,
  NotFoundError,
  newId,
  parseInput,
  type QuoteMoneyInput,
  quoteCancelSchema,
  quoteDecisionSchema,
  quoteListQuerySchema,
  quoteMoneyProblems,
  quoteSchema,
  type Role,
  UnprocessableError,
} from "@dealeros/core";
import {
  type AuditEntry,
  type Contract,
  type DealVehicle,
  deals,
  inventory,
  isContention,
  type Prospect,
  prospects,
  type Quote,
  type QuoteStatus,
  quotes,
} from "@dealeros/db";
import { type Actor, type Ctx, db, hasRole, requireStore } from "./context.ts";
import { getDealSettings, withDefaults } from "./deal-settings.ts";

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Who approves discounts and quotes for any card of the store. */
export const DEAL_MANAGERS: readonly Role[] = ["sales_manager", "general_manager", "group_admin"];
/** Who sees every deal of the store (the sales admin turns quotes into orders). */
export const DEAL_VIEWERS: readonly Role[] = [...DEAL_MANAGERS, "sales_admin"];

/** A quote as screens show it: expired once the store-local date is past `validUntil`. */
export type QuoteView = Quote & { expired: boolean };

const LIVE: readonly QuoteStatus[] = ["open", "pending_approval", "approved"];

function view(q: Quote, today: string): QuoteView {
  return { ...q, expired: LIVE.includes(q.status) && today > q.validUntil };
}

function audit(ctx: Ctx, action: string, detail: Record<string, unknown>, at: string): AuditEntry {
  return { at, by: ctx.actor.userId, byName: ctx.actor.name, action, detail };
}

function stale(): ConflictError {
  return new ConflictError("Someone else changed this quote. Reload and try again.", { version: "Out of date." });
}

function canQuoteFor(actor: Actor, card: Pick<Prospect, "ownerId" | "status">): boolean {
  return (
    card.status === "active" &&
    (hasRole(actor, ...DEAL_MANAGERS) || (hasRole(actor, "sales_consultant") && card.ownerId === actor.userId))
  );
}

/** The consultant of the card and whoever made the quote, or anyone who sees the store's deals. */
function canSeeQuote(actor: Actor, q: Pick<Quote, "consultantId" | "createdBy">): boolean {
  return hasRole(actor, ...DEAL_VIEWERS) || q.consultantId === actor.userId || q.createdBy === actor.userId;
}

/** Who may quote on this card: 404 for a card of another store, 403 for someone else's card. */
function assertMayQuote(actor: Actor, card: Prospect): void {
  if (!hasRole(actor, "sales_consultant", ...DEAL_MANAGERS))
    throw new ForbiddenError("Only consultants and managers make quotes.");
  if (!hasRole(actor, ...DEAL_MANAGERS) && card.ownerId !== actor.userId)
    throw new ForbiddenError(`This prospect card belongs to ${card.ownerName}.`);
  if (card.status !== "active") throw new UnprocessableError("This card is closed.");
}

function describeVehicle(v: DealVehicle): string {
  return `${v.modelName} ${v.trimName}${v.colourName ? ` · ${v.colourName}` : ""}${v.vin ? ` · ${v.vin}` : ""}`;
}

// ---------- create ----------

/** Make a quote for a card: `open` within the maker's discount limit, else `pending_approval`. */
export async function createQuote(ctx: Ctx, storeId: string, prospectId: string, input: unknown): Promise<QuoteView> {
  const store = await requireStore(ctx, storeId);
  if (!ULID.test(prospectId)) throw new NotFoundError("Prospect");
  if (!hasRole(ctx.actor, "sales_consultant", ...DEAL_MANAGERS))
    throw new ForbiddenError("Only consultants and managers make quotes.");
  const data = parseInput(quoteSchema, input);
  const found = await quotes.getQuoteContext(db(ctx), ctx.actor.tenantId, prospectId, data.vehicle.vehicleId);
  const card = found.prospect;
  if (!card || card.storeId !== storeId) throw new NotFoundError("Prospect");
  assertMayQuote(ctx.actor, card);

  const trim = findTrim(found.catalogue?.brands ?? [], data.vehicle.modelCode, data.vehicle.trimCode);
  if (!trim)
    throw new UnprocessableError("This model and trim are not in the catalogue.", {
      "vehicle.trimCode": "Not in the catalogue.",
    });
  let colourCode = data.vehicle.colourCode;
  const stock = found.vehicle;
  if (data.vehicle.vehicleId) {
    if (!stock || stock.storeId !== storeId)
      throw new UnprocessableError("No such vehicle in this store's stock.", {
        "vehicle.vehicleId": "Not a vehicle of this store.",
      });
    if (stock.status !== "in_stock")
      throw new UnprocessableError("This vehicle is not in stock (it is on order, allocated or sold).", {
        "vehicle.vehicleId": "Not in stock.",
      });
    if (stock.modelCode !== trim.model.code || stock.trimCode !== trim.trim.code)
      throw new UnprocessableError("This vehicle is of another trim.", {
        "vehicle.vehicleId": "Another trim.",
      });
    if (colourCode && colourCode !== stock.colourCode)
      throw new UnprocessableError("This vehicle has another colour.", {
        "vehicle.colourCode": "Not the colour of this vehicle.",
      });
    colourCode = stock.colourCode;
  }
  const colour = colourCode ? trim.trim.colours.find((c) => c.code === colourCode) : undefined;
  if (colourCode && !colour)
    throw new UnprocessableError("This trim does not come in this colour.", {
      "vehicle.colourCode": "Not a colour of this trim.",
    });

  const money: QuoteMoneyInput = {
    listPriceFen: data.listPriceFen ?? trim.trim.msrp,
    discountFen: data.discountFen,
    accessories: data.accessories,
    insurance: data.insurance,
    ...(data.finance ? { finance: data.finance } : {}),
    ...(data.tradeIn ? { tradeIn: data.tradeIn } : {}),
    depositFen: data.depositFen,
  };
  const problems = quoteMoneyProblems(money);
  if (problems.length)
    throw new UnprocessableError(problems[0]!.message, Object.fromEntries(problems.map((p) => [p.field, p.message])));
  const totals = computeQuoteTotals(money);

  const settings = withDefaults(found.settings);
  const limitFen = discountLimitFor(ctx.actor.roles, settings);
  const needsApproval = limitFen !== null && money.discountFen > limitFen;
  const now = new Date();
  const at = now.toISOString();
  const today = localDate(now, store.timeZone);
  const vehicle: DealVehicle = {
    brand: trim.brand,
    modelCode: trim.model.code,
    modelName: trim.model.name,
    trimCode: trim.trim.code,
    trimName: trim.trim.name,
    ...(colour ? { colourCode: colour.code, colourName: colour.name } : {}),
    ...(stock && data.vehicle.vehicleId ? { vehicleId: stock.vehicleId, vin: stock.vin } : {}),
  };
  const q: Quote = {
    tenantId: ctx.actor.tenantId,
    storeId,
    quoteId: newId(),
    prospectId: card.prospectId,
    customerName: card.name,
    ...(card.mobile ? { customerMobile: card.mobile } : {}),
    consultantId: card.ownerId,
    consultantName: card.ownerName,
    vehicle,
    ...money,
    totals,
    status: needsApproval ? "pending_approval" : "open",
    ...(needsApproval ? { approval: { limitFen, requestedAt: at } } : {}),
    validUntil: addDays(today, data.validDays),
    ...(data.note ? { note: data.note } : {}),
    version: 1,
    createdAt: at,
    createdBy: ctx.actor.userId,
    createdByName: ctx.actor.name,
    updatedAt: at,
  };
  await quotes.createQuote(
    db(ctx),
    q,
    audit(
      ctx,
      "quote.created",
      {
        customer: q.customerName,
        vehicle: describeVehicle(vehicle),
        listPrice: formatYuan(q.listPriceFen),
        discount: formatYuan(q.discountFen),
        payable: formatYuan(totals.payableFen),
        ...(needsApproval ? { approvalNeeded: `limit ${formatYuan(limitFen ?? 0)}` } : {}),
      },
      at,
    ),
  );
  return view(q, today);
}

// ---------- read ----------

async function requireQuote(ctx: Ctx, storeId: string, quoteId: string): Promise<Quote> {
  if (!ULID.test(quoteId)) throw new NotFoundError("Quote");
  const q = await deals.getQuote(db(ctx), ctx.actor.tenantId, quoteId);
  if (!q || q.storeId !== storeId) throw new NotFoundError("Quote");
  return q;
}

function todayIn(timeZone: string): string {
  return localDate(new Date(), timeZone);
}

/** One quote with its audit trail (one Query of its partition) and what the reader may do with it. */
export async function getQuote(ctx: Ctx, storeId: string, quoteId: string) {
  const store = await requireStore(ctx, storeId);
  if (!ULID.test(quoteId)) throw new NotFoundError("Quote");
  const { quote, audit: trail } = await deals.getQuoteWithAudit(db(ctx), ctx.actor.tenantId, quoteId);
  if (!quote || quote.storeId !== storeId) throw new NotFoundError("Quote");
  if (!canSeeQuote(ctx.actor, quote)) throw new ForbiddenError("This quote belongs to another consultant.");
  const v = view(quote, todayIn(store.timeZone));
  const manager = hasRole(ctx.actor, ...DEAL_MANAGERS);
  return {
    quote: v,
    audit: trail,
    store: { storeId: store.storeId, name: store.name, timeZone: store.timeZone },
    can: {
      decide: manager && quote.status === "pending_approval" && quote.createdBy !== ctx.actor.userId,
      cancel: LIVE.includes(quote.status) && (manager || quote.consultantId === ctx.actor.userId),
      order: (quote.status === "open" || quote.status === "approved") && !v.expired,
    },
  };
}

/** A page of the store's quotes, newest first (one Query): everyone's for managers and the sales admin, a consultant's own. */
export async function listStoreQuotes(ctx: Ctx, storeId: string, query: unknown = {}) {
  const store = await requireStore(ctx, storeId);
  const q = parseInput(quoteListQuerySchema, query);
  const all = hasRole(ctx.actor, ...DEAL_VIEWERS);
  if (!all && !hasRole(ctx.actor, "sales_consultant"))
    throw new ForbiddenError("Only consultants, managers and the sales admin see quotes.");
  const page = await quotes.listStoreQuotes(db(ctx), ctx.actor.tenantId, storeId, {
    ...q,
    ...(all ? {} : { consultantId: ctx.actor.userId }),
  });
  const d = todayIn(store.timeZone);
  return { items: page.items.map((x) => view(x, d)), cursor: page.cursor };
}

/** The store's quotes waiting for discount approval, longest waiting first (one Query; managers only). */
export async function listApprovals(ctx: Ctx, storeId: string, query: unknown = {}) {
  const store = await requireStore(ctx, storeId);
  if (!hasRole(ctx.actor, ...DEAL_MANAGERS))
    throw new ForbiddenError("Only a sales manager or general manager sees discount approvals.");
  const q = parseInput(approvalListQuerySchema, query);
  const page = await quotes.listStoreApprovals(db(ctx), ctx.actor.tenantId, storeId, q);
  const d = todayIn(store.timeZone);
  return {
    items: page.items.map((x) => ({ ...view(x, d), ownQuote: x.createdBy === ctx.actor.userId })),
    cursor: page.cursor,
  };
}

/** What a card's deals section lists of a contract. */
export type ContractSummary = Pick<
  Contract,
  "contractId" | "contractNo" | "state" | "vehicle" | "totals" | "dueFen" | "paidFen" | "signedDate" | "createdAt"
>;

export interface ProspectDeals {
  quotes: QuoteView[];
  contracts: ContractSummary[];
  /** the reader may make a new quote for this card */
  canQuote: boolean;
}

/**
 * A card's quotes and contracts (one Query). The card is read (and checked to be
 * of this store) unless the caller already read it. The owner and whoever sees
 * the store's deals read them; anyone else gets a 403.
 */
export async function listProspectDeals(ctx: Ctx, storeId: string, card: string | Prospect): Promise<ProspectDeals> {
  const store = await requireStore(ctx, storeId);
  let p: Prospect | undefined;
  if (typeof card === "string") {
    if (!ULID.test(card)) throw new NotFoundError("Prospect");
    p = await prospects.getProspect(db(ctx), ctx.actor.tenantId, card);
  } else p = card.tenantId === ctx.actor.tenantId ? card : undefined;
  if (!p || p.storeId !== storeId) throw new NotFoundError("Prospect");
  if (p.ownerId !== ctx.actor.userId && !hasRole(ctx.actor, ...DEAL_VIEWERS))
    throw new ForbiddenError(`This prospect card belongs to ${p.ownerName}.`);
  const found = await deals.listProspectDeals(db(ctx), ctx.actor.tenantId, p.prospectId);
  const d = todayIn(store.timeZone);
  return {
    quotes: found.quotes.map((q) => view(q, d)),
    contracts: found.contracts.map((c) => ({
      contractId: c.contractId,
      contractNo: c.contractNo,
      state: c.state,
      vehicle: c.vehicle,
      totals: c.totals,
      dueFen: c.dueFen,
      paidFen: c.paidFen,
      signedDate: c.signedDate,
      createdAt: c.createdAt,
    })),
    canQuote: canQuoteFor(ctx.actor, p),
  };
}

/** The card page's deals section: null for a reader who does not see the card's deals (e.g. the receptionist). */
export async function cardDeals(ctx: Ctx, storeId: string, card: Prospect): Promise<ProspectDeals | null> {
  if (card.ownerId !== ctx.actor.userId && !hasRole(ctx.actor, ...DEAL_VIEWERS)) return null;
  return listProspectDeals(ctx, storeId, card);
}

/**
 * What the quote form needs, read in parallel: the card (may the reader quote
 * on it?), the catalogue, the store's vehicles in stock, the reader's discount
 * limit, and optionally a quote of the same card to copy ("copy to new quote").
 */
export async function quoteFormData(ctx: Ctx, storeId: string, prospectId: string, copyFrom?: string) {
  const store = await requireStore(ctx, storeId);
  if (!ULID.test(prospectId)) throw new NotFoundError("Prospect");
  const copyId = copyFrom && ULID.test(copyFrom) ? copyFrom : undefined;
  const [card, catalogue, lot, settings, from] = await Promise.all([
    prospects.getProspect(db(ctx), ctx.actor.tenantId, prospectId),
    inventory.getCatalogue(db(ctx), ctx.actor.tenantId),
    inventory.listStoreStock(db(ctx), ctx.actor.tenantId, storeId),
    getDealSettings(ctx),
    copyId ? deals.getQuote(db(ctx), ctx.actor.tenantId, copyId) : Promise.resolve(undefined),
  ]);
  if (!card || card.storeId !== storeId) throw new NotFoundError("Prospect");
  assertMayQuote(ctx.actor, card);
  return {
    card: { prospectId: card.prospectId, name: card.name, mobile: card.mobile, ownerName: card.ownerName },
    brands: catalogue?.brands ?? [],
    stock: lot
      .filter((v) => v.status === "in_stock")
      .map((v) => ({
        vehicleId: v.vehicleId,
        vin: v.vin,
        modelCode: v.modelCode,
        trimCode: v.trimCode,
        colourCode: v.colourCode,
        colourName: v.colourName,
        stockedAt: v.stockedAt,
      })),
    limitFen: discountLimitFor(ctx.actor.roles, settings),
    copy: from && from.storeId === storeId && from.prospectId === card.prospectId ? from : undefined,
    timeZone: store.timeZone,
  };
}

// ---------- decide, cancel ----------

/** After a lost race: a quote that left `from` is "no longer …", one that only changed is stale. */
async function explainLostRace(ctx: Ctx, quoteId: string, from: QuoteStatus, gone: () => ConflictError) {
  const now = await deals.getQuote(db(ctx), ctx.actor.tenantId, quoteId);
  return now && now.status !== from ? gone() : stale();
}

function noLongerPending(): ConflictError {
  return new ConflictError("This quote is no longer waiting for approval.", { decision: "Already decided." });
}

/** A manager approves or rejects (with a reason) a discount above the maker's limit; never his own quote. */
export async function decideApproval(ctx: Ctx, storeId: string, quoteId: string, input: unknown): Promise<QuoteView> {
  const store = await requireStore(ctx, storeId);
  const current = await requireQuote(ctx, storeId, quoteId);
  if (!hasRole(ctx.actor, ...DEAL_MANAGERS))
    throw new ForbiddenError("Only a sales manager or general manager approves discounts.");
  const data = parseInput(quoteDecisionSchema, input);
  if (current.status !== "pending_approval") throw noLongerPending();
  if (current.createdBy === ctx.actor.userId)
    throw new ForbiddenError("You cannot approve your own discount; another manager decides.");
  if (data.version !== current.version) throw stale();
  const at = new Date().toISOString();
  const approved = data.decision === "approve";
  const next: Quote = {
    ...current,
    status: approved ? "approved" : "rejected",
    approval: {
      limitFen: current.approval?.limitFen ?? null,
      requestedAt: current.approval?.requestedAt ?? current.createdAt,
      decision: approved ? "approved" : "rejected",
      decidedBy: ctx.actor.userId,
      decidedByName: ctx.actor.name,
      decidedAt: at,
      ...(data.reason ? { reason: data.reason } : {}),
    },
    version: current.version + 1,
    updatedAt: at,
  };
  try {
    await quotes.updateQuoteStatus(
      db(ctx),
      next,
      { version: current.version, status: "pending_approval" },
      audit(
        ctx,
        approved ? "quote.approved" : "quote.rejected",
        {
          discount: formatYuan(current.discountFen),
          limit: current.approval?.limitFen == null ? "none" : formatYuan(current.approval.limitFen),
          ...(data.reason ? { reason: data.reason } : {}),
        },
        at,
      ),
    );
  } catch (e) {
    if (isContention(e)) throw await explainLostRace(ctx, quoteId, "pending_approval", noLongerPending);
    throw e;
  }
  return view(next, todayIn(store.timeZone));
}

/** Withdraw a quote that has not become an order (the card's consultant or a manager). */
export async function cancelQuote(ctx: Ctx, storeId: string, quoteId: string, input: unknown): Promise<QuoteView> {
  const store = await requireStore(ctx, storeId);
  const current = await requireQuote(ctx, storeId, quoteId);
  if (!hasRole(ctx.actor, ...DEAL_MANAGERS) && current.consultantId !== ctx.actor.userId)
    throw new ForbiddenError("Only the card's consultant or a manager can cancel this quote.");
  const data = parseInput(quoteCancelSchema, input);
  const closed = () =>
    current.status === "ordered"
      ? new ConflictError("This quote has become an order; cancel the contract instead.")
      : new ConflictError("This quote is already closed.");
  if (!LIVE.includes(current.status)) throw closed();
  if (data.version !== current.version) throw stale();
  const at = new Date().toISOString();
  const next: Quote = { ...current, status: "cancelled", version: current.version + 1, updatedAt: at };
  try {
    await quotes.updateQuoteStatus(
      db(ctx),
      next,
      { version: current.version, status: current.status },
      audit(ctx, "quote.cancelled", { from: current.status, ...(data.reason ? { reason: data.reason } : {}) }, at),
    );
  } catch (e) {
    if (isContention(e))
      throw await explainLostRace(
        ctx,
        quoteId,
        current.status,
        () => new ConflictError("This quote changed meanwhile (approved, rejected or ordered). Reload and try again."),
      );
    throw e;
  }
  return view(next, todayIn(store.timeZone));
}
