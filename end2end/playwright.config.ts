import { defineConfig } from "@playwright/test";
import * as path from "path";

// `make test` picks a free port and a fresh folder for the SQLite file, builds the site
// (release, as `make run` serves it), and Playwright starts the built server against them.
const port = Number(process.env.E2E_PORT ?? 3100);
const profile = process.env.E2E_PROFILE ?? "release";
const dbDir = process.env.E2E_DB_DIR ?? "/tmp";
const root = path.resolve(__dirname, "..");

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `${root}/target/${profile}/qabyldau --config ${root}/Leptos.toml serve --addr 127.0.0.1:${port} --database-url sqlite://${dbDir}/e2e.db`,
    cwd: root,
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});
