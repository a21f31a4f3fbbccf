/** The upload storage: the local folder for real, S3 through the SDK with a mocked client (no S3 here). */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { assertSafeKey, getStorage, LocalStorage, S3Storage } from "./storage.ts";

const dir = mkdtempSync(join(tmpdir(), "dealeros-storage-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("LocalStorage", () => {
  const local = new LocalStorage(dir);

  it("writes under the folder, reads back with the type from the extension, deletes", async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]);
    await local.put("T1/test-drives/D1/licence-A.jpg", bytes, "image/jpeg");
    expect(readFileSync(join(dir, "T1/test-drives/D1/licence-A.jpg"))).toEqual(Buffer.from(bytes));
    expect(await local.get("T1/test-drives/D1/licence-A.jpg")).toEqual({ bytes, contentType: "image/jpeg" });
    await local.delete("T1/test-drives/D1/licence-A.jpg");
    expect(existsSync(join(dir, "T1/test-drives/D1/licence-A.jpg"))).toBe(false);
    expect(await local.get("T1/test-drives/D1/licence-A.jpg")).toBeUndefined();
  });

  it("never overwrites an object and refuses keys that leave the folder", async () => {
    await local.put("T1/x.png", new Uint8Array([1]), "image/png");
    await expect(local.put("T1/x.png", new Uint8Array([2]), "image/png")).rejects.toThrow();
    for (const key of ["../escape.jpg", "T1/../../escape.jpg", "/etc/passwd", "T1//x.png", "T1/x y.png", ""]) {
      expect(() => assertSafeKey(key), key).toThrow(/Unsafe/);
      await expect(local.get(key)).rejects.toThrow(/Unsafe/);
    }
  });
});

describe("S3Storage", () => {
  const s3 = mockClient(S3Client);
  afterEach(() => s3.reset());
  const store = new S3Storage("uploads-bucket", (sdk) => new sdk.S3Client({ region: "ap-east-1" }));

  it("puts with the bucket, key and content type, never overwriting", async () => {
    s3.on(PutObjectCommand).resolves({});
    await store.put("T1/test-drives/D1/licence-A.webp", new Uint8Array([1, 2]), "image/webp");
    const input = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      Bucket: "uploads-bucket",
      Key: "T1/test-drives/D1/licence-A.webp",
      ContentType: "image/webp",
      IfNoneMatch: "*",
    });
  });

  it("reads the bytes back; a missing key is undefined, other errors are thrown", async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    s3.on(GetObjectCommand, { Key: "T1/a.png" }).resolves({
      ContentType: "image/png",
      Body: { transformToByteArray: async () => bytes } as never,
    });
    expect(await store.get("T1/a.png")).toEqual({ bytes, contentType: "image/png" });
    s3.on(GetObjectCommand, { Key: "T1/missing.png" }).rejects(Object.assign(new Error("gone"), { name: "NoSuchKey" }));
    expect(await store.get("T1/missing.png")).toBeUndefined();
    s3.on(GetObjectCommand, { Key: "T1/denied.png" }).rejects(
      Object.assign(new Error("denied"), { name: "AccessDenied" }),
    );
    await expect(store.get("T1/denied.png")).rejects.toThrow("denied");
    s3.on(DeleteObjectCommand).resolves({});
    await store.delete("T1/a.png");
    expect(s3.commandCalls(DeleteObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: "uploads-bucket",
      Key: "T1/a.png",
    });
  });
});

describe("getStorage", () => {
  const saved = { bucket: process.env.UPLOAD_BUCKET, dir: process.env.UPLOAD_DIR };
  afterAll(() => {
    if (saved.bucket === undefined) delete process.env.UPLOAD_BUCKET;
    else process.env.UPLOAD_BUCKET = saved.bucket;
    if (saved.dir === undefined) delete process.env.UPLOAD_DIR;
    else process.env.UPLOAD_DIR = saved.dir;
  });

  it("uses S3 when UPLOAD_BUCKET is set, else the local folder (UPLOAD_DIR or .data/uploads)", () => {
    process.env.UPLOAD_BUCKET = "b1";
    expect(getStorage()).toMatchObject({ kind: "s3", bucket: "b1" });
    delete process.env.UPLOAD_BUCKET;
    process.env.UPLOAD_DIR = dir;
    expect(getStorage()).toMatchObject({ kind: "local", root: dir });
    delete process.env.UPLOAD_DIR;
    expect(getStorage()).toMatchObject({ kind: "local", root: join(process.cwd(), ".data", "uploads") });
  });
});
