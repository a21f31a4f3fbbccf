/**
 * Key builders: the only place that knows key shapes. Every tenant item's PK
 * starts with `T#<tenantId>#` — the trailing delimiter keeps tenant "t1" from
 * ever matching "t10" in a prefix condition. Platform items (email login,
 * store directory index) are documented in packages/db/README.md.
 */
const t = (tenantId: string) => `T#${tenantId}#`;

export const keys = {
  tenant: (tenantId: string) => ({ PK: `${t(tenantId)}TENANT`, SK: "META" }),
  /** the tenant's showroom settings (grading, cadence, SLAs, rotation skip, door minimum) */
  showroomSettings: (tenantId: string) => ({ PK: `${t(tenantId)}TENANT`, SK: "SETTINGS#SHOWROOM" }),
  login: (email: string) => ({ PK: `LOGIN#${email}`, SK: "LOGIN" }),
  loginFailures: (email: string) => ({ PK: `LOGIN#${email}`, SK: "FAILURES" }),
  users: (tenantId: string) => `${t(tenantId)}USERS`,
  user: (tenantId: string, userId: string) => ({ PK: `${t(tenantId)}USERS`, SK: `USER#${userId}` }),
  session: (tenantId: string, userId: string, tokenHash: string) => ({
    PK: `${t(tenantId)}USER#${userId}#SESSIONS`,
    SK: `SESSION#${tokenHash}`,
  }),
  sessions: (tenantId: string, userId: string) => `${t(tenantId)}USER#${userId}#SESSIONS`,
  stores: (tenantId: string) => `${t(tenantId)}STORES`,
  store: (tenantId: string, storeId: string) => ({ PK: `${t(tenantId)}STORES`, SK: `STORE#${storeId}` }),
  /** platform-wide directory of stores, for scheduled jobs (GSI1) */
  storeDirectory: () => "DIRECTORY#STORES",
  invitations: (tenantId: string) => `${t(tenantId)}INVITATIONS`,
  invitation: (tenantId: string, tokenHash: string) => ({ PK: `${t(tenantId)}INVITATIONS`, SK: `INVITE#${tokenHash}` }),
  /** a store's floor on a local day: duty list + rotation pointer in one item */
  floor: (tenantId: string, storeId: string, date: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#FLOOR`,
    SK: date,
  }),
  walkIn: (tenantId: string, walkInId: string) => ({ PK: `${t(tenantId)}WALKIN#${walkInId}`, SK: "META" }),
  walkInPartition: (tenantId: string, walkInId: string) => `${t(tenantId)}WALKIN#${walkInId}`,
  walkInAudit: (tenantId: string, walkInId: string, at: string, id: string) => ({
    PK: `${t(tenantId)}WALKIN#${walkInId}`,
    SK: `AUDIT#${at}#${id}`,
  }),
  /** GSI1: a store's walk-ins of a local day */
  storeWalkInsDay: (tenantId: string, storeId: string, date: string) =>
    `${t(tenantId)}STORE#${storeId}#WALKINS#${date}`,
  /** GSI2: a consultant's walk-ins of a local day */
  consultantWalkInsDay: (tenantId: string, userId: string, date: string) =>
    `${t(tenantId)}USER#${userId}#WALKINS#${date}`,
  /** the consultant who last served a mobile number in a store (returning visitors) */
  customerMobile: (tenantId: string, storeId: string, mobile: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#MOBILE#${mobile}`,
    SK: "LAST_SERVED",
  }),
  prospect: (tenantId: string, prospectId: string) => ({ PK: `${t(tenantId)}PROSPECT#${prospectId}`, SK: "META" }),
  prospectPartition: (tenantId: string, prospectId: string) => `${t(tenantId)}PROSPECT#${prospectId}`,
  prospectAudit: (tenantId: string, prospectId: string, at: string, id: string) => ({
    PK: `${t(tenantId)}PROSPECT#${prospectId}`,
    SK: `AUDIT#${at}#${id}`,
  }),
  /** a follow-up made on a card (child of the card's partition, so the card page reads it in the same Query) */
  prospectFollowUp: (tenantId: string, prospectId: string, at: string, id: string) => ({
    PK: `${t(tenantId)}PROSPECT#${prospectId}`,
    SK: `FOLLOWUP#${at}#${id}`,
  }),
  /** a card's plan items (follow-up tasks, appointments): their own partition, SK `<kind>#<id>` */
  prospectWork: (tenantId: string, prospectId: string) => `${t(tenantId)}PROSPECT#${prospectId}#WORK`,
  prospectWorkItem: (tenantId: string, prospectId: string, kind: string, id: string) => ({
    PK: `${t(tenantId)}PROSPECT#${prospectId}#WORK`,
    SK: `${kind}#${id}`,
  }),
  /** GSI1: a store's prospects, newest first */
  storeProspects: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#PROSPECTS`,
  /** GSI3: a store's active cards by next follow-up due (sparse: only active cards with a due date) */
  storeFollowUps: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#FOLLOWUPS`,
  /** GSI4: a store's cards by mobile (prefix search) */
  storeProspectMobiles: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#PROSPECTS#MOBILE`,
  /** GSI5: a store's cards by lower-cased name (prefix search) */
  storeProspectNames: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#PROSPECTS#NAME`,
  /** GSI2: a consultant's prospects, newest first */
  ownerProspects: (tenantId: string, userId: string) => `${t(tenantId)}USER#${userId}#PROSPECTS`,
  /** the one active prospect of a mobile in a store (duplicate protection, 撞单) */
  prospectMobileClaim: (tenantId: string, storeId: string, mobile: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#MOBILE#${mobile}`,
    SK: "PROSPECT",
  }),
  apiKeys: (tenantId: string) => `${t(tenantId)}APIKEYS`,
  apiKey: (tenantId: string, keyId: string) => ({ PK: `${t(tenantId)}APIKEYS`, SK: `KEY#${keyId}` }),
  /** idempotency of an intake lead: provider id or Idempotency-Key, per store */
  leadKey: (tenantId: string, storeId: string, key: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#LEADKEY#${key}`,
    SK: "LEAD",
  }),
  /** idempotency of an imported spreadsheet row: sha256 of the normalised row, per store */
  prospectImportKey: (tenantId: string, storeId: string, hash: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#IMPORTKEY#${hash}`,
    SK: "IMPORT",
  }),
  trafficSnapshot: (tenantId: string, storeId: string, date: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#SNAPSHOT#TRAFFIC`,
    SK: date,
  }),
  trafficSnapshots: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#SNAPSHOT#TRAFFIC`,
  /** a store's figures of one local day (reports, targets, commissions, OEM KPIs read these, never the records) */
  dayStats: (tenantId: string, storeId: string, date: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#STATS`,
    SK: `DAY#${date}`,
  }),
  dayStatsPartition: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#STATS`,
  /** a store's sales target of a year for one brand ("*" = all brands of the store), decomposed to months and consultants */
  salesTarget: (tenantId: string, storeId: string, year: number, brand: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#TARGETS`,
    SK: `YEAR#${year}#BRAND#${brand}`,
  }),
  salesTargets: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#TARGETS`,
  /**
   * Plan items (follow-up tasks, appointments, test drives, first responses, complaints):
   * GSI1 = the store's plan of a local day (done ones too, for completion rates),
   * SK `<ownerId>#<dueAt>#<kind>#<id>`; GSI2 = a user's open work, SK `<dueAt>#<kind>#<id>`;
   * GSI3 = a store's open work, SK `<dueAt>#<ownerId>#<kind>#<id>`. GSI2/GSI3 are set only while open.
   */
  storeAgenda: (tenantId: string, storeId: string, date: string) => `${t(tenantId)}STORE#${storeId}#AGENDA#${date}`,
  userOpenWork: (tenantId: string, userId: string) => `${t(tenantId)}USER#${userId}#OPEN`,
  storeOpenWork: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#OPEN`,
  /** a store's test-drive fleet (试驾车): cars `CAR#<vehicleId>` and plate claims `PLATE#<plate>` in one partition */
  testDriveFleet: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#TDFLEET`,
  testDriveVehicle: (tenantId: string, storeId: string, vehicleId: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#TDFLEET`,
    SK: `CAR#${vehicleId}`,
  }),
  testDrivePlate: (tenantId: string, storeId: string, plate: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#TDFLEET`,
    SK: `PLATE#${plate}`,
  }),
  /** a test drive (META, audit entries); it is a plan item (kind test_drive) */
  testDrive: (tenantId: string, testDriveId: string) => ({ PK: `${t(tenantId)}TESTDRIVE#${testDriveId}`, SK: "META" }),
  testDrivePartition: (tenantId: string, testDriveId: string) => `${t(tenantId)}TESTDRIVE#${testDriveId}`,
  testDriveAudit: (tenantId: string, testDriveId: string, at: string, id: string) => ({
    PK: `${t(tenantId)}TESTDRIVE#${testDriveId}`,
    SK: `AUDIT#${at}#${id}`,
  }),
  /** the 15-minute slot locks of a fleet car: one item per slot a booking covers */
  testDriveSlots: (tenantId: string, vehicleId: string) => `${t(tenantId)}TDCAR#${vehicleId}#SLOTS`,
  testDriveSlot: (tenantId: string, vehicleId: string, slotStart: string) => ({
    PK: `${t(tenantId)}TDCAR#${vehicleId}#SLOTS`,
    SK: `SLOT#${slotStart}`,
  }),
  /** a complaint (客户投诉): META (also its plan item), OEM (its forward-to-OEM list entry), AUDIT#… */
  complaint: (tenantId: string, complaintId: string) => ({
    PK: `${t(tenantId)}COMPLAINT#${complaintId}`,
    SK: "META",
  }),
  complaintPartition: (tenantId: string, complaintId: string) => `${t(tenantId)}COMPLAINT#${complaintId}`,
  complaintOem: (tenantId: string, complaintId: string) => ({
    PK: `${t(tenantId)}COMPLAINT#${complaintId}`,
    SK: "OEM",
  }),
  complaintAudit: (tenantId: string, complaintId: string, at: string, id: string) => ({
    PK: `${t(tenantId)}COMPLAINT#${complaintId}`,
    SK: `AUDIT#${at}#${id}`,
  }),
  /** GSI5: a store's complaints by state; SK `1#<dueAt>#<id>` open, `2#<dueAt>#<id>` responded, `3#<resolvedAt>#<id>` */
  storeComplaints: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#COMPLAINTS`,
  /** GSI4: a store's escalated complaints (sparse), SK `<escalatedAt>#<id>` */
  storeEscalatedComplaints: (tenantId: string, storeId: string) =>
    `${t(tenantId)}STORE#${storeId}#COMPLAINTS#ESCALATED`,
  /** GSI4: a store's complaints flagged for the OEM (their OEM entry items), SK `<flaggedAt>#<id>` */
  storeOemComplaints: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#COMPLAINTS#OEM`,
  /** the end-of-day consistency check of a store's local day (gaps + the supervisor's tick) */
  eodCheck: (tenantId: string, storeId: string, date: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#EODCHECK`,
    SK: date,
  }),
  eodChecks: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#EODCHECK`,
  /** a store's weekly roster: SK = the week's Monday; its audit entries SK `<monday>#AUDIT#<at>#<id>` */
  roster: (tenantId: string, storeId: string, weekStart: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#ROSTER`,
    SK: weekStart,
  }),
  rosterPartition: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#ROSTER`,
  rosterAudit: (tenantId: string, storeId: string, weekStart: string, at: string, id: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#ROSTER`,
    SK: `${weekStart}#AUDIT#${at}#${id}`,
  }),
  /** a store's attendance of a local day: records `REC#<at>#<id>` and one `STATE#<userId>` per person */
  attendanceDay: (tenantId: string, storeId: string, date: string) =>
    `${t(tenantId)}STORE#${storeId}#ATTENDANCE#${date}`,
  attendanceRecord: (tenantId: string, storeId: string, date: string, at: string, id: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#ATTENDANCE#${date}`,
    SK: `REC#${at}#${id}`,
  }),
  attendanceState: (tenantId: string, storeId: string, date: string, userId: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#ATTENDANCE#${date}`,
    SK: `STATE#${userId}`,
  }),
  /** GSI2: a person's attendance records, SK `<date>#<at>#<id>` (commissions read a month) */
  userAttendance: (tenantId: string, userId: string) => `${t(tenantId)}USER#${userId}#ATTENDANCE`,
  /** the tenant's vehicle catalogue (brand → model → trim → colours, list prices): one versioned item */
  catalogue: (tenantId: string) => ({ PK: `${t(tenantId)}TENANT`, SK: "CATALOGUE" }),
  /** the tenant's inventory settings (VINs without check digit, key-out limit) */
  inventorySettings: (tenantId: string) => ({ PK: `${t(tenantId)}TENANT`, SK: "SETTINGS#INVENTORY" }),
  /** a vehicle of the inventory (META, AUDIT#…, KEY#… custody entries) */
  vehicle: (tenantId: string, vehicleId: string) => ({ PK: `${t(tenantId)}VEHICLE#${vehicleId}`, SK: "META" }),
  vehiclePartition: (tenantId: string, vehicleId: string) => `${t(tenantId)}VEHICLE#${vehicleId}`,
  vehicleAudit: (tenantId: string, vehicleId: string, at: string, id: string) => ({
    PK: `${t(tenantId)}VEHICLE#${vehicleId}`,
    SK: `AUDIT#${at}#${id}`,
  }),
  /** a key custody entry (taken, then rewritten when returned); the id is a ULID, so SK order = time order */
  vehicleKeyLog: (tenantId: string, vehicleId: string, id: string) => ({
    PK: `${t(tenantId)}VEHICLE#${vehicleId}`,
    SK: `KEY#${id}`,
  }),
  /** a VIN's claim: one vehicle per VIN in a tenant */
  vinClaim: (tenantId: string, vin: string) => ({ PK: `${t(tenantId)}VIN#${vin}`, SK: "VIN" }),
  /** GSI1: a store's vehicles of every status, SK `<createdAt>#<id>` */
  storeVehicles: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#VEHICLES`,
  /** GSI2 (sparse, while on the lot): a store's stock by arrival, SK `<stockedAt>#<id>` — the aging view */
  storeStock: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#STOCK`,
  /** a purchase order to the OEM (META with its lines and received counts, AUDIT#…) */
  purchaseOrder: (tenantId: string, poId: string) => ({ PK: `${t(tenantId)}PO#${poId}`, SK: "META" }),
  purchaseOrderAudit: (tenantId: string, poId: string, at: string, id: string) => ({
    PK: `${t(tenantId)}PO#${poId}`,
    SK: `AUDIT#${at}#${id}`,
  }),
  /** GSI1: a store's purchase orders, SK `<createdAt>#<id>` */
  storePurchaseOrders: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#POS`,
  /** the tenant's deal settings (discount limits per role, dunning escalation, deposit days) */
  dealSettings: (tenantId: string) => ({ PK: `${t(tenantId)}TENANT`, SK: "SETTINGS#DEALS" }),
  /** a quote (报价): META + AUDIT#… */
  quote: (tenantId: string, quoteId: string) => ({ PK: `${t(tenantId)}QUOTE#${quoteId}`, SK: "META" }),
  quotePartition: (tenantId: string, quoteId: string) => `${t(tenantId)}QUOTE#${quoteId}`,
  quoteAudit: (tenantId: string, quoteId: string, at: string, id: string) => ({
    PK: `${t(tenantId)}QUOTE#${quoteId}`,
    SK: `AUDIT#${at}#${id}`,
  }),
  /** GSI1: a store's quotes, SK `<createdAt>#<id>` */
  storeQuotes: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#QUOTES`,
  /** GSI3 (sparse, while waiting): a store's quotes waiting for discount approval, SK `<requestedAt>#<id>` */
  storeApprovals: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#APPROVALS`,
  /** GSI2: a card's deals — quotes SK `Q#<createdAt>#<id>`, contracts SK `C#<createdAt>#<id>` */
  prospectDeals: (tenantId: string, prospectId: string) => `${t(tenantId)}PROSPECT#${prospectId}#DEALS`,
  /** a store's contract number sequence (no gaps: bumped only together with a contract Put) */
  contractSequence: (tenantId: string, storeId: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#SEQ`,
    SK: "CONTRACT",
  }),
  /** a store's order lock: a short lease parallel orders take turns with (the sequence alone keeps numbers gapless) */
  contractSequenceLock: (tenantId: string, storeId: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#SEQ`,
    SK: "CONTRACT#LOCK",
  }),
  /** a contract = the sales order (合同): META + PAY#… payments + REMIND#<date> dunning log + AUDIT#… */
  contract: (tenantId: string, contractId: string) => ({ PK: `${t(tenantId)}CONTRACT#${contractId}`, SK: "META" }),
  contractPartition: (tenantId: string, contractId: string) => `${t(tenantId)}CONTRACT#${contractId}`,
  contractAudit: (tenantId: string, contractId: string, at: string, id: string) => ({
    PK: `${t(tenantId)}CONTRACT#${contractId}`,
    SK: `AUDIT#${at}#${id}`,
  }),
  contractPayment: (tenantId: string, contractId: string, at: string, id: string) => ({
    PK: `${t(tenantId)}CONTRACT#${contractId}`,
    SK: `PAY#${at}#${id}`,
  }),
  /** a payment's idempotency key (the same key again records nothing new), points to the payment */
  contractPaymentKey: (tenantId: string, contractId: string, key: string) => ({
    PK: `${t(tenantId)}CONTRACT#${contractId}`,
    SK: `PAYKEY#${key}`,
  }),
  /** one dunning reminder per contract and store-local day (idempotency of the dunning job) */
  contractReminder: (tenantId: string, contractId: string, date: string) => ({
    PK: `${t(tenantId)}CONTRACT#${contractId}`,
    SK: `REMIND#${date}`,
  }),
  /** a contract's plan items (delivery appointment, post-delivery call, dunning tasks): SK `WORK#<kind>#<id>` */
  contractWork: (tenantId: string, contractId: string, kind: string, id: string) => ({
    PK: `${t(tenantId)}CONTRACT#${contractId}`,
    SK: `WORK#${kind}#${id}`,
  }),
  /** GSI5: a store's post-delivery calls by delivery time, SK `<deliveredAt>#<contractId>` (completion rate) */
  storePostDeliveryCalls: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#POSTCALLS`,
  /** GSI4 (sparse, while open): a store's booked delivery appointments, SK `<appointmentAt>#<contractId>` */
  storeDeliveryAppointments: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#DELIVERIES`,
  /** GSI1: a store's contract ledger (合同履行一览表), SK = zero-padded sequence number */
  storeContracts: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#CONTRACTS`,
  /** GSI4 (sparse, while money is open): a store's receivables, SK `<first open due date>#<id>` */
  storeReceivables: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#RECEIVABLES`,
  // ---- secondary dealers, month-end reconciliation, period close (issue 6, H3) ----
  /** a store's secondary dealers (二级网点): SK `DEALER#<dealerId>` */
  storeDealers: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#DEALERS`,
  dealer: (tenantId: string, storeId: string, dealerId: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#DEALERS`,
    SK: `DEALER#${dealerId}`,
  }),
  /** a dealer's ledger (wholesale entries, payments) and audit: SK `L#<date>#<entryId>`, `AUDIT#<at>#<id>` */
  dealerLedger: (tenantId: string, dealerId: string) => `${t(tenantId)}DEALER#${dealerId}`,
  dealerLedgerEntry: (tenantId: string, dealerId: string, date: string, entryId: string) => ({
    PK: `${t(tenantId)}DEALER#${dealerId}`,
    SK: `L#${date}#${entryId}`,
  }),
  dealerAudit: (tenantId: string, dealerId: string, at: string, id: string) => ({
    PK: `${t(tenantId)}DEALER#${dealerId}`,
    SK: `AUDIT#${at}#${id}`,
  }),
  /** a store's month-end of a month: RUN (the job's last run), D#<kind>#<recordId> discrepancies */
  monthEnd: (tenantId: string, storeId: string, month: string) => `${t(tenantId)}STORE#${storeId}#MONTHEND#${month}`,
  monthEndRun: (tenantId: string, storeId: string, month: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#MONTHEND#${month}`,
    SK: "RUN",
  }),
  discrepancy: (tenantId: string, storeId: string, month: string, key: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#MONTHEND#${month}`,
    SK: `D#${key}`,
  }),
  /** a store's accounting periods: SK `MONTH#<YYYY-MM>` (closed / reopened), `AUDIT#<at>#<id>` */
  periods: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#PERIODS`,
  period: (tenantId: string, storeId: string, month: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#PERIODS`,
    SK: `MONTH#${month}`,
  }),
  periodAudit: (tenantId: string, storeId: string, at: string, id: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#PERIODS`,
    SK: `AUDIT#${at}#${id}`,
  }),
  /** a store's audit log (store and staff changes) */
  auditLog: (tenantId: string) => `${t(tenantId)}AUDIT`,
  // ---- targets and commissions (issue 6, H2) ----
  /** a sales target's audit entries, beside the targets in the store's targets partition */
  salesTargetAudit: (tenantId: string, storeId: string, year: number, brand: string, at: string, id: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#TARGETS`,
    SK: `YEAR#${year}#BRAND#${brand}#AUDIT#${at}#${id}`,
  }),
  /** the tenant's commission rules: one versioned item */
  commissionRules: (tenantId: string) => ({ PK: `${t(tenantId)}TENANT`, SK: "SETTINGS#COMMISSIONS" }),
  /** a store's commission month: MONTH (state, lock), STATEMENT#<userId>, AUDIT#<at>#<id> — one Query lists it */
  commissionMonth: (tenantId: string, storeId: string, month: string) =>
    `${t(tenantId)}STORE#${storeId}#COMMISSIONS#${month}`,
  commissionMonthMeta: (tenantId: string, storeId: string, month: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#COMMISSIONS#${month}`,
    SK: "MONTH",
  }),
  commissionStatement: (tenantId: string, storeId: string, month: string, userId: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#COMMISSIONS#${month}`,
    SK: `STATEMENT#${userId}`,
  }),
  commissionAudit: (tenantId: string, storeId: string, month: string, at: string, id: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#COMMISSIONS#${month}`,
    SK: `AUDIT#${at}#${id}`,
  }),
  /** GSI2: a consultant's statements of a store, SK `<storeId>#<month>` ("My commission") */
  userCommissions: (tenantId: string, userId: string) => `${t(tenantId)}USER#${userId}#COMMISSIONS`,
  // ---- reports (issue 6, H1): daily reports, the local mail outbox, report settings, day indexes ----
  /** the stored daily sales report of a store and local day (the 16:30 job) */
  dailyReport: (tenantId: string, storeId: string, date: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#DAILYREPORT`,
    SK: `DAY#${date}`,
  }),
  dailyReports: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#DAILYREPORT`,
  /** a mail message kept locally instead of being sent (mail not live): SK `MSG#<ULID>` (time order) */
  outboxMessage: (tenantId: string, id: string) => ({ PK: `${t(tenantId)}OUTBOX`, SK: `MSG#${id}` }),
  outbox: (tenantId: string) => `${t(tenantId)}OUTBOX`,
  /** the tenant's report settings (finance recipients of the daily report) */
  reportSettings: (tenantId: string) => ({ PK: `${t(tenantId)}TENANT`, SK: "SETTINGS#REPORTS" }),
  /** GSI5 on a contract: a store's contracts by signing date, SK `<signedDate>#<contractId>` (orders of a day) */
  storeSignedContracts: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#SIGNED`,
  /** GSI3 on a card closed as lost (sparse; GSI3 is free once a card is closed), SK `<lost.at>#<prospectId>` */
  storeLostProspects: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#LOST`,
  // ---- OEM network reporting (issue 6, H4): platform items outside any tenant, keys `OEM#<oemId>…` ----
  /** an OEM (META, GSI1 = the OEM directory) and its regions `REGION#<regionId>`: one partition */
  oem: (oemId: string) => ({ PK: `OEM#${oemId}`, SK: "META" }),
  oemPartition: (oemId: string) => `OEM#${oemId}`,
  oemRegion: (oemId: string, regionId: string) => ({ PK: `OEM#${oemId}`, SK: `REGION#${regionId}` }),
  /** GSI1: every OEM, by name (the store's link form lists them) */
  oemDirectory: () => "DIRECTORY#OEMS",
  oemUser: (oemId: string, userId: string) => ({ PK: `OEM#${oemId}#USERS`, SK: `USER#${userId}` }),
  oemUsers: (oemId: string) => `OEM#${oemId}#USERS`,
  oemSession: (oemId: string, userId: string, tokenHash: string) => ({
    PK: `OEM#${oemId}#USER#${userId}#SESSIONS`,
    SK: `SESSION#${tokenHash}`,
  }),
  /** the dealers (store × brand) linked to a region: `<storeId>#<brand>`, with the consent state */
  oemRegionDealers: (oemId: string, regionId: string) => `OEM#${oemId}#REGION#${regionId}#DEALERS`,
  oemDealer: (oemId: string, regionId: string, storeId: string, brand: string) => ({
    PK: `OEM#${oemId}#REGION#${regionId}#DEALERS`,
    SK: `${storeId}#${brand}`,
  }),
  /** KPI snapshots of a region: SK `M#<month>#<storeId>#<brand>` (month) / `D#<date>#<storeId>#<brand>` (day) */
  oemRegionKpis: (oemId: string, regionId: string) => `OEM#${oemId}#REGION#${regionId}#KPI`,
  oemKpi: (oemId: string, regionId: string, kind: "M" | "D", period: string, storeId: string, brand: string) => ({
    PK: `OEM#${oemId}#REGION#${regionId}#KPI`,
    SK: `${kind}#${period}#${storeId}#${brand}`,
  }),
  /** GSI1: one dealer's KPI history at an OEM, SK `M#<month>` / `D#<date>` */
  oemDealerKpis: (oemId: string, storeId: string, brand: string) => `OEM#${oemId}#DEALER#${storeId}#${brand}#KPI`,
  /** complaints forwarded to the OEM (no personal data), SK `<flaggedAt>#<complaintId>` */
  oemRegionComplaints: (oemId: string, regionId: string) => `OEM#${oemId}#REGION#${regionId}#COMPLAINTS`,
  oemComplaint: (oemId: string, regionId: string, flaggedAt: string, complaintId: string) => ({
    PK: `OEM#${oemId}#REGION#${regionId}#COMPLAINTS`,
    SK: `${flaggedAt}#${complaintId}`,
  }),
  /** tenant side: a store's OEM links `BRAND#<brand>` (with consent) and their audit `AUDIT#<at>#<id>` */
  storeOemLinks: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#OEMLINKS`,
  storeOemLink: (tenantId: string, storeId: string, brand: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#OEMLINKS`,
    SK: `BRAND#${brand}`,
  }),
  /** a KPI job's run key per store and period (running twice writes nothing new) */
  oemKpiRun: (tenantId: string, storeId: string, job: string, period: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#OEMLINKS`,
    SK: `RUN#${job}#${period}`,
  }),
  // ---- after-sales customers (issue 7, shared): the customer record, its vehicles, claims, tasks ----
  /** a customer of the store (bought here or serviced here): META (vehicles inside), AUDIT#…, TASK#<kind>#<id> */
  customer: (tenantId: string, customerId: string) => ({ PK: `${t(tenantId)}CUSTOMER#${customerId}`, SK: "META" }),
  customerPartition: (tenantId: string, customerId: string) => `${t(tenantId)}CUSTOMER#${customerId}`,
  customerAudit: (tenantId: string, customerId: string, at: string, id: string) => ({
    PK: `${t(tenantId)}CUSTOMER#${customerId}`,
    SK: `AUDIT#${at}#${id}`,
  }),
  /** a customer task (a plan item): no-show follow-up, 3-day service call, retention reminder, event invitation … */
  customerTask: (tenantId: string, customerId: string, kind: string, id: string) => ({
    PK: `${t(tenantId)}CUSTOMER#${customerId}`,
    SK: `TASK#${kind}#${id}`,
  }),
  /** a customer vehicle's VIN: one customer per VIN in a tenant (points to the customer) */
  customerVin: (tenantId: string, vin: string) => ({ PK: `${t(tenantId)}SVIN#${vin}`, SK: "CUSTOMER" }),
  /** a licence plate: one customer per plate in a tenant (points to the customer) */
  customerPlate: (tenantId: string, plate: string) => ({ PK: `${t(tenantId)}PLATE#${plate}`, SK: "CUSTOMER" }),
  /** the customer of a mobile number in a store (repeat buyers are found by it) */
  customerMobileClaim: (tenantId: string, storeId: string, mobile: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#MOBILE#${mobile}`,
    SK: "CUSTOMER",
  }),
  /** GSI1: a store's customers by lower-cased name, SK `<name>#<customerId>` (list, name prefix search) */
  storeCustomers: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#CUSTOMERS`,
  /** GSI2: an owner's (consultant or advisor) customers, SK `<storeId>#<name>#<customerId>` */
  ownerCustomers: (tenantId: string, userId: string) => `${t(tenantId)}USER#${userId}#CUSTOMERS`,
  /** GSI3 (sparse): a store's customers by their next retention reminder date, SK `<date>#<customerId>` */
  storeRetention: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#RETENTION`,
  /** GSI4: a store's customers by mobile, SK `<mobile>#<customerId>` (prefix search) */
  storeCustomerMobiles: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#CUSTOMERS#MOBILE`,
  /** GSI5 (sparse): a store's repeat buyers, SK `<name>#<customerId>` */
  storeRepeatBuyers: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#CUSTOMERS#REPEAT`,
  /** GSI5 on after-sales records (appointments, repair orders, roadside calls): a customer's service history, SK `<at>#<kind>#<id>` */
  customerHistory: (tenantId: string, customerId: string) => `${t(tenantId)}CUSTOMER#${customerId}#HISTORY`,
  /** a service appointment (售后预约): META + AUDIT#… (issue 7, H1 owns it; the repair order links to it) */
  serviceAppointment: (tenantId: string, appointmentId: string) => ({
    PK: `${t(tenantId)}SAPPT#${appointmentId}`,
    SK: "META",
  }),
  serviceAppointmentPartition: (tenantId: string, appointmentId: string) => `${t(tenantId)}SAPPT#${appointmentId}`,
  // ---- service appointments levelled to workshop capacity (issue 7, H1) ----
  serviceAppointmentAudit: (tenantId: string, appointmentId: string, at: string, id: string) => ({
    PK: `${t(tenantId)}SAPPT#${appointmentId}`,
    SK: `AUDIT#${at}#${id}`,
  }),
  /** a store's service settings (opening hours, bays, technicians, closed dates, service types): one versioned item */
  serviceSettings: (tenantId: string, storeId: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#SERVICE`,
    SK: "SETTINGS",
  }),
  /** a store's workshop day: one slot counter per hour, SK `H#<HH>` with `used` (cars booked in that hour) */
  workshopDay: (tenantId: string, storeId: string, date: string) => `${t(tenantId)}STORE#${storeId}#WORKSHOP#${date}`,
  workshopSlot: (tenantId: string, storeId: string, date: string, hour: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#WORKSHOP#${date}`,
    SK: `H#${hour}`,
  }),
  /** GSI4 on an appointment: a store's arrival board of a local day, SK `<startAt>#<appointmentId>` */
  storeServiceArrivals: (tenantId: string, storeId: string, date: string) =>
    `${t(tenantId)}STORE#${storeId}#SAPPTS#${date}`,
  /** a repair order (维修工单): META + AUDIT#… + STATE#… (issue 7, H2 owns it) */
  repairOrder: (tenantId: string, repairOrderId: string) => ({ PK: `${t(tenantId)}RO#${repairOrderId}`, SK: "META" }),
  repairOrderPartition: (tenantId: string, repairOrderId: string) => `${t(tenantId)}RO#${repairOrderId}`,
  // ---- issue 7, H3: roadside assistance (救援) ----
  /** a roadside call: META + AUDIT#…; GSI1 store's calls by calledAt, GSI2 (sparse) open calls, GSI5 customer history */
  roadsideCall: (tenantId: string, callId: string) => ({ PK: `${t(tenantId)}ROADSIDE#${callId}`, SK: "META" }),
  roadsidePartition: (tenantId: string, callId: string) => `${t(tenantId)}ROADSIDE#${callId}`,
  /** GSI1: a store's roadside calls, SK `<calledAt>#<callId>` (month figures: one Query of the month) */
  storeRoadside: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#ROADSIDE`,
  /** GSI2 (sparse): a store's open roadside calls, SK `<calledAt>#<callId>` */
  storeRoadsideOpen: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#ROADSIDE#OPEN`,
  // ---- repair orders, parts, warranty claims (issue 7, H2) ----
  /** a repair order's state change `STATE#<at>#<id>` and audit `AUDIT#<at>#<id>`; its board entry (SK `BOARD`) */
  repairOrderChild: (tenantId: string, repairOrderId: string, sk: string) => ({
    PK: `${t(tenantId)}RO#${repairOrderId}`,
    SK: sk,
  }),
  /** a store's repair order number sequence (bumped in the same transaction as the RO Put: no gaps) */
  repairOrderSequence: (tenantId: string, storeId: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#ROSEQ`,
    SK: "SEQ",
  }),
  /** GSI1 (sparse, on the small BOARD items): a store's open repair orders, SK `<stateIndex>#<state>#<since>#<roId>` */
  storeOpenRepairOrders: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#RO#OPEN`,
  /** a store's parts catalogue: `PART#<partNo>` items, and their stock audit `AUDIT#<at>#<id>` */
  storeParts: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#PARTS`,
  part: (tenantId: string, storeId: string, partNo: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#PARTS`,
    SK: `PART#${partNo}`,
  }),
  /** a parts order (缺件订货) raised by a repair order's approval: META + AUDIT#… */
  partsOrder: (tenantId: string, orderId: string) => ({ PK: `${t(tenantId)}PARTSORDER#${orderId}`, SK: "META" }),
  /** GSI1: a store's parts orders, SK `<status>#<orderedAt>#<orderId>` */
  storePartsOrders: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#PARTSORDERS`,
  /** a warranty claim billed to the OEM (one per settled repair order, id = the repair order id) */
  warrantyClaim: (tenantId: string, repairOrderId: string) => ({
    PK: `${t(tenantId)}WCLAIM#${repairOrderId}`,
    SK: "META",
  }),
  /** GSI1: a store's warranty claims, SK `<settledAt>#<roId>` */
  storeWarrantyClaims: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#WCLAIMS`,
  // ---- retention, holiday greetings, events and promotions (issue 7, H4) ----
  /** a holiday greeting plan item of one owner: SK `<holiday>#<date>#<userId>` (idempotent per owner and holiday) */
  storeGreeting: (tenantId: string, storeId: string, holiday: string, on: string, userId: string) => ({
    PK: `${t(tenantId)}STORE#${storeId}#GREETINGS`,
    SK: `${holiday}#${on}#${userId}`,
  }),
  storeGreetingPartition: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#GREETINGS`,
  /** an event or promotion (活动): META + INV#<customerId> invitations + AUDIT#… */
  event: (tenantId: string, eventId: string) => ({ PK: `${t(tenantId)}EVENT#${eventId}`, SK: "META" }),
  eventPartition: (tenantId: string, eventId: string) => `${t(tenantId)}EVENT#${eventId}`,
  eventInvitation: (tenantId: string, eventId: string, customerId: string) => ({
    PK: `${t(tenantId)}EVENT#${eventId}`,
    SK: `INV#${customerId}`,
  }),
  eventAudit: (tenantId: string, eventId: string, at: string, id: string) => ({
    PK: `${t(tenantId)}EVENT#${eventId}`,
    SK: `AUDIT#${at}#${id}`,
  }),
  /** GSI1: a store's events by date, SK `<date>#<eventId>` */
  storeEvents: (tenantId: string, storeId: string) => `${t(tenantId)}STORE#${storeId}#EVENTS`,
};
