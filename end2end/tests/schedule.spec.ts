import { test, expect } from "@playwright/test";
import { hydrated, watchConsole } from "./helpers";

// The public reception schedule (clause 7), served by the built server with demo data.

test("the schedule shows the demo officials with full names, positions and reception days in Kazakh", async ({ page }) => {
  const errors = watchConsole(page);
  const fetched: string[] = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "kk");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Лауазымды адамдардың жеке қабылдау кестесі");
  const akim = page.locator('.official[data-role="akim"]');
  await expect(akim.locator(".official-name")).toHaveText("Сейітқали Ерлан Бауыржанұлы");
  await expect(akim.locator(".position")).toHaveText("Қарағанды облысының әкімі");
  await expect(page.locator('.official[data-role="deputy_akim"]')).toHaveCount(3);
  await expect(page.locator('.official[data-role="chief_of_staff"]')).toHaveCount(1);
  await expect(page.locator('.official[data-role="head_of_department"]')).not.toHaveCount(0);
  // The akim and every deputy receive at least once a month (clause 6).
  for (const card of await page.locator('.official[data-role="akim"], .official[data-role="deputy_akim"]').all()) {
    await expect(card.locator(".day")).not.toHaveCount(0);
  }
  await expect(akim.locator(".day .hours").first()).toHaveText(/^\d\d:\d\d–\d\d:\d\d$/);
  // A page without islands is plain HTML: no script and no wasm bundle to download on a phone.
  await page.waitForLoadState("load");
  expect(fetched.filter((path) => /\.(js|wasm)$/.test(path))).toEqual([]);
  expect(errors).toEqual([]);
});

test("the language switch shows the same month in Russian and the choice is kept", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/");
  await page.locator(".month-nav a.next").click();
  await expect(page).toHaveURL(/\?month=\d{4}-\d{2}$/);
  const month = new URL(page.url()).searchParams.get("month")!;
  await page.getByRole("link", { name: "Русский" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("График личного приёма должностными лицами");
  // The same month, now in Russian.
  expect(new URL(page.url()).searchParams.get("month")).toBe(month);
  await expect(page.locator("#month-heading")).toHaveText(new RegExp(`^[А-Я][а-я]+ ${month.slice(0, 4)}$`));
  await expect(page.locator('.official[data-role="akim"] .official-name')).toHaveText("Сейткали Ерлан Бауржанович");
  await expect(page.locator('.official[data-role="akim"] .position')).toHaveText("Аким Карагандинской области");
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  await expect(page.locator('.lang-switch a[aria-current="true"]')).toHaveText("Русский");

  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("График личного приёма должностными лицами");
  await page.getByRole("link", { name: "Қазақша" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Лауазымды адамдардың жеке қабылдау кестесі");
  expect(errors).toEqual([]);
});

test("the month links move to the next month and back", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/?lang=ru");
  const heading = page.locator("#month-heading");
  const current = (await heading.textContent())!;
  await page.locator(".month-nav a.next").click();
  await expect(heading).not.toHaveText(current);
  await expect(page).toHaveURL(/\?month=\d{4}-\d{2}$/);
  await expect(page.locator('.official[data-role="akim"] .day')).not.toHaveCount(0);
  await page.locator(".month-nav a.prev").click();
  await expect(heading).toHaveText(current);
  expect(errors).toEqual([]);
});

test("the public schedule carries no personal data of applicants", async ({ page }) => {
  await page.goto("/");
  const html = await page.content();
  expect(html).not.toMatch(/\b\d{12}\b/); // no IIN or BIN
  expect(html).not.toMatch(/\+7\s?\(?7\d\d/); // no mobile phone numbers
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the schedule and the language links still work", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator('.official[data-role="akim"] .official-name')).toHaveText("Сейітқали Ерлан Бауыржанұлы");
    await page.getByRole("link", { name: "Русский" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("График личного приёма должностными лицами");
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("График личного приёма должностными лицами");
  });
});

test("every page runs under its Content-Security-Policy with no violation", async ({ page }) => {
  const errors = watchConsole(page);
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (msg.text().includes("Content Security Policy")) violations.push(msg.text());
  });
  for (const path of ["/", "/request", "/status", "/staff/login"]) {
    const res = await page.goto(path);
    const csp = res!.headers()["content-security-policy"] ?? "";
    expect(csp).toContain("'nonce-");
    expect(csp).not.toContain("unsafe-inline");
    expect(res!.headers()["x-content-type-options"]).toBe("nosniff");
    if (path === "/request" || path === "/status") await hydrated(page);
  }
  // The request form works under the policy: the rules run in the browser as the user types.
  await page.goto("/request");
  await hydrated(page);
  await page.locator("#iin").pressSequentially("900101300127");
  await expect(page.locator("#iin")).toHaveAttribute("aria-invalid", "true");
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
});
