// Scenario: drive a Coffer server with the official, unmodified Infisical Node SDK
// (@infisical/sdk 5.x) through its public API only.
//
// Inputs (environment variables):
//   COFFER_URL            base URL of the Coffer server, e.g. http://127.0.0.1:8080
//   COFFER_CLIENT_ID      universal-auth client id of a machine identity
//   COFFER_CLIENT_SECRET  universal-auth client secret of that identity
//   COFFER_PROJECT_ID     id of a project that has a "dev" environment and no
//                         folders/secrets yet (the scenario creates fixed names)
//
// Output: one "step <name>: ok" line per step, then "SCENARIO OK" (exit 0);
// on the first failure "SCENARIO FAILED: <step>: <message>" (exit 1).
// Assertion messages are explicit so that no secret value other than the
// fixed test values below is ever printed.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { InfisicalSDK } from "@infisical/sdk";

const ENV = "dev";

const API_KEY_VALUE = "sk-test-123";
const API_KEY_COMMENT = "primary key";
const API_KEY_NEW_VALUE = "sk-test-456";
const DB_PASSWORD_VALUE = "p@ss/w+rd%";
const URL_LITERAL = "https://${API_KEY}.example";
const URL_EXPANDED = `https://${API_KEY_VALUE}.example`;

let currentStep = "init";

async function step(name, fn) {
  currentStep = name;
  await fn();
  console.log(`step ${name}: ok`);
}

function requireEnv(name) {
  const value = process.env[name];
  if (value === undefined || value.trim() === "") {
    throw new Error(`missing environment variable ${name}`);
  }
  return value.trim();
}

// Runs fn, which must throw; returns the thrown error.
async function expectRejection(fn, what) {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new assert.AssertionError({ message: `${what}: expected an error, but the call succeeded` });
}

function findSecret(secrets, key) {
  assert.ok(Array.isArray(secrets), "response has no 'secrets' array");
  return secrets.find((s) => s && s.secretKey === key);
}

