import { test, expect } from "@playwright/test";
import { hydrated, watchConsole } from "./helpers";

// The public reception schedule (clause 7), served by the built server with demo data.

test("the schedule shows the demo officials with full names, positions and reception days in Kazakh", async ({ page }) => {
  const errors = watchConsole(page);
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
  await hydrated(page);
  expect(errors).toEqual([]);
});

test("the language switch turns the page into Russian and the choice is kept", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/");
  await hydrated(page);
  await page.evaluate(() => ((window as any).__same_document = true));
  await page.getByRole("link", { name: "Русский" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("График личного приёма должностными лицами");
  await expect(page.locator('.official[data-role="akim"] .official-name')).toHaveText("Сейткали Ерлан Бауржанович");
  await expect(page.locator('.official[data-role="akim"] .position')).toHaveText("Аким Карагандинской области");
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  // Switched in place by the hydrated app, not by a page load.
  expect(await page.evaluate(() => (window as any).__same_document)).toBe(true);

  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("График личного приёма должностными лицами");
  await page.getByRole("link", { name: "Қазақша" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Лауазымды адамдардың жеке қабылдау кестесі");
  expect(errors).toEqual([]);
});

test("the hydrated page moves to the next month without reloading", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/?lang=ru");
  await hydrated(page);
  const heading = page.locator("#month-heading");
  const before = await heading.textContent();
  await page.evaluate(() => ((window as any).__same_document = true));
  await page.locator(".month-nav a.next").click();
  await expect(heading).not.toHaveText(before ?? "");
  await expect(page).toHaveURL(/\?month=\d{4}-\d{2}$/);
  await expect(page.locator('.official[data-role="akim"] .day')).not.toHaveCount(0);
  expect(await page.evaluate(() => (window as any).__same_document)).toBe(true);
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
