export const ROLES = [
  "group_admin",
  "general_manager",
  "sales_manager",
  "sales_consultant",
  "receptionist",
  "sales_admin",
  "service_advisor",
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may manage the showroom floor: duty for anyone, reassignment. */
export const FLOOR_MANAGERS: readonly Role[] = ["group_admin", "general_manager", "sales_manager"];
/** Roles that may log walk-ins. */
export const WALK_IN_LOGGERS: readonly Role[] = ["receptionist", "sales_manager", "general_manager", "group_admin"];
/** Roles that may invite staff (group admin: everyone; managers: staff of their stores). */
export const INVITERS: readonly Role[] = ["group_admin", "general_manager", "sales_manager"];

/** After-sales staff: the service front desk (售后前台) and those above it. */
export const SERVICE_STAFF: readonly Role[] = ["service_advisor", "general_manager", "group_admin"];
/** Who may see and work customers (360, events, retention tasks): sales and service. */
export const CUSTOMER_STAFF: readonly Role[] = [
  "service_advisor",
  "sales_consultant",
  "sales_manager",
  "sales_admin",
  "general_manager",
  "group_admin",
];
