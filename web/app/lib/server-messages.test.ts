import { describe, expect, it } from "vitest";
import { translateServerMessage } from "./server-messages";

describe("server messages in Chinese", () => {
  it("translates exact messages and templated ones", () => {
    expect(translateServerMessage("zh", "Email or password is wrong.")).toBe("邮箱或密码错误。");
    expect(translateServerMessage("zh", "Group name is required.")).toBe("请填写集团名称。");
    expect(translateServerMessage("zh", "Note must be at most 500 characters.")).toBe("备注最多 500 个字符。");
    expect(
      translateServerMessage("zh", "mobile: Enter an 11-digit mainland China mobile number (e.g. 13812345678)."),
    ).toBe("请输入 11 位中国大陆手机号（如 13812345678）。");
    expect(translateServerMessage("zh", "Too many failed sign-ins for this email. Try again in 15 minute(s).")).toBe(
      "登录失败次数过多，请 15 分钟后再试。",
    );
  });

  it("keeps English as it is and falls back to English for unknown messages", () => {
    expect(translateServerMessage("en", "Email or password is wrong.")).toBe("Email or password is wrong.");
    expect(translateServerMessage("zh", "Something brand new.")).toBe("Something brand new.");
  });
});
