/** The part of lunar-javascript (no bundled types) the holiday greetings use. */
declare module "lunar-javascript" {
  interface SolarDate {
    toYmd(): string;
  }
  interface LunarDate {
    getSolar(): SolarDate;
  }
  const lunar: {
    Lunar: { fromYmd(lunarYear: number, lunarMonth: number, lunarDay: number): LunarDate };
  };
  export default lunar;
}
