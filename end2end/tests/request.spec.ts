import { test, expect, type Page } from "@playwright/test";
import { hydrated, watchConsole } from "./helpers";
import AxeBuilder from "@axe-core/playwright";

// The applicant's path: form with instant validation by the shared rules, registration,
// coupon and status page — in Kazakh, in Russian, and with JavaScript off.

const IIN = "900101300126"; // valid: born 1990-01-01, male
const BAD_IIN = "900101300127"; // wrong check digit

async function fillValidForm(page: Page, essence: string) {
  await page.locator("#surname").fill("Сәрсенов");
  await page.locator("#name").fill("Ерлан");
  await page.locator("#phone").fill("+7 701 234 56 78");
  await page.locator("#official_id").selectOption({ index: 1 });
  await page.locator("#topic_id").selectOption("apartment_building");
  await page.locator("#essence").fill(essence);
}

for (const lang of ["kk", "ru"] as const) {
  test(`an applicant registers a request in ${lang} and follows it on the status page`, async ({ page }) => {
    const errors = watchConsole(page);
    await page.goto(`/request?lang=${lang}`);
    await hydrated(page);
    const iinError = page.locator("#iin-error");

    // The IIN error appears while typing and names the wrong part; it disappears when fixed.
    await page.locator("#iin").pressSequentially(BAD_IIN);
    await expect(iinError).toContainText(lang === "kk" ? "бақылау" : "контрольн");
    await expect(page.locator("#iin")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#iin")).toHaveAttribute("aria-describedby", /iin-error/);
    await page.locator("#iin").fill("");
    await page.locator("#iin").pressSequentially(IIN);
    await expect(iinError).toBeEmpty();

    // No deadlines until the form is valid; then the computed deadlines appear.
    await expect(page.locator("#deadlines")).toHaveCount(0);
    const essence =
      lang === "kk"
        ? `Көппәтерлі үйіміздің шатырын жөндеуге көмектесуіңізді сұраймын, су подъезге ағып жатыр ${Date.now()}`
        : `Прошу помочь с ремонтом крыши многоквартирного дома, вода течёт в подъезд уже месяц ${Date.now()}`;
    await fillValidForm(page, essence);
    await expect(page.locator("#deadlines [data-deadline=answer]")).toHaveText(/\d{4}/);

    await page.getByRole("button", { name: lang === "kk" ? "Өтінішті жіберу" : "Отправить обращение" }).click();
    await expect(page).toHaveURL(/\/coupon\/KRG-\d{4}-\d{6}\?key=/);
    const number = (await page.locator("#registration-number").textContent())!.trim();
    expect(number).toMatch(/^KRG-\d{4}-\d{6}$/);
    await expect(page.locator("body")).not.toContainText(IIN);

    await page.goto("/status");
    await hydrated(page);
    await page.locator("#number").fill(number);
    await page.locator("#status-iin").fill(IIN);
    await page.getByRole("button", { name: lang === "kk" ? "Көрсету" : "Показать" }).click();
    await expect(page.locator(".current-status")).toHaveText(lang === "kk" ? "Тіркелді" : "Зарегистрировано");
    await expect(page.locator(".timeline li")).toHaveCount(1);

    // Withdrawn in place: the card shows the new status and the timeline grows.
    await page.getByRole("button", { name: lang === "kk" ? "Өтінішті кері қайтарып алу" : "Отозвать обращение" }).click();
    await expect(page.locator(".current-status")).toHaveText(lang === "kk" ? "Өтініш кері қайтарылды" : "Обращение отозвано");
    await expect(page.locator(".timeline li")).toHaveCount(2);
    expect(errors).toEqual([]);
  });
}

test("what was typed survives the language switch and is cleared once registered", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/request?lang=kk");
  await hydrated(page);
  await page.locator("#iin").fill(IIN);
  const essence = `Прошу отремонтировать детскую площадку во дворе нашего дома ${Date.now()}`;
  await fillValidForm(page, essence);
  const official = await page.locator("#official_id").inputValue();
  await page.locator('input[name="lang"][value="ru"]').check();

  // The switch is a link: a page load, in Russian, with everything typed still there.
  await page.getByRole("link", { name: "Русский" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Запись на личный приём");
  await hydrated(page);
  await expect(page.locator("#iin")).toHaveValue(IIN);
  await expect(page.locator("#surname")).toHaveValue("Сәрсенов");
  await expect(page.locator("#essence")).toHaveValue(essence);
  await expect(page.locator("#official_id")).toHaveValue(official);
  await expect(page.locator("#topic_id")).toHaveValue("apartment_building");
  await expect(page.locator('input[name="lang"][value="ru"]')).toBeChecked();
  await expect(page.locator("#deadlines [data-deadline=answer]")).toHaveText(/\d{4}/);

  await page.getByRole("button", { name: "Отправить обращение" }).click();
  await expect(page).toHaveURL(/\/coupon\/KRG-\d{4}-\d{6}\?key=/);
  await hydrated(page);
  await expect(page.getByRole("button", { name: "Распечатать талон" })).toBeVisible();

  // A new form starts empty.
  await page.goto("/request");
  await hydrated(page);
  await expect(page.locator("#surname")).toHaveValue("");
  await expect(page.locator("#essence")).toHaveValue("");
  expect(errors).toEqual([]);
});

test("a foreigner without an IIN registers with a passport number and follows the request by it", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/request?lang=ru");
  await hydrated(page);
  await fillValidForm(page, `Прошу помочь с регистрацией по месту пребывания, отказывают без причины ${Date.now()}`);
  await page.getByLabel("Я иностранец или лицо без гражданства (пункт 11)").check();
  await page.getByRole("button", { name: "Отправить обращение" }).click();
  await expect(page.locator("#id_document-error")).toContainText("пункт 11");
  await page.locator("#id_document").fill("AA 1234567");
  await expect(page.locator("#id_document-error")).toBeEmpty();
  await expect(page.locator("#deadlines [data-deadline=answer]")).toHaveText(/\d{4}/);
  await page.getByRole("button", { name: "Отправить обращение" }).click();
  await expect(page).toHaveURL(/\/coupon\/KRG-\d{4}-\d{6}\?key=/);
  const number = (await page.locator("#registration-number").textContent())!.trim();

  await page.goto("/status");
  await hydrated(page);
  await page.locator("#number").fill(number);
  await page.locator("#status-iin").fill("aa1234567");
  await page.getByRole("button", { name: "Показать" }).click();
  await expect(page.locator(".current-status")).toHaveText("Зарегистрировано");
  expect(errors).toEqual([]);
});

test("an out-of-competence topic cites clause 16 and says where to go", async ({ page }) => {
  await page.goto("/request?lang=ru");
  await hydrated(page);
  const outside = page.locator("#topic_id option", { hasText: "(вне компетенции)" }).first();
  await page.locator("#topic_id").selectOption((await outside.getAttribute("value"))!);
  await expect(page.locator("#topic_id-error")).toContainText("16");
  await expect(page.locator("#topic_id-error")).toContainText("Куда обратиться");
});

test("a submission with mistakes focuses the first wrong field and registers nothing", async ({ page }) => {
  await page.goto("/request?lang=kk");
  await hydrated(page);
  await page.getByRole("button", { name: "Өтінішті жіберу" }).click();
  await expect(page.getByRole("alert")).toContainText("түзетіңіз");
  await expect(page.locator("#essence-error")).toContainText("5-тармақ");
  await expect(page).toHaveURL(/\/request/);
});

test("the request form has no serious accessibility violations", async ({ page }) => {
  await page.goto("/request?lang=kk");
  await hydrated(page);
  await page.locator("#iin").pressSequentially(BAD_IIN);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the form posts, shows the server's errors, and registers once corrected", async ({ page }) => {
    await page.goto("/request?lang=ru");
    await page.locator("#iin").fill(BAD_IIN);
    await fillValidForm(page, `Прошу помочь с освещением двора нашего дома, фонари не горят с осени ${Date.now()}`);
    await page.getByRole("button", { name: "Отправить обращение" }).click();
    await expect(page.locator("#iin-error")).toContainText("контрольн");
    await expect(page.locator("#surname")).toHaveValue("Сәрсенов");
    await page.locator("#iin").fill(IIN);
    await page.getByRole("button", { name: "Отправить обращение" }).click();
    await expect(page).toHaveURL(/\/coupon\/KRG-\d{4}-\d{6}\?key=/);
    await expect(page.locator("#registration-number")).toHaveText(/^KRG-\d{4}-\d{6}$/);
  });

  test("the status page answers and withdraws", async ({ page }) => {
    await page.goto("/request?lang=ru");
    await page.locator("#iin").fill(IIN);
    await fillValidForm(page, `Прошу отремонтировать лифт в нашем подъезде, он стоит с лета ${Date.now()}`);
    await page.getByRole("button", { name: "Отправить обращение" }).click();
    const number = (await page.locator("#registration-number").textContent())!.trim();

    await page.getByRole("link", { name: "Статус обращения" }).first().click();
    await page.locator("#number").fill(number);
    await page.locator("#status-iin").fill(IIN);
    await page.getByRole("button", { name: "Показать" }).click();
    await expect(page.locator(".current-status")).toHaveText("Зарегистрировано");
    await expect(page.locator("#number")).toHaveValue(number);

    await page.getByRole("button", { name: "Отозвать обращение" }).click();
    await expect(page.locator(".current-status")).toHaveText("Обращение отозвано");
    await expect(page.locator(".timeline li")).toHaveCount(2);
  });
});
