/** End-of-day consistency check (检核). */
export const en = {
  "eod.nav": "Day check",
  "eod.title": "End-of-day check",
  "eod.allClear":
    "No gaps: every walk-in has a card, every new card has its needs analysis, every drive is signed off, no follow-up is overdue.",
  "eod.gaps": "{n} gap(s) to fix",
  "eod.kind.walk_in_without_card": "Walk-in without a prospect card",
  "eod.kind.card_without_needs": "New card without needs analysis",
  "eod.kind.drive_without_sign_off": "Test drive not signed off",
  "eod.kind.overdue_follow_up": "Overdue follow-up",
  "eod.checked":
    "Checked: {walkIns} walk-ins, {cards} new cards, {drives} completed drives, {followUps} overdue follow-ups.",
  "eod.calls": "Calls always carry an outcome: it is required when a call is logged.",
  "eod.tick": "Tick the day off",
  "eod.note": "Note (required while gaps remain)",
  "eod.ticked": "Ticked off by {by} at {at} with {n} gap(s) open.",
  "eod.notTicked": "Not ticked off yet.",
  "eod.kept": "Kept result from {at} (the closing-time job).",
  "eod.live": "Live — updated as records are fixed.",
  "eod.keptAtTick": "The result as it was when the day was ticked off.",
  "eod.history": "Last two weeks",
  "eod.open": "Open",
  "eod.mine": "Your gaps — fix them before the store closes.",
};

export const zh: Record<keyof typeof en, string> = {
  "eod.nav": "日检核",
  "eod.title": "每日闭店检核",
  "eod.allClear": "没有缺漏：每位来店客户都有潜客卡，新卡都有需求分析，试驾都已签核，没有逾期跟进。",
  "eod.gaps": "{n} 项待补",
  "eod.kind.walk_in_without_card": "来店客户未建潜客卡",
  "eod.kind.card_without_needs": "新建潜客卡缺需求分析",
  "eod.kind.drive_without_sign_off": "试驾未经主管签核",
  "eod.kind.overdue_follow_up": "逾期跟进",
  "eod.checked": "已检核：来店 {walkIns} 批，新建潜客卡 {cards} 张，完成试驾 {drives} 次，逾期跟进 {followUps} 条。",
  "eod.calls": "来电记录必须填写结果，因此不存在无结果的来电。",
  "eod.tick": "确认本日检核",
  "eod.note": "备注（仍有缺漏时必填）",
  "eod.ticked": "{by} 于 {at} 确认，当时尚有 {n} 项缺漏。",
  "eod.notTicked": "尚未确认。",
  "eod.kept": "闭店任务于 {at} 保存的结果。",
  "eod.live": "实时结果——补录后即更新。",
  "eod.keptAtTick": "确认时的检核结果。",
  "eod.history": "最近两周",
  "eod.open": "打开",
  "eod.mine": "您的待补事项——请在闭店前完成。",
};

export const server: Record<string, string> = {
  "The end-of-day check is for today or a past day.": "闭店检核只能针对今天或过去的日期。",
  "Only the showroom supervisor or a manager ticks the day off.": "只有展厅主管或经理可以确认每日检核。",
  "Only the receptionist and managers see past checks.": "只有前台和经理可以查看历史检核。",
  "This day has already been ticked off.": "该日检核已确认。",
  "Explain the open gaps.": "请说明未补的缺漏。",
};
