/** Internet leads: the first-response clock and who is late. */
export const en = {
  "leads.nav": "Leads",
  "leads.title": "Internet leads — first response",
  "leads.received": "Received",
  "leads.receivedCount": "received",
  "leads.provider": "Provider",
  "leads.owner": "Consultant",
  "leads.due": "Answer by",
  "leads.responded": "First call",
  "leads.onTime": "on time",
  "leads.answeredLate": "late",
  "leads.late": "late",
  "leads.waiting": "waiting",
  "leads.closed": "closed",
  "leads.none": "No internet leads on this day.",
  "leads.waitingLate": "{n} lead(s) still waiting past the deadline",
};

export const zh: Record<keyof typeof en, string> = {
  "leads.nav": "线索",
  "leads.title": "网络线索 — 首次响应",
  "leads.received": "收到时间",
  "leads.receivedCount": "收到",
  "leads.provider": "渠道",
  "leads.owner": "顾问",
  "leads.due": "响应时限",
  "leads.responded": "首次致电",
  "leads.onTime": "按时",
  "leads.answeredLate": "超时",
  "leads.late": "超时",
  "leads.waiting": "待响应",
  "leads.closed": "已关闭",
  "leads.none": "当天没有网络线索。",
  "leads.waitingLate": "{n} 条线索已超时仍未响应",
};

export const server: Record<string, string> = {};