async function main() {
  let baseUrl, clientId, clientSecret, projectId;
  await step("config", async () => {
    baseUrl = requireEnv("COFFER_URL");
    clientId = requireEnv("COFFER_CLIENT_ID");
    clientSecret = requireEnv("COFFER_CLIENT_SECRET");
    projectId = requireEnv("COFFER_PROJECT_ID");
  });

  const client = new InfisicalSDK({ siteUrl: baseUrl });

  await step("login", async () => {
    const returned = await client.auth().universalAuth.login({ clientId, clientSecret });
    assert.ok(returned === client, "universalAuth.login did not return the SDK instance");
    const token = client.auth().getAccessToken();
    assert.ok(typeof token === "string" && token.length > 0, "no access token after login");
  });

  await step("create-folders", async () => {
    const app = await client.folders().create({
      projectId,
      environment: ENV,
      name: "app",
      path: "/",
    });
    assert.ok(app && typeof app === "object", "folders.create(app) returned no 'folder' object");
    assert.equal(app.name, "app", "created folder 'app' has the wrong name");
    assert.ok(typeof app.id === "string" && app.id.length > 0, "created folder 'app' has no id");

    const db = await client.folders().create({
      projectId,
      environment: ENV,
      name: "db",
      path: "/app",
    });
    assert.ok(db && typeof db === "object", "folders.create(db) returned no 'folder' object");
    assert.equal(db.name, "db", "created folder 'db' has the wrong name");
  });

  await step("list-folders", async () => {
    const folders = await client.folders().listFolders({
      projectId,
      environment: ENV,
      path: "/",
    });
    assert.ok(Array.isArray(folders), "listFolders returned no 'folders' array");
    const names = folders.map((f) => f && f.name);
    assert.ok(names.includes("app"), `folder 'app' missing from listing of '/' (got: ${JSON.stringify(names)})`);
    assert.ok(!names.includes("db"), "folder 'db' (a grandchild) listed directly under '/'");
  });

  await step("create-secrets", async () => {
    const r1 = await client.secrets().createSecret("API_KEY", {
      projectId,
      environment: ENV,
      secretPath: "/",
      secretValue: API_KEY_VALUE,
      secretComment: API_KEY_COMMENT,
    });
    assert.ok(r1 && r1.secret && r1.secret.secretKey === "API_KEY", "createSecret(API_KEY) response lacks secret.secretKey=API_KEY");

    const r2 = await client.secrets().createSecret("DB_PASSWORD", {
      projectId,
      environment: ENV,
      secretPath: "/app/db",
      secretValue: DB_PASSWORD_VALUE,
    });
    assert.ok(r2 && r2.secret && r2.secret.secretKey === "DB_PASSWORD", "createSecret(DB_PASSWORD) response lacks secret.secretKey=DB_PASSWORD");

    const r3 = await client.secrets().createSecret("URL", {
      projectId,
      environment: ENV,
      secretPath: "/",
      secretValue: URL_LITERAL,
    });
    assert.ok(r3 && r3.secret && r3.secret.secretKey === "URL", "createSecret(URL) response lacks secret.secretKey=URL");
  });

  await step("list-secrets", async () => {
    // SDK defaults: expandSecretReferences=true, include_imports=false,
    // recursive=false, viewSecretValue=true.
    const res = await client.secrets().listSecrets({
      projectId,
      environment: ENV,
      secretPath: "/",
    });
    assert.ok(res && typeof res === "object", "listSecrets returned no body");
    const apiKey = findSecret(res.secrets, "API_KEY");
    assert.ok(apiKey, "API_KEY missing from listing of '/'");
    assert.equal(apiKey.secretValue, API_KEY_VALUE, "API_KEY has the wrong value in listing of '/'");
    const url = findSecret(res.secrets, "URL");
    assert.ok(url, "URL missing from listing of '/'");
    assert.ok(
      url.secretValue === URL_LITERAL || url.secretValue === URL_EXPANDED,
      "URL has a value that is neither the literal nor the expanded test value in listing of '/'",
    );
    assert.ok(!findSecret(res.secrets, "DB_PASSWORD"), "DB_PASSWORD (in /app/db) listed under '/' without recursive");
  });

  await step("list-secrets-recursive", async () => {
    const res = await client.secrets().listSecrets({
      projectId,
      environment: ENV,
      secretPath: "/",
      recursive: true,
    });
    assert.ok(res && typeof res === "object", "recursive listSecrets returned no body");
    const dbPassword = findSecret(res.secrets, "DB_PASSWORD");
    assert.ok(dbPassword, "DB_PASSWORD missing from recursive listing of '/'");
    assert.equal(dbPassword.secretPath, "/app/db", "DB_PASSWORD has the wrong secretPath in recursive listing");
    assert.equal(dbPassword.secretValue, DB_PASSWORD_VALUE, "DB_PASSWORD has the wrong value in recursive listing");
    assert.ok(findSecret(res.secrets, "API_KEY"), "API_KEY missing from recursive listing of '/'");
  });

  await step("imports", async () => {
    // an import is made over HTTP (the SDK has no call for it); the SDK then reads through it
    await client.secrets().createSecret("SHARED_ONLY", {
      projectId, environment: ENV, secretPath: "/app", secretValue: "from-app",
    });
    await client.secrets().createSecret("API_KEY", {
      projectId, environment: ENV, secretPath: "/app", secretValue: "shadowed",
    });
    const res = await fetch(`${baseUrl}/api/v1/secret-imports`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${client.auth().getAccessToken()}` },
      body: JSON.stringify({ workspaceId: projectId, environment: ENV, path: "/", import: { environment: ENV, path: "/app" } }),
    });
    assert.equal(res.status, 200, `creating a secret import answered ${res.status}`);

    const plain = await client.secrets().listSecrets({ projectId, environment: ENV, secretPath: "/" });
    assert.ok(!plain.imports || plain.imports.length === 0, "imports listed without includeImports");
    const withImports = await client.secrets().listSecrets({
      projectId, environment: ENV, secretPath: "/", includeImports: true,
    });
    assert.equal(withImports.imports.length, 1, "includeImports did not list the one import");
    assert.equal(withImports.imports[0].secretPath, "/app", "the import has the wrong secretPath");
    const merged = await client.secrets().listSecretsWithImports({ projectId, environment: ENV, secretPath: "/" });
    const shared = findSecret(merged, "SHARED_ONLY");
    assert.ok(shared && shared.secretValue === "from-app", "SHARED_ONLY (imported) missing from listSecretsWithImports");
    assert.equal(findSecret(merged, "API_KEY").secretValue, API_KEY_VALUE, "an imported API_KEY beat the local one");
    const one = await client.secrets().getSecret({
      projectId, environment: ENV, secretPath: "/", secretName: "SHARED_ONLY", includeImports: true,
    });
    assert.equal(one.secretValue, "from-app", "getSecret with includeImports did not find the imported secret");
    for (const key of ["SHARED_ONLY", "API_KEY"]) {
      await client.secrets().deleteSecret(key, { projectId, environment: ENV, secretPath: "/app" });
    }
  });

  await step("tags", async () => {
    // a tag is made over HTTP (the SDK has no call for it); the SDK writes tagIds and filters by tagSlugs
    const res = await fetch(`${baseUrl}/api/v1/projects/${projectId}/tags`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${client.auth().getAccessToken()}` },
      body: JSON.stringify({ slug: "team-a", color: "#00f" }),
    });
    assert.equal(res.status, 200, `creating a tag answered ${res.status}`);
    const tagId = (await res.json()).tag.id;
    const created = await client.secrets().createSecret("TAGGED", {
      projectId, environment: ENV, secretPath: "/", secretValue: "tagged-value", tagIds: [tagId],
    });
    assert.ok(created.secret.tags && created.secret.tags[0].slug === "team-a", "createSecret with tagIds shows no tag");
    const filtered = await client.secrets().listSecrets({ projectId, environment: ENV, secretPath: "/", tagSlugs: ["team-a"] });
    const keys = filtered.secrets.map((s) => s && s.secretKey);
    assert.deepEqual(keys, ["TAGGED"], `listSecrets with tagSlugs listed ${JSON.stringify(keys)}`);
    await client.secrets().deleteSecret("TAGGED", { projectId, environment: ENV, secretPath: "/" });
  });

  await step("get-secret", async () => {
    const secret = await client.secrets().getSecret({
      projectId,
      environment: ENV,
      secretPath: "/",
      secretName: "API_KEY",
    });
    assert.ok(secret && typeof secret === "object", "getSecret(API_KEY) returned no 'secret' object");
    assert.equal(secret.secretKey, "API_KEY", "getSecret(API_KEY) returned the wrong secretKey");
    assert.equal(secret.secretValue, API_KEY_VALUE, "getSecret(API_KEY) returned the wrong value");
    assert.equal(secret.secretComment, API_KEY_COMMENT, "getSecret(API_KEY) returned the wrong comment");

    // Extra: nested path in the query string and special characters in the value.
    const nested = await client.secrets().getSecret({
      projectId,
      environment: ENV,
      secretPath: "/app/db",
      secretName: "DB_PASSWORD",
    });
    assert.ok(nested && typeof nested === "object", "getSecret(DB_PASSWORD) returned no 'secret' object");
    assert.equal(nested.secretValue, DB_PASSWORD_VALUE, "getSecret(DB_PASSWORD at /app/db) returned the wrong value");
  });

  await step("expand-references-false", async () => {
    const secret = await client.secrets().getSecret({
      projectId,
      environment: ENV,
      secretPath: "/",
      secretName: "URL",
      expandSecretReferences: false,
    });
    assert.ok(secret && typeof secret === "object", "getSecret(URL) returned no 'secret' object");
    assert.equal(secret.secretValue, URL_LITERAL, "getSecret(URL, expandSecretReferences=false) did not return the literal value");
  });

  await step("expand-references-true", async () => {
    const secret = await client.secrets().getSecret({
      projectId,
      environment: ENV,
      secretPath: "/",
      secretName: "URL",
      expandSecretReferences: true,
    });
    assert.ok(secret && typeof secret === "object", "getSecret(URL) returned no 'secret' object");
    if (secret.secretValue === URL_EXPANDED) {
      console.log(`  references: expanded (URL -> ${URL_EXPANDED})`);
    } else if (secret.secretValue === URL_LITERAL) {
      console.log(`  references: NOT expanded (URL -> ${URL_LITERAL}); reference expansion not implemented yet`);
    } else {
      assert.fail("getSecret(URL, expandSecretReferences=true) returned neither the expanded nor the literal value");
    }
  });

  await step("update-secret", async () => {
    const res = await client.secrets().updateSecret("API_KEY", {
      projectId,
      environment: ENV,
      secretPath: "/",
      secretValue: API_KEY_NEW_VALUE,
    });
    assert.ok(res && res.secret && res.secret.secretKey === "API_KEY", "updateSecret(API_KEY) response lacks secret.secretKey=API_KEY");

    const secret = await client.secrets().getSecret({
      projectId,
      environment: ENV,
      secretPath: "/",
      secretName: "API_KEY",
    });
    assert.ok(secret && typeof secret === "object", "getSecret(API_KEY) returned no 'secret' object");
    assert.equal(secret.secretValue, API_KEY_NEW_VALUE, "getSecret(API_KEY) after update returned the wrong value");
    // The SDK's Secret type declares `version: number` and passes it through.
    assert.equal(secret.version, 2, `getSecret(API_KEY) after one update: expected version 2, got ${JSON.stringify(secret.version)}`);
    assert.equal(secret.secretComment, API_KEY_COMMENT, "updateSecret without secretComment changed the comment");
  });

  await step("delete-secret", async () => {
    const res = await client.secrets().deleteSecret("URL", {
      projectId,
      environment: ENV,
      secretPath: "/",
    });
    assert.ok(res && res.secret && res.secret.secretKey === "URL", "deleteSecret(URL) response lacks secret.secretKey=URL");

    const err = await expectRejection(
      () =>
        client.secrets().getSecret({
          projectId,
          environment: ENV,
          secretPath: "/",
          secretName: "URL",
        }),
      "getSecret(URL) after delete",
    );
    const message = String(err && err.message);
    console.log(`  deleted secret error: ${err && err.name}: ${message}`);
    assert.ok(/not found/i.test(message), "error for deleted secret does not contain 'not found'");
  });

  await step("wrong-project", async () => {
    const err = await expectRejection(
      () =>
        client.secrets().getSecret({
          projectId: randomUUID(),
          environment: ENV,
          secretPath: "/",
          secretName: "API_KEY",
        }),
      "getSecret(API_KEY) with a random projectId",
    );
    assert.ok(err instanceof Error, "wrong-project call threw a non-Error value");
    console.log(`  wrong project error: ${err.name}: ${err.message}`);
  });

  currentStep = "done";
  console.log("SCENARIO OK");
}

try {
  await main();
  process.exit(0);
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  console.log(`SCENARIO FAILED: ${currentStep}: ${String(message).replace(/\s+/g, " ").trim()}`);
  process.exit(1);
}
