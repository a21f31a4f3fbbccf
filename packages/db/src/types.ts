import type { AssignmentReasonCode, Role, WalkInSource } from "@dealeros/core";

export interface Tenant {
  tenantId: string;
  name: string;
  createdAt: string;
  createdBy: string;
}

export interface User {
  tenantId: string;
  userId: string;
  email: string;
  name: string;
  roles: Role[];
  storeIds: string[];
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

export interface LoginRecord {
  email: string;
  tenantId: string;
  userId: string;
  passwordHash: string;
  active: boolean;
}

export interface SessionRecord {
  tenantId: string;
  userId: string;
  createdAt: string;
  expiresAt: number;
}

export interface OpeningHours {
  open: string;
  close: string;
  closedWeekdays: number[];
}

export interface Store {
  tenantId: string;
  storeId: string;
  name: string;
  city: string;
  timeZone: string;
  openingHours: OpeningHours;
  brands: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  updatedBy: string;
}

export interface Invitation {
  tenantId: string;
  tokenHash: string;
  email: string;
  roles: Role[];
  storeIds: string[];
  invitedBy: string;
  invitedByName: string;
  createdAt: string;
  expiresAt: number;
  status: "pending" | "accepted" | "revoked";
  acceptedAt?: string;
  userId?: string;
}

export interface DutyRecord {
  tenantId: string;
  storeId: string;
  date: string;
  userId: string;
  name: string;
  onDuty: boolean;
  checkedInAt: string;
  changedBy: string;
  updatedAt: string;
}

export interface Assignment {
  userId: string | null;
  name: string | null;
  reasonCode: AssignmentReasonCode;
  reasonParams: Record<string, string>;
  reasonText: string;
  assignedAt: string;
  assignedBy: string;
}

export interface WalkIn {
  tenantId: string;
  storeId: string;
  walkInId: string;
  date: string;
  arrivedAt: string;
  departedAt?: string;
  partySize: number;
  visitType: "first" | "return";
  source: WalkInSource;
  customerName?: string;
  mobile?: string;
  intendedModel?: string;
  note?: string;
  assignment: Assignment;
  /** the prospect card this visit belongs to, once made or linked */
  prospectId?: string;
  version: number;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  updatedAt: string;
}

export interface AuditEntry {
  at: string;
  by: string;
  byName: string;
  action: string;
  detail: Record<string, unknown>;
}

export interface TrafficSnapshot {
  tenantId: string;
  storeId: string;
  date: string;
  total: number;
  parties: number;
  firstVisits: number;
  returnVisits: number;
  bySource: Record<string, number>;
  byConsultant: Record<string, { name: string; count: number }>;
  unassigned: number;
  runKey: string;
  generatedAt: string;
}
