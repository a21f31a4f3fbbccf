export type { AttendanceRecord, AttendanceState } from "./attendance.ts";
export * as attendance from "./attendance.ts";
export * from "./client.ts";
export type { CommissionMonth, CommissionStatement, StoredCommissionRules } from "./commissions.ts";
export * as commissions from "./commissions.ts";
export type { Complaint, ComplaintPage } from "./complaint.ts";
export * as complaints from "./complaint.ts";
export type { LedgerQuery } from "./contracts.ts";
export * as contracts from "./contracts.ts";
export type { CustomerTask, CustomerTaskKind } from "./customer-tasks.ts";
export * as customerTasks from "./customer-tasks.ts";
export type { CustomerHistoryEntry } from "./customer-views.ts";
export * as customerViews from "./customer-views.ts";
export type { Customer, CustomerVehicle } from "./customers.ts";
export * as customers from "./customers.ts";
export type { Dealer, DealerLedgerEntry } from "./dealers.ts";
export * as dealers from "./dealers.ts";
export type {
  Contract,
  ContractState,
  DealVehicle,
  Payment,
  PaymentMethod,
  Quote,
  QuoteStatus,
  Reminder,
} from "./deals.ts";
export * as deals from "./deals.ts";
export type {
  ContractWorkItem,
  DeliveryAppointment,
  DeliveryRecord,
  DunningTask,
  PostDeliveryCall,
} from "./delivery.ts";
export * as delivery from "./delivery.ts";
export type { EodCheck, EodGap, EodSnapshot, EodTick } from "./eod.ts";
export * as eod from "./eod.ts";
export * from "./errors.ts";
export type { EventInvitation, StoreEvent } from "./events.ts";
export * as events from "./events.ts";
export type { FollowUpRecord, KeyedPlanItem, PlanTask } from "./followup.ts";
export * as followUps from "./followup.ts";
export * as identity from "./identity.ts";
export type {
  Catalogue,
  KeyHolder,
  KeyLogEntry,
  PurchaseOrder,
  PurchaseOrderLine,
  StoredInventorySettings,
  Vehicle,
} from "./inventory.ts";
export * as inventory from "./inventory.ts";
export * from "./keys.ts";
export type { DiscrepancyItem, DiscrepancyNote, MonthEndRun } from "./monthend.ts";
export * as monthEnd from "./monthend.ts";
export type { Oem, OemComplaint, OemDealer, OemKpiSnapshot, OemRegion, OemUser, StoreOemLink } from "./oem.ts";
export * as oem from "./oem.ts";
export type { Period } from "./periods.ts";
export * as periods from "./periods.ts";
export type { PlanFields, PlanKind } from "./plan.ts";
export * as plan from "./plan.ts";
export type { ApiKey, CallRecord, LeadRecord, MobileClaim, Page, Prospect } from "./prospect.ts";
export * as prospects from "./prospect.ts";
export type { ProspectIndex, ProspectListCriteria } from "./prospect-list.ts";
export * as prospectList from "./prospect-list.ts";
export type { QuoteContext, QuotePage } from "./quotes.ts";
export * as quotes from "./quotes.ts";
export type {
  Part,
  PartsOrder,
  PartsOrderLine,
  RepairOrder,
  RoApproval,
  RoBoardEntry,
  RoSettlement,
  WarrantyClaim,
  WarrantyHistoryEntry,
} from "./repair.ts";
export * as repairOrders from "./repair.ts";
export type { DailyReport, OutboxMessage, ReportSettings } from "./reports.ts";
export * as reports from "./reports.ts";
export type { GreetingHoliday, GreetingItem } from "./retention.ts";
export * as retention from "./retention.ts";
export type { RoadsideCall } from "./roadside.ts";
export * as roadside from "./roadside.ts";
export type { Roster } from "./roster.ts";
export * as rosters from "./roster.ts";
export type { ServiceAppointment, ServiceHistoryEntry, StoredServiceSettings } from "./service.ts";
export * as service from "./service.ts";
export * as settings from "./settings.ts";
export * as showroom from "./showroom.ts";
export type { DayCounts, DayStats, SalesDetailLine } from "./stats.ts";
export * as stats from "./stats.ts";
export * as stores from "./store.ts";
export * from "./table.ts";
export type { SalesTarget } from "./targets.ts";
export * as targets from "./targets.ts";
export type { FleetVehicle, SlotLock, TestDrive } from "./testdrive.ts";
export * as testDrives from "./testdrive.ts";
export * from "./types.ts";
export * as warrantyClaims from "./warranty.ts";
