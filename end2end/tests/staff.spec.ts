import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { watchConsole } from "./helpers";

// The staff workspace's door, with the demo accounts that demo data brings (README).

test("a clerk signs in (kk), sees the workspace, and signs out; the page then asks to sign in again", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/staff");
  await expect(page).toHaveURL(/\/staff\/login$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Қызметкерлердің кіруі");
  await page.getByLabel("Логин").fill("clerk");
  await page.getByLabel("Құпиясөз").fill("demo-clerk-2026");
  await page.getByRole("button", { name: "Кіру" }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.locator(".signed-in")).toContainText("Бөлім қызметкері");
  await page.getByRole("button", { name: "Шығу" }).click();
  await expect(page).toHaveURL(/\/staff\/login$/);
  await page.goto("/staff");
  await expect(page).toHaveURL(/\/staff\/login$/);
  expect(errors).toEqual([]);
});

test("a wrong password is refused in Russian and the login is kept", async ({ page }) => {
  await page.goto("/staff/login?lang=ru");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Вход для сотрудников");
  await page.getByLabel("Логин").fill("chief");
  await page.getByLabel("Пароль").fill("not-the-password");
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByRole("alert")).toHaveText("Неверный логин или пароль.");
  await expect(page.getByLabel("Логин")).toHaveValue("chief");
});

test("the sign-in page has no serious accessibility violations", async ({ page }) => {
  await page.goto("/staff/login");
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious).toEqual([]);
});

test("the administrator (ru) opens the audit log from the workspace; a clerk may not", async ({ page, browser }) => {
  const errors = watchConsole(page);
  await page.goto("/staff/login?lang=ru");
  await page.getByLabel("Логин").fill("admin");
  await page.getByLabel("Пароль").fill("demo-admin-2026");
  await page.getByRole("button", { name: "Войти" }).click();
  await page.getByRole("link", { name: "Журнал изменений" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Журнал изменений");
  await expect(page.locator("table.audit, .staff-audit .notice")).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  expect(errors).toEqual([]);

  const clerk = await browser.newContext();
  const clerkPage = await clerk.newPage();
  await clerkPage.goto("/staff/login");
  await clerkPage.getByLabel("Логин").fill("clerk");
  await clerkPage.getByLabel("Құпиясөз").fill("demo-clerk-2026");
  await clerkPage.getByRole("button", { name: "Кіру" }).click();
  await expect(clerkPage.getByRole("link", { name: "Өзгерістер журналы" })).toHaveCount(0);
  const refused = await clerkPage.goto("/staff/audit");
  expect(refused?.status()).toBe(403);
  await clerk.close();
});
