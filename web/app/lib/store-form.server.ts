import { str } from "./forms.server";

/** Store form fields → service input (shared by create and edit). */
export function storeInputFromForm(form: FormData) {
  return {
    name: str(form, "name") ?? "",
    city: str(form, "city") ?? "",
    timeZone: str(form, "timeZone") ?? "",
    openingHours: {
      open: str(form, "open") ?? "",
      close: str(form, "close") ?? "",
      closedWeekdays: form.getAll("closedWeekdays").map(Number),
    },
    brands: (str(form, "brands") ?? "")
      .split(/[,，、]/)
      .map((b) => b.trim())
      .filter(Boolean),
  };
}
